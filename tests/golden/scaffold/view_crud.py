from djust import LiveView
from djust.decorators import event_handler


class ProductListView(LiveView):
    """Product list: a djust LiveView (crud)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose

    def mount(self, request, **kwargs):
        self.editing_id = 0
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
        self.items = list(rows)

    @event_handler
    def create_item(self, name: str = "", **kwargs):
        """Add an item (for a model: Item.objects.create(name=name), then reload the rows)."""
        name = name.strip()
        if name:
            next_id = max((row["id"] for row in self._rows), default=0) + 1
            self._rows.append({"id": next_id, "name": name})
        self._refresh()

    @event_handler
    def edit_item(self, item_id: int = 0, **kwargs):
        """Show the edit form of one item."""
        self.editing_id = item_id

    @event_handler
    def update_item(self, item_id: int = 0, name: str = "", **kwargs):
        """Save the edited name of one item."""
        name = name.strip()
        for row in self._rows:
            if row["id"] == item_id and name:
                row["name"] = name
        self.editing_id = 0
        self._refresh()

    @event_handler
    def cancel_edit(self, **kwargs):
        """Close the edit form without saving."""
        self.editing_id = 0

    @event_handler
    def delete_item(self, item_id: int = 0, **kwargs):
        """Remove one item."""
        self._rows = [row for row in self._rows if row["id"] != item_id]
        self._refresh()
