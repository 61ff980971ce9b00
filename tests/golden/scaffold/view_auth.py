from djust import LiveView


class ProductListView(LiveView):
    """Product list: a djust LiveView (auth)."""

    template_name = "shop/product_list.html"
    login_required = True

    def mount(self, request, **kwargs):
        self.title = "Product list"
