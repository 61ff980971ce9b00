"""djust-lint over the installed djust package itself: no crash, exactly the reviewed findings.

djust is the largest real djust code base at hand (views, components, mixins,
templates with template tags inside start tags, client JS), so linting it
catches crashes on real-world input and makes every new finding visible: a
change in any count below fails the test, and whoever changes the tool must
review the new finding (real -> add it with its reason; false -> fix the rule).

Slow on purpose (~10 s: one astroid run and one plain run over ~650 modules).
"""

from __future__ import annotations

from collections import Counter
from importlib import metadata
from pathlib import Path

import pytest

from djust_lint.engine.api import LintResult, lint_project
from djust_lint.graph.builder import BuildOptions

#: The findings below were reviewed against this release; another one needs a new review.
DJUST_VERSION = "1.2.6"

Key = tuple[str, str, int]  # (code, path relative to the djust package, line)

#: Reviewed findings other than DJ306: (code, path) -> (lines, why each is real or accepted).
REVIEWED: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {
    ("DJ707", "tests/test_sticky_child_persistence_1471.py"): (
        (236,),
        "real: the test embeds an opted-in sticky child under _ParentNoOptIn (djust's V011 case)",
    ),
    ("DJ708", "tests/checkviews_v012.py"): ((33,), "real: V012 fixture, a sticky child template with its own dj-view"),
    ("DJ709", "tests/test_check_ws_parity_2059.py"): ((53,), "real: V013 fixture, a mixin's dispatch() skipped on WS mounts"),
    ("DJ709", "tests/test_live_auth_denials_and_wrappers.py"): ((219,), "real: dispatch() gate that live transports skip"),
    ("DJ709", "tests/test_live_auth_event_holders_and_user_checks.py"): (
        (230, 239, 248),
        "real: dispatch()/get() overrides that WebSocket mounts never run (djust's V013 reports them)",
    ),
    ("DJ709", "tests/test_live_auth_outside_declarations.py"): ((162,), "real: a project AccessMixin's dispatch() (V013)"),
    ("DJ801", "tests/test_dj_view_stamping_2631.py"): (
        (35,),
        "real: dj-view=\"{{ dj_view_id }}\" reads the phantom variable djust never sets (#2631)",
    ),
    ("DJ101", "tests/checkviews_v012.py"): (
        (33, 46, 64, 77),
        "real: test views with inline templates bind 'dismiss'/'go', which they never define",
    ),
    ("DJ110", "templates/djust/pwa/offline_banner.html"): (
        (8,),
        "real: bare dj-offline is not a directive; the template's own comment says the client does not "
        "read it (#3051) and no CSS djust ships selects [dj-offline] (dj-offline-show on the same tag is "
        "accepted through the vocabulary's client_attributes)",
    ),
    ("DJ110", "tests/test_bound_component_render_adr031.py"): ((103,), "real: dj-value without a -name suffix"),
    ("DJ110", "tests/test_component_scoped_render_2917.py"): ((71,), "real: dj-value without a -name suffix"),
    ("DJ203", "tests/test_live_redirect_skip_render_1643.py"): (
        (55, 72),
        "real: dj-view names djust.tests.x.*, a module that does not exist (the test only checks markup)",
    ),
    ("DJ613", "tests/test_dj_view_stamping_2631.py"): (
        (35,),
        "real: the test's template uses dj-view=\"{{ dj_view_id }}\", the phantom variable djust never sets (#2631)",
    ),
    ("DJ613", "tests/test_mount_group_membership.py"): (
        (39, 49, 59, 73),
        "real: dj-view values 'gated'/'open'/'obj'/'plain' are not dotted paths (djust's T013 flags them too)",
    ),
    ("DJ613", "tests/test_server_turn_reauth.py"): ((46,), "real: dj-view 'x' is not a dotted path"),
    ("DJ615", "admin_ext/templates/djust_admin/base.html"): (
        (17,),
        "real: djust's admin still marks its root with the pre-1.0 data-djust-root (djust's T015 flags it too)",
    ),
    ("DJ615", "admin_ext/templates/djust_admin/login.html"): ((17,), "real: pre-1.0 data-djust-root"),
    ("DJ304", "admin_ext/views.py"): (
        (460, 468, 482, 489, 498, 509, 570, 588, 701, 715, 732, 737, 801, 844, 849),
        "real: admin handlers without **kwargs reject any data-* the markup adds (djust's validate_view agrees)",
    ),
    ("DJ304", "auth/admin_views.py"): ((345, 350, 363, 368), "real: handlers without **kwargs"),
    ("DJ304", "components/forms/foreign_key.py"): (
        (152, 158, 176, 448, 485, 491, 499),
        "real: component handlers without **kwargs",
    ),
    ("DJ501", "observability/views.py"): (
        (135, 161, 205, 234, 276, 307, 389, 614,),
        "real: @csrf_exempt endpoints without a stated reason (djust's S002 agrees)",
    ),
    ("DJ503", "__init__.py"): (
        (402, 409,),
        'real (info): print() outside a command-line module',
    ),
    ("DJ503", "scaffolding/generator.py"): (
        (793, 797, 800, 805, 813, 825, 829, 832,),
        'real (info): print() outside a command-line module',
    ),
    ("DJ504", "__init__.py"): (
        (405,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ504", "live_view.py"): (
        (1508,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ504", "mixins/handlers.py"): (
        (48, 57,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ504", "session_utils.py"): (
        (150,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ504", "state_backends/memory.py"): (
        (85,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ504", "state_backends/redis.py"): (
        (107,),
        "real: f-string formatting in logger calls is eager (djust's Q002 agrees)",
    ),
    ("DJ505", "db/decorators.py"): (
        (105,),
        'accepted: interpolated SQL builds identifiers (channel/table names) djust validates first',
    ),
    ("DJ505", "db/notifications.py"): (
        (378,),
        'accepted: interpolated SQL builds identifiers (channel/table names) djust validates first',
    ),
    ("DJ511", "admin_ext/progress.py"): (
        (257,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "admin_ext/views.py"): (
        (460, 468, 482, 489, 498, 509, 570, 588, 701, 715, 732, 737, 801,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "auth/admin_views.py"): (
        (345, 350, 368,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "forms.py"): (
        (282, 381, 466,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "tests/test_event_reauth_1777.py"): (
        (41,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "tests/test_live_auth_outside_declarations.py"): (
        (175,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "tests/test_login_required_middleware_live.py"): (
        (117,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "tests/test_runtime_reauth_async_1905.py"): (
        (75, 81,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "tests/test_ws_auth_close_socket.py"): (
        (68,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ511", "theming/gallery/live_views.py"): (
        (824, 831, 1355,),
        "real (advice): mount is gated but mutating handlers carry no per-handler permission (djust's S009 agrees)",
    ),
    ("DJ512", "tests/test_live_auth_denials_and_wrappers.py"): (
        (219,),
        'real: test views whose auth lives only in dispatch(), which WebSocket events bypass',
    ),
    ("DJ512", "tests/test_live_auth_outside_declarations.py"): (
        (162,),
        'real: test views whose auth lives only in dispatch(), which WebSocket events bypass',
    ),
    ("DJ513", "admin_ext/views.py"): (
        (854,),
        "accepted: LoginView is public by design; do_login's write is the login itself",
    ),
    ("DJ521", "admin_ext/templates/djust_admin/base.html"): (
        (63,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "admin_ext/templates/djust_admin/index.html"): (
        (21,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "admin_ext/templates/djust_admin/model_detail.html"): (
        (57,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "components/templates/djust_components/gallery/_base.html"): (
        (174,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "components/templates/djust_components/gallery/category.html"): (
        (13,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "theming/templates/djust_theming/form_templates/django/forms/field.html"): (
        (7,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "theming/templates/djust_theming/gallery/editor.html"): (
        (843, 844,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ521", "theming/templates/djust_theming/gallery/gallery.html"): (
        (22,),
        'accepted: |safe on HTML djust renders and escapes itself (widgets, theme CSS, JSON data)',
    ),
    ("DJ522", "theming/templates/djust_theming/theme_head.html"): (
        (6,),
        'accepted: {% autoescape off %} around generated theme CSS',
    ),
    ("DJ532", "static/djust/client-dev.js"): (
        (107, 127, 128, 147, 155, 156, 176, 192, 416, 426, 427,),
        'real: the unminified dev client logs without a djustDebug guard',
    ),
    ("DJ620", "admin_ext/templates/djust_admin/base.html"): (
        (9,),
        "real: djust's admin loads the Tailwind Play CDN (djust's own C010 flags this base.html too)",
    ),
    ("DJ620", "admin_ext/templates/djust_admin/login.html"): ((7,), "real: same CDN script, in a page djust's C010 skips"),
    ("DJ620", "admin_ext/templates/djust_admin/logout.html"): ((7,), "real: same CDN script, in a page djust's C010 skips"),
}

#: DJ306 mark_safe() on an interpolated string, as exact lines per file.  The rule tracks
#: escaped locals (``e = conditional_escape(x)``) but not lists joined into strings
#: (``" ".join(classes)``), so djust's careful tag renderers remain.  Why each file is accepted:
DJ306_REASONS: dict[str, str] = {
    "components/icons.py": 'accepted: class and attribute values go through html.escape, size through int()',
    "components/templatetags/_advanced.py": 'accepted: tag renderers conditional_escape() every value first',
    "components/templatetags/_charts.py": 'accepted: escaped labels/colours and numbers only',
    "components/templatetags/_forms.py": 'accepted: tag renderers conditional_escape() every value first',
    "components/templatetags/djust_components.py": 'accepted: values escaped into e_* names, nodelist.render() output, numbers (10 sampled: all escaped)',
    "templatetags/djust_pwa.py": "accepted: concatenation of djust's own constant HTML and CSS",
    "templatetags/live_tags.py": 'accepted: escape()d ids, a validated trigger, author-supplied placeholder',
    "theming/gallery/context.py": 'accepted: the interpolated value loops over literal position names',
}
DJ306_LINES: dict[str, tuple[int, ...]] = {
    "components/icons.py": (223,),
    "components/templatetags/_advanced.py": (
        100, 245, 306, 329, 410, 641, 711, 816, 821, 869, 919, 966, 994, 1087, 1157, 1250, 1349, 1421, 1472,
        1560, 1685, 1743, 1818, 1897, 1957, 2055, 2154, 2217, 2332,
    ),
    "components/templatetags/_charts.py": (65, 134, 188, 299, 364, 384, 470, 522, 591, 643, 649, 732, 817, 871, 1046,),
    "components/templatetags/_forms.py": (134, 316, 438, 499, 586, 705, 852, 888, 1263, 1661,),
    "components/templatetags/djust_components.py": (
        142, 248, 338, 397, 467, 572, 1031, 1169, 1302, 1439, 1488, 1541, 1550, 1559, 1598, 1728, 1778,
        1810, 1876, 2175, 2231, 2280, 2323, 2385, 2455, 2514, 2593, 2675, 2764, 2832, 2993, 3126, 3176,
        3244, 3431, 3536, 3593, 3652, 3730, 3765, 3781, 3829, 3870, 3960, 4036, 4132, 4173, 4237, 4281,
        4329, 4365, 4421, 4493, 4552, 4617, 4664, 4710, 4868, 5088, 5140, 5277, 5435, 5602, 5700, 5856,
        6007, 6100, 6191, 6399, 6496, 6533, 6640, 6733, 6793, 6925, 7042, 7116, 7204, 7307, 7407, 7496,
        7574, 7635, 7707, 7946, 7952, 8070, 8153, 8202, 8266, 8353, 8421, 8549, 8613, 8671, 8725, 8774,
        8920, 9004, 9108, 9189, 9237, 9244, 9307, 9382, 9440, 9512, 9582, 9686, 9795,
    ),
    "templatetags/djust_pwa.py": (340,),
    "templatetags/live_tags.py": (1168, 1619, 2177, 2435,),
    "theming/gallery/context.py": (337,),
}  # fmt: skip


def _djust_root() -> Path:
    try:
        dist = metadata.distribution("djust")
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed (it is a test dependency)")
    if dist.version != DJUST_VERSION:
        pytest.fail(f"djust {dist.version} installed; findings were reviewed for {DJUST_VERSION}: review again")
    return Path(str(dist.locate_file("djust"))).resolve()


@pytest.fixture(scope="module")
def runs() -> dict[bool, LintResult]:
    """Both runs (with astroid, plain), each done once for the whole module."""
    root = _djust_root()
    return {flag: lint_project(root, options=BuildOptions(use_astroid=flag)) for flag in (True, False)}


@pytest.fixture(params=[True, False], ids=["astroid", "plain"])
def corpus(request: pytest.FixtureRequest, runs: dict[bool, LintResult]) -> tuple[bool, LintResult]:
    return request.param, runs[request.param]


def _keys(result: LintResult) -> Counter[Key]:
    return Counter((f.code, f.path, f.line) for f in result.findings)


def _expected() -> Counter[Key]:
    expected: Counter[Key] = Counter()
    for (code, path), (lines, _reason) in REVIEWED.items():
        expected.update((code, path, line) for line in lines)
    expected.update(("DJ306", path, line) for path, lines in DJ306_LINES.items() for line in lines)
    return expected


def test_no_crash_and_no_internal_error(corpus: tuple[bool, LintResult]) -> None:
    _, result = corpus
    assert result.internal_errors == []
    assert not [f for f in result.findings if f.code in ("DJ999", "DJ900", "DJ901")]
    assert len(result.graph.templates) > 50  # the run really read djust's templates


def test_findings_are_exactly_the_reviewed_list(corpus: tuple[bool, LintResult]) -> None:
    _, result = corpus
    found, expected = _keys(result), _expected()
    assert {"new (review them)": sorted(found - expected), "gone": sorted(expected - found)} == {
        "new (review them)": [],
        "gone": [],
    }


def test_every_dj306_file_has_a_reason() -> None:
    assert DJ306_REASONS.keys() == DJ306_LINES.keys()
    assert sum(len(lines) for lines in DJ306_LINES.values()) == 171


def test_astroid_and_plain_runs_agree(runs: dict[bool, LintResult]) -> None:
    assert _keys(runs[True]) == _keys(runs[False])


def test_djust_itself_is_read_as_a_djust_project(runs: dict[bool, LintResult]) -> None:
    """djust's own LiveView is a project class here, and still the root of every view."""
    graph = runs[False].graph
    assert graph.views["djust.admin_ext.views.ModelListView"].kind == "live_view"
    assert len([v for v in graph.views.values() if v.kind == "live_view"]) > 20
