"""The shipped djust vocabulary: drift against the installed djust, and its contents.

The drift test is the reason the data can be trusted: it regenerates the JSON
from the installed djust and fails when the shipped copy differs.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from djust_lint.core.vocabulary import Vocabulary, load_vocabulary, load_vocabulary_file
from djust_lint.readers.external import ExternalResolver

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "generate_vocabulary.py"
SHIPPED = REPO / "src" / "djust_lint" / "core" / "data" / "djust_vocabulary.json"


def _generator() -> ModuleType:
    if not SCRIPT.is_file():
        pytest.skip("scripts/generate_vocabulary.py is not part of this distribution")
    spec = importlib.util.spec_from_file_location("generate_vocabulary", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_vocabulary", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _generator()


@pytest.fixture(scope="module")
def djust_dir(generator: ModuleType) -> Path:
    found = generator.find_djust_dir()
    if found is None:
        pytest.skip("djust is not installed (pip install -e '.[test]' installs djust==1.2.6)")
    return found


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


# ---------------------------------------------------------------------------
# Drift
# ---------------------------------------------------------------------------


def test_shipped_vocabulary_matches_installed_djust(generator: ModuleType, djust_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "djust_vocabulary.json"
    assert generator.main(["--output", str(out)]) == 0
    fresh = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    changed = sorted(k for k in fresh.keys() | shipped.keys() if fresh.get(k) != shipped.get(k))
    assert not changed, (
        f"shipped vocabulary drifted from installed djust {fresh.get('djust_version')} in {changed}; "
        "run: python scripts/generate_vocabulary.py"
    )
    assert out.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8"), "formatting differs"


def test_check_mode_detects_a_stale_file(generator: ModuleType, djust_dir: Path, tmp_path: Path) -> None:
    stale = tmp_path / "stale.json"
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["directives"].pop("dj-click")
    stale.write_text(generator.render(data), encoding="utf-8")
    assert generator.main(["--output", str(stale), "--check"]) == 1


def test_missing_js_evidence_fails_generation(generator: ModuleType, djust_dir: Path) -> None:
    tables = generator.schema_tables(djust_dir)
    js = generator.read_client_js(djust_dir).replace("parseEventHandler(rawClickValue)", "parse(rawClickValue)")
    with pytest.raises(generator.VocabularyDriftError, match="dj-click"):
        generator.handler_data(js, tables)


def test_installed_djust_defines_update_model_in_model_binding(djust_dir: Path) -> None:
    source = (djust_dir / "mixins" / "model_binding.py").read_text(encoding="utf-8")
    assert "class ModelBindingMixin" in source
    assert "def update_model(" in source


# ---------------------------------------------------------------------------
# Contents (hold without djust installed)
# ---------------------------------------------------------------------------


def test_directive_counts(vocab: Vocabulary) -> None:
    # djust 1.2.6 schema.py has 68 entries: 65 exact names + 3 "*" families.
    assert len(vocab.directives) + len(vocab.directive_families) == 68
    assert len(vocab.directives) == 65
    assert set(vocab.directive_families) == {"dj-value-", "dj-window-", "dj-document-"}
    assert {"dj-click", "dj-model", "dj-loading.for", "dj-shortcut", "dj-params"} <= vocab.directives


def test_handler_directives(vocab: Vocabulary) -> None:
    expected = {
        "dj-click",
        "dj-submit",
        "dj-change",
        "dj-input",
        "dj-blur",
        "dj-focus",
        "dj-keydown",
        "dj-keyup",
        "dj-mouseenter",
        "dj-mouseleave",
        "dj-paste",
        "dj-poll",
        "dj-mounted",
        "dj-click-away",
        "dj-auto-recover",
        "dj-mutation",
        "dj-viewport-top",
        "dj-viewport-bottom",
        "dj-shortcut",
    }
    assert expected <= vocab.handler_directives
    assert vocab.handler_directives - expected == {"dj-copy-event", "dj-dialog-close-event"}
    assert "dj-model" not in vocab.handler_directives
    assert vocab.handler_families == ("dj-document-", "dj-window-")
    assert vocab.window_document_events == {"keydown", "keyup", "click", "scroll", "resize"}
    assert vocab.scoped_events["dj-document-"] == {"keydown", "keyup", "click"}


def test_handler_value_syntax(vocab: Vocabulary) -> None:
    assert vocab.handler_syntax["dj-click"] == "call"
    assert vocab.handler_syntax["dj-keydown"] == "name"  # sent verbatim in 1.2.x
    assert vocab.handler_syntax["dj-submit"] == "name"
    assert vocab.handler_syntax["dj-shortcut"] == "shortcut"
    assert vocab.handler_syntax["dj-window-"] == "call"


def test_handler_base(vocab: Vocabulary) -> None:
    assert vocab.handler_base("dj-keydown.enter") == "dj-keydown"
    assert vocab.handler_base("DJ-CLICK") == "dj-click"
    assert vocab.handler_base("dj-window-keydown.escape") == "dj-window-"
    assert vocab.handler_base("dj-document-scroll") is None  # parsed but never installed
    assert vocab.handler_base("dj-window-blur") is None
    assert vocab.handler_base("dj-model") is None
    assert vocab.is_handler_directive("dj-poll")


def test_event_reference_and_key_filter(vocab: Vocabulary) -> None:
    assert vocab.event_reference_directives == {"dj-loading", "dj-loading.for"}
    key_filter = vocab.key_filter
    assert key_filter is not None and key_filter.source == "attribute_name"
    assert {"dj-keydown", "dj-keyup", "dj-window-keydown"} <= key_filter.directives
    assert key_filter.key_names["enter"] == "Enter"
    assert key_filter.key_names["escape"] == "Escape"
    assert "1.1" in key_filter.note


def test_is_known_directive(vocab: Vocabulary) -> None:
    for name in (
        "dj-click",
        "dj-keydown.enter",
        "dj-model.lazy",
        "dj-value-item-id",
        "dj-window-resize",
        "dj-view",
        "dj-root",
        "dj-hook-value-code",
        "dj-copy-event",
        "dj-loading.disable",
    ):
        assert vocab.is_known_directive(name), name
    for name in ("dj-clik", "dj-value-", "dj-onclick", "dj-submitt.enter"):
        assert not vocab.is_known_directive(name), name


def test_client_attributes_include_attributes_djust_styles(vocab: Vocabulary) -> None:
    # Styled by the CSS djust_pwa.py emits / sent as stream targets, never read by the JS.
    assert {"dj-offline-show", "dj-offline-hide", "dj-offline-disable", "dj-stream", "dj-audio"} <= (
        vocab.client_attributes
    )
    assert vocab.is_known_directive("dj-offline-show")
    # The client never reads bare ``dj-offline``, but djust's own offline banner keeps it as a
    # styling hook (#3051): a project copying djust's markup is not told it is a typo (issue 11).
    assert "dj-offline" not in vocab.client_attributes
    assert "dj-offline" in vocab.shipped_attributes
    assert vocab.is_known_directive("dj-offline")


def test_shipped_attributes_come_from_templates_not_comments_or_tests(generator: ModuleType, tmp_path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "tests" / "templates").mkdir(parents=True)
    (tmp_path / "templates" / "a.html").write_text(
        '{# <p dj-in-comment> #}{% comment %}<p dj-in-block>{% endcomment %}<!-- <p dj-in-html> -->\n'
        '<div class="x" dj-hook-style="1"\n dj-other>text dj-not-an-attribute</div>\n'
    )
    (tmp_path / "tests" / "templates" / "t.html").write_text("<p dj-from-tests></p>\n")
    assert generator.shipped_template_attributes(tmp_path) == ["dj-hook-style", "dj-other"]


def test_selector_scan_reads_css_and_code_strings_not_docstrings(generator: ModuleType) -> None:
    source = (
        '"""Module docs mention [dj-from-docs]."""\n'
        'CSS = "body.x [dj-from-code] { display: none }"\n'
        "def f():\n"
        '    """[dj-from-func-docs]"""\n'
        "    return f\"[dj-target='{1}']\"\n"
    )
    strings = generator.selector_strings([source, "x = '[dj-broken]' (", "x = 1"])
    css = "audio[dj-audio~='x'], [ dj-spaced ] {}"
    found = generator.client_attributes("el.getAttribute('dj-read'); q('[dj-js]');", [css, *strings])
    assert found == ["dj-audio", "dj-from-code", "dj-js", "dj-read", "dj-spaced", "dj-target"]


def test_lifecycle_and_class_attributes(vocab: Vocabulary) -> None:
    assert {
        "mount",
        "get_context_data",
        "handle_params",
        "handle_tick",
        "handle_info",
        "handle_async_result",
        "dispatch",
        "get",
        "post",
        "setup",
        "as_view",
        "get_queryset",
    } <= vocab.lifecycle_methods
    assert "update_model" not in vocab.lifecycle_methods
    assert {
        "template_name",
        "template",
        "tick_interval",
        "temporary_assigns",
        "use_actors",
        "abstract",
        "on_mount",
        "sticky",
        "login_required",
    } <= vocab.class_attributes


def test_decorators(vocab: Vocabulary) -> None:
    assert vocab.handler_decorators == {
        "djust.decorators.event_handler",
        "djust.decorators.event",
        "djust.decorators.action",
    }
    assert vocab.is_handler_decorator("djust.event_handler")
    assert not vocab.is_handler_decorator("djust.decorators.debounce")
    assert {
        "djust.decorators.debounce",
        "djust.decorators.computed",
        "djust.decorators.server_function",
    } <= vocab.known_decorators


def test_aliases(vocab: Vocabulary) -> None:
    assert vocab.canonical("djust.LiveView") == "djust.live_view.LiveView"
    assert vocab.canonical("djust.LiveComponent") == "djust.components.base.LiveComponent"
    assert vocab.canonical("djust.FormMixin") == "djust.forms.FormMixin"
    assert vocab.canonical("djust.mixins.ModelBindingMixin") == "djust.mixins.model_binding.ModelBindingMixin"
    assert vocab.canonical("djust.event_handler") == "djust.decorators.event_handler"
    assert vocab.canonical("app.views.Home") == "app.views.Home"


def test_update_model_comes_from_liveview_mro(vocab: Vocabulary) -> None:
    binding = vocab.classes["djust.mixins.model_binding.ModelBindingMixin"]
    handler = binding.handlers["update_model"]
    assert [p.name for p in handler.params] == ["field", "value", "kwargs"]
    assert handler.params[-1].kind == "var_keyword"
    mro = ExternalResolver(vocab, use_astroid=False).mro("djust.LiveView")
    assert mro[0].qualname == "djust.live_view.LiveView" and mro[0].kind == "live_view"
    assert binding.qualname in [c.qualname for c in mro]


def test_class_kinds(vocab: Vocabulary) -> None:
    kinds = {q: c.kind for q, c in vocab.classes.items()}
    assert kinds["djust.live_view.LiveView"] == "live_view"
    assert kinds["djust.components.base.LiveComponent"] == "live_component"
    assert kinds["djust.components.base.Component"] == "component"
    assert kinds["djust.forms.FormMixin"] == "mixin"
    assert all(c.source == "vocabulary" for c in vocab.classes.values())


def test_load_is_light(tmp_path: Path) -> None:
    code = (
        "import sys; from djust_lint.core.vocabulary import load_vocabulary; load_vocabulary(); "
        "print(sorted(m for m in ('astroid', 'django', 'djust') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert result.stdout.strip() == "[]"


def test_load_vocabulary_file_round_trips(tmp_path: Path) -> None:
    copy = tmp_path / "v.json"
    copy.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_vocabulary_file(copy) == load_vocabulary()


def test_suppressible_checks_match_installed_djust() -> None:
    """The ids whose djust check reads ``suppress_checks`` (its ``_is_check_suppressed`` helper)."""
    import ast

    import djust

    from djust_lint.core.vocabulary import SUPPRESSIBLE_DJUST_CHECKS

    found: set[str] = set()
    for path in (Path(djust.__file__).parent / "checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "_is_check_suppressed"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value.removeprefix("djust."))
    assert found, "djust no longer has _is_check_suppressed: re-read djust/checks/utils.py"
    assert set(SUPPRESSIBLE_DJUST_CHECKS) == found
