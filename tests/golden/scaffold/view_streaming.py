import asyncio
from collections.abc import AsyncIterator

from djust import LiveView
from djust.decorators import event_handler


class ProductListView(LiveView):
    """Product list: a djust LiveView (streaming)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose

    def mount(self, request, **kwargs):
        self.messages = []

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
