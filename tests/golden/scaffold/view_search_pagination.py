from djust import LiveView
from djust.decorators import debounce, event_handler


class ProductListView(LiveView):
    """Product list: a djust LiveView (search, pagination)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose
    page_size = 10

    def mount(self, request, **kwargs):
        self.page = 1
        self.page_count = 1
        self.prev_page, self.next_page = 0, 2
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
        self.page_count = max(1, -(-len(rows) // self.page_size))
        self.page = min(max(1, self.page), self.page_count)
        self.prev_page, self.next_page = self.page - 1, self.page + 1
        start = (self.page - 1) * self.page_size
        rows = rows[start : start + self.page_size]
        self.items = list(rows)

    @event_handler
    @debounce(wait=0.3)
    def search_items(self, value: str = "", **kwargs):
        """Filter the items by name as the user types (debounced in the browser)."""
        self.query = value
        self.page = 1
        self._refresh()

    @event_handler
    def show_page(self, page: int = 1, **kwargs):
        """Go to ``page`` (clamped to the pages that exist)."""
        self.page = page
        self._refresh()
