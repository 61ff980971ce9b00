from djust import LiveComponent
from djust.decorators import event_handler


class StarRating(LiveComponent):
    """Star rating: a LiveComponent with its own state and events."""

    template_name = "shop/components/star_rating.html"

    def mount(self, label: str, tags: list, count: int = 0, **kwargs):
        self.label = label
        self.count = count
        self.tags = tags
        self.expanded = False

    @event_handler
    def toggle(self, **kwargs):
        """Show or hide the details."""
        self.expanded = not self.expanded
