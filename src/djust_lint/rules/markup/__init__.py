"""Rules for djust's template and accessibility checks, done statically (see docs/rules/djust-parity.md).

``RULES`` lists this package's rule classes; ``RUNTIME_ONLY`` maps each djust check id
of this family that cannot be decided from source to the reason why.
"""

from __future__ import annotations

from ..base import Rule
from .accessibility import IconOnlyControl, ImageWithoutAlt, PositiveTabindex, UnlabelledFormControl
from .document_listener import DjustEventOnDocument
from .legacy_markup import DeprecatedAtEventSyntax, DeprecatedDataDjId, LegacyRootAttribute
from .navigation import ClickForNavigation, NavigateWithoutLiveRoutes
from .root_markers import InvalidDjView, RootOnTableSection, RootWithoutDjRoot, ViewRootSplit
from .script_tags import ManualClientScript, TailwindCdnScript
from .template_tags import ActivityWithoutName, DuplicateActivityName, LiveRenderStickyLazy, MarkdownRendererNotice
from .unconnected_template import EventsWithoutRoot
from .wrapper_include import WrapperIncludesLiveview

RULES: tuple[type[Rule], ...] = (
    TailwindCdnScript,
    ManualClientScript,
    DeprecatedAtEventSyntax,
    RootWithoutDjRoot,
    WrapperIncludesLiveview,
    DjustEventOnDocument,
    ViewRootSplit,
    ClickForNavigation,
    EventsWithoutRoot,
    InvalidDjView,
    DeprecatedDataDjId,
    LegacyRootAttribute,
    NavigateWithoutLiveRoutes,
    RootOnTableSection,
    IconOnlyControl,
    ImageWithoutAlt,
    UnlabelledFormControl,
    PositiveTabindex,
    ActivityWithoutName,
    DuplicateActivityName,
    LiveRenderStickyLazy,
    MarkdownRendererNotice,
)

RUNTIME_ONLY: dict[str, str] = {
    "djust.T011": (
        "nothing to check: djust 1.2.6's set of Django tags its renderer does not support is empty "
        "(every tag is supported since {% ifchanged %} landed), so the check never fires"
    ),
}
