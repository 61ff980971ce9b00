from djust import LiveView


class ProductListView(LiveView):
    """Product list: a djust LiveView (no features)."""

    template_name = "shop/product_list.html"
    login_required = (
        False  # a public page, on purpose (scaffold --features auth to gate it)
    )

    def mount(self, request, **kwargs):
        self.title = "Product list"
