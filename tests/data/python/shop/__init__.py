from .mixins import CartMixin
from . import views
from .. import sibling
