# -*- coding: latin-1 -*-
from djust import LiveView


class CaféView(LiveView):
    template_name = "café/menu.html"
    greeting = "déjà vu"
