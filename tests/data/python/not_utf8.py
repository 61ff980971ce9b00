from djust import LiveView

NAME = "café"
