"""Rules for djust's system checks, done statically (see docs/rules/djust-parity.md).

``RULES`` lists this package's rule classes; ``RUNTIME_ONLY`` maps each djust check id
of this family that cannot be decided from source to the reason why.
"""

from __future__ import annotations

from ..base import Rule
from .apps import AdminWithoutBruteForceProtection, DaphneAfterStaticfiles, LoginRedirectWithRoles
from .asgi import WebsocketWithoutOriginValidator, WebsocketWithoutSession
from .djust_config import (
    DeadConfigKey,
    TenantStrictModeDisabled,
    TenantsWithoutLimitSetCalls,
    UnknownExtension,
    UnknownPresenceBackend,
)
from .features import InvalidTimeTravelMaxEvents, InvalidVdomCacheConfig, TimeTravelEnabled, VdomCacheDisabled
from .production import AllowedHostsWildcard, DebugWithPublicHosts, ForwardedHostWithWildcard, InsecureSecretKey
from .required import AsgiApplicationMissing, ChannelLayersMissing, DjustNotInstalled
from .snapshot_pii import PiiInStateSnapshot
from .templates_setting import TemplateBackendOrder

RULES: tuple[type[Rule], ...] = (
    AsgiApplicationMissing,
    ChannelLayersMissing,
    DaphneAfterStaticfiles,
    DjustNotInstalled,
    WebsocketWithoutSession,
    WebsocketWithoutOriginValidator,
    AllowedHostsWildcard,
    ForwardedHostWithWildcard,
    InsecureSecretKey,
    LoginRedirectWithRoles,
    AdminWithoutBruteForceProtection,
    DebugWithPublicHosts,
    TenantStrictModeDisabled,
    TenantsWithoutLimitSetCalls,
    UnknownExtension,
    DeadConfigKey,
    UnknownPresenceBackend,
    InvalidVdomCacheConfig,
    VdomCacheDisabled,
    TimeTravelEnabled,
    InvalidTimeTravelMaxEvents,
    TemplateBackendOrder,
    PiiInStateSnapshot,
)

RUNTIME_ONLY: dict[str, str] = {
    "djust.C011": "compares STATICFILES_DIRS with a built output.css, a deploy-time artifact absent from source checkouts",
    "djust.C013": "hashes STATIC_ROOT's collected client.min.js against the installed djust wheel",
    "djust.C401": "asks whether the watchdog package is importable in the running environment",
    "djust.D001": "asks which psycopg/psycopg2 drivers (and versions) are importable in the running environment",
    "djust.U001": "reads djust's cached release/advisory feed for the installed version (network data)",
    "djust.A031": "needs Django's URL resolver (reverse('djust_observability:health')) over the full, imported URLconf",
    "djust.A073": "inspects actions registered on live admin sites for the @admin_action_with_progress marker",
}
