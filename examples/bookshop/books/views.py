from djust import LiveView
from djust.decorators import event_handler

from .mixins import BasketMixin


class BookListView(BasketMixin, LiveView):
    template_name = "books/list.html"

    def mount(self, request, **kwargs):
        self.query = ""
        self.books = []
        self.basket = []

    @event_handler
    def search(self, value: str = "", **kwargs):
        self.query = value

    @event_handler
    def sort(self, column: str):
        self.sort_column = column


class BookDetailView(BasketMixin, LiveView):
    template = """<article>
  <h1>{{ book.title }}</h1>
  <button dj-click="add_to_basket({{ book.id }})">Add to basket</button>
  <button dj-click="add_review">Review</button>
</article>"""

    def mount(self, request, pk=None, **kwargs):
        self.book = {"id": pk, "title": "Dune"}
