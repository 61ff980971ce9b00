"""Rules for djust's own system checks, done statically (see docs/rules/djust-parity.md).

``RULES`` lists this package's rule classes; ``RUNTIME_ONLY`` maps each djust check id
of this family that cannot be decided from source to the reason why.

This package holds the view/component checks (``djust.V0xx``, DJ7xx).
"""

from __future__ import annotations

from ..base import Rule
from .admin_widgets import AdminWidgetNotLiveView
from .allowed_modules import DjustViewNotAllowlisted, ViewNotAllowlisted
from .http_only_override import HttpOnlyOverride
from .non_primitive_state import NonPrimitiveState
from .on_mount_hooks import OnMountNotCallable
from .sticky_children import StickyChildOwnDjView, StickyChildParentNoSnapshot
from .time_travel_pii import TimeTravelPiiField
from .tutorial_mixin_order import TutorialMixinAfterView
from .view_without_mount import ViewWithoutMount

RULES: tuple[type[Rule], ...] = (
    AdminWidgetNotLiveView,
    ViewWithoutMount,
    ViewNotAllowlisted,
    DjustViewNotAllowlisted,
    NonPrimitiveState,
    OnMountNotCallable,
    TutorialMixinAfterView,
    StickyChildParentNoSnapshot,
    StickyChildOwnDjView,
    HttpOnlyOverride,
    TimeTravelPiiField,
)

RUNTIME_ONLY: dict[str, str] = {}
