from djust import LiveView
from djust.presence import PresenceMixin


class ProductListView(PresenceMixin, LiveView):
    """Product list: a djust LiveView (presence)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose
    presence_key = "shop.product_list"

    def mount(self, request, **kwargs):
        self.online_count = 0
        self.track_presence()  # counts this visitor once the WebSocket connects
