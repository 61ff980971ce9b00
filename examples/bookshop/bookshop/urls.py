from django.urls import path
from djust.routing import live_session

from books.views import BookDetailView, BookListView

urlpatterns = [
    *live_session(
        "/books",
        [
            path("", BookListView.as_view(), name="book-list"),
            path("<int:pk>/", BookDetailView.as_view(), name="book-detail"),
        ],
    ),
]
