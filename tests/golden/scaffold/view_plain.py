from djust import LiveView


class ProductListView(LiveView):
    """Product list: a djust LiveView (no features)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose

    def mount(self, request, **kwargs):
        self.title = "Product list"
