"""DJ3xx: view and component definitions (mount, handler signatures, templates, state).
"""

from __future__ import annotations

from ..base import Rule
from .handler_signature import HandlerLikeNotDecorated, HandlerMissingKwargs
from .mark_safe_interpolation import MarkSafeInterpolation
from .mount_signature import MountMissingKwargs, MountMissingRequest
from .override_drops_handler import OverrideDropsEventHandler
from .queryset_in_state import QuerysetInPublicState
from .service_in_state import ServiceInPublicState
from .view_without_template import ViewWithoutTemplate

RULES: tuple[type[Rule], ...] = (
    MountMissingRequest,
    MountMissingKwargs,
    HandlerLikeNotDecorated,
    HandlerMissingKwargs,
    ViewWithoutTemplate,
    MarkSafeInterpolation,
    ServiceInPublicState,
    OverrideDropsEventHandler,
    QuerysetInPublicState,
)

RUNTIME_ONLY: dict[str, str] = {}
