from django import forms
from djust import LiveView
from djust.forms import FormMixin


class ProductListForm(forms.Form):
    """The fields of ProductListView's form, validated live by FormMixin."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField()


class ProductListView(FormMixin, LiveView):
    """Product list: a djust LiveView (form)."""

    template_name = "shop/product_list.html"
    login_required = False  # public on purpose
    form_class = ProductListForm

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)  # FormMixin sets up form_data and field_errors

    def form_valid(self, form):
        """Called by FormMixin.submit_form when every field is valid: save or send the data here."""
        self.success_message = "Thanks, " + form.cleaned_data["name"] + "!"
