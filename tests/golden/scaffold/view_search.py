from djust import LiveView
from djust.decorators import debounce, event_handler


class ProductListView(LiveView):
    """Product list: a djust LiveView (search)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose

    def mount(self, request, **kwargs):
        self.query = ""
        self._rows = self._load_rows()
        self.items = []
        self._refresh()

    def _load_rows(self) -> list[dict]:
        """The rows to show, as plain dicts. For a model, return e.g.
        list(Item.objects.values("id", "name")): keep querysets out of public state."""
        return [{"id": 1, "name": "First item"}, {"id": 2, "name": "Second item"}]

    def _refresh(self) -> None:
        """Recompute the visible items from the rows."""
        rows = self._rows
        query = self.query.strip().lower()
        if query:
            rows = [row for row in rows if query in row["name"].lower()]
        self.items = list(rows)

    @event_handler
    @debounce(wait=0.3)
    def search_items(self, value: str = "", **kwargs):
        """Filter the items by name as the user types (debounced in the browser)."""
        self.query = value
        self._refresh()
