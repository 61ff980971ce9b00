import asyncio
from collections.abc import AsyncIterator

from django import forms
from djust import LiveView
from djust.decorators import event_handler
from djust.forms import FormMixin
from djust.presence import PresenceMixin


class ProductListForm(forms.Form):
    """The fields of ProductListView's form, validated live by FormMixin."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField()


class ProductListView(PresenceMixin, FormMixin, LiveView):
    """Product list: a djust LiveView (form, presence, streaming)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose
    form_class = ProductListForm
    presence_key = "shop.product_list"

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)  # FormMixin sets up form_data and field_errors
        self.online_count = 0
        self.track_presence()  # counts this visitor once the WebSocket connects
        self.messages = []

    def form_valid(self, form):
        """Called by FormMixin.submit_form when every field is valid: save or send the data here."""
        self.success_message = "Thanks, " + form.cleaned_data["name"] + "!"

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
