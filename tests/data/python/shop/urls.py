from django.urls import include, path, re_path
from djust.routing import live_session

from . import views
from .views import ProductList, home

app_routes = [path("about/", views.About.as_view(), name="about")]

urlpatterns = [
    path("", home, name="home"),
    path("products/", ProductList.as_view(), name="products"),
    re_path(r"^legacy/(?P<pk>\d+)/$", views.Legacy.as_view()),
    path("blog/", include("blog.urls")),
    *live_session("/app", [
        path("", views.Dashboard.as_view(), name="dashboard"),
        path("settings/", views.Settings.as_view(), name="settings"),
    ], session_name="main"),
]
urlpatterns += app_routes
