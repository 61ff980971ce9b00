from djust.decorators import event_handler


class BasketMixin:
    """Basket handlers shared by every page that lists books."""

    @event_handler
    def add_to_basket(self, book_id: int, **kwargs):
        self.basket = [*getattr(self, "basket", []), book_id]

    @event_handler
    def clear_basket(self, **kwargs):
        self.basket = []
