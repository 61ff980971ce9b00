import asyncio
from collections.abc import AsyncIterator

from django import forms
from djust import LiveView
from djust.decorators import debounce, event_handler, permission_required
from djust.forms import FormMixin
from djust.presence import PresenceMixin


class ProductListForm(forms.Form):
    """The fields of ProductListView's form, validated live by FormMixin."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField()


class ProductListView(PresenceMixin, FormMixin, LiveView):
    """Product list: a djust LiveView (search, crud, pagination, form, presence, streaming, auth)."""

    template_name = "shop/product_list.html"
    login_required = True
    page_size = 10
    form_class = ProductListForm
    presence_key = "shop.product_list"

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)  # FormMixin sets up form_data and field_errors
        self.page = 1
        self.page_count = 1
        self.prev_page, self.next_page = 0, 2
        self.editing_id = 0
        self.query = ""
        self._rows = self._load_rows()
        self.items = []
        self.online_count = 0
        self.track_presence()  # counts this visitor once the WebSocket connects
        self.messages = []
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

    @permission_required("shop.change_productlist")
    @event_handler
    def create_item(self, name: str = "", **kwargs):
        """Add an item (for a model: Item.objects.create(name=name), then reload the rows)."""
        name = name.strip()
        if name:
            next_id = max((row["id"] for row in self._rows), default=0) + 1
            self._rows.append({"id": next_id, "name": name})
        self._refresh()

    @permission_required("shop.change_productlist")
    @event_handler
    def edit_item(self, item_id: int = 0, **kwargs):
        """Show the edit form of one item."""
        self.editing_id = item_id

    @permission_required("shop.change_productlist")
    @event_handler
    def update_item(self, item_id: int = 0, name: str = "", **kwargs):
        """Save the edited name of one item."""
        name = name.strip()
        for row in self._rows:
            if row["id"] == item_id and name:
                row["name"] = name
        self.editing_id = 0
        self._refresh()

    @permission_required("shop.change_productlist")
    @event_handler
    def cancel_edit(self, **kwargs):
        """Close the edit form without saving."""
        self.editing_id = 0

    @permission_required("shop.change_productlist")
    @event_handler
    def delete_item(self, item_id: int = 0, **kwargs):
        """Remove one item."""
        self._rows = [row for row in self._rows if row["id"] != item_id]
        self._refresh()

    @event_handler
    def show_page(self, page: int = 1, **kwargs):
        """Go to ``page`` (clamped to the pages that exist)."""
        self.page = page
        self._refresh()

    def form_valid(self, form):
        """Called by FormMixin.submit_form when every field is valid: save or send the data here."""
        self.success_message = "Thanks, " + form.cleaned_data["name"] + "!"

    @permission_required("shop.change_productlist")
    @event_handler
    async def send_message(self, content: str = "", **kwargs):
        """Add the message, then stream the reply into the page as it is produced."""
        content = content.strip()
        if not content:
            return
        self.messages.append({"role": "user", "content": content})
        self.messages.append({"role": "assistant", "content": ""})
        async for token in self._reply_tokens(content):
            self.messages[-1]["content"] += token
            await self.stream_to("messages", target="#product-list-messages")

    async def _reply_tokens(self, content: str) -> AsyncIterator[str]:
        """The reply, piece by piece. Replace with your LLM or service client's streaming call."""
        for word in ("You said:", content):
            await asyncio.sleep(0)  # your model or API client streams here
            yield word + " "
