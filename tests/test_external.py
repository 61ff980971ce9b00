"""External bases: astroid over installed source, and the vocabulary fallback.

Third-party packages are written into ``tmp_path`` and put on ``search_path``;
one of their modules raises at import time, proving nothing is imported.
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from djust_lint.core.model import Param
from djust_lint.core.vocabulary import ExternalClass, load_vocabulary
from djust_lint.readers.external import ExternalResolver

astroid = pytest.importorskip("astroid")

DJUST_LOOKUPS = (
    "djust.LiveView",
    "djust.LiveComponent",
    "djust.forms.FormMixin",
    "djust.WizardMixin",
    "djust.components.ModalMixin",
)


def _djust_installed() -> bool:
    return any((Path(p or ".") / "djust" / "live_view.py").is_file() for p in sys.path)


needs_djust = pytest.mark.skipif(not _djust_installed(), reason="djust source not installed")


@pytest.fixture(scope="module")
def resolver() -> ExternalResolver:
    return ExternalResolver(load_vocabulary(), prefer_shipped_djust=False)


@pytest.fixture(scope="module")
def offline() -> ExternalResolver:
    return ExternalResolver(load_vocabulary(), use_astroid=False)


def _handlers(mro: list[ExternalClass]) -> dict[str, tuple[Param, ...]]:
    """Handler name -> params, first definition along the MRO winning (like Python)."""
    found: dict[str, tuple[Param, ...]] = {}
    for cls in mro:
        for name, handler in cls.handlers.items():
            found.setdefault(name, handler.params)
    return found


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


# ---------------------------------------------------------------------------
# djust via astroid
# ---------------------------------------------------------------------------


@needs_djust
def test_liveview_from_astroid(resolver: ExternalResolver) -> None:
    cls = resolver.lookup("djust.LiveView")
    assert cls is not None
    assert (cls.qualname, cls.kind, cls.source) == ("djust.live_view.LiveView", "live_view", "astroid")
    assert "djust.mixins.model_binding.ModelBindingMixin" in cls.bases
    assert {"template_name", "tick_interval"} <= cls.state
    mro = resolver.mro("djust.LiveView")
    assert mro[0] is cls
    update_model = _handlers(mro)["update_model"]
    assert [(p.name, p.kind, p.has_default) for p in update_model] == [
        ("field", "positional_or_keyword", True),
        ("value", "positional_or_keyword", True),
        ("kwargs", "var_keyword", False),
    ]
    assert update_model[0].annotation == "str"


@needs_djust
def test_livecomponent_from_astroid(resolver: ExternalResolver) -> None:
    cls = resolver.lookup("djust.LiveComponent")
    assert cls is not None and cls.kind == "live_component" and cls.source == "astroid"
    assert cls.qualname == "djust.components.base.LiveComponent"


@needs_djust
def test_form_mixin_handlers_from_astroid(resolver: ExternalResolver) -> None:
    cls = resolver.lookup("djust.forms.FormMixin")
    assert cls is not None and cls.kind == "mixin"
    assert {"submit_form", "validate_field", "reset_form"} <= set(cls.handlers)
    assert [p.name for p in cls.handlers["validate_field"].params][-1] == "kwargs"


@needs_djust
def test_aliases_and_cache(resolver: ExternalResolver) -> None:
    first = resolver.lookup("djust.FormMixin")
    assert first is resolver.lookup("djust.forms.FormMixin")
    assert first is resolver.lookup("djust.FormMixin")


@needs_djust
@pytest.mark.parametrize("dotted", DJUST_LOOKUPS)
def test_vocabulary_fallback_matches_astroid(
    resolver: ExternalResolver, offline: ExternalResolver, dotted: str
) -> None:
    live, shipped = resolver.lookup(dotted), offline.lookup(dotted)
    assert live is not None and shipped is not None
    assert shipped.source == "vocabulary" and live.source == "astroid"
    assert (live.qualname, live.kind, live.handlers, live.state) == (
        shipped.qualname,
        shipped.kind,
        shipped.handlers,
        shipped.state,
    )
    assert _handlers(resolver.mro(dotted)) == _handlers(offline.mro(dotted))


def test_offline_lookup_needs_no_source(offline: ExternalResolver) -> None:
    cls = offline.lookup("djust.LiveView")
    assert cls is not None and cls.source == "vocabulary"
    assert "update_model" in _handlers(offline.mro("djust.LiveView"))
    assert offline.lookup("djust.NoSuchThing") is None


# ---------------------------------------------------------------------------
# Third-party packages on search_path
# ---------------------------------------------------------------------------

THIRD_PARTY = {
    "tp_search/__init__.py": "from .mixins import SearchMixin\n",
    "tp_search/mixins.py": """
        from djust import LiveView
        from djust.decorators import event_handler, debounce

        class SearchMixin(LiveView):
            template_name = "tp/search.html"
            page_size = 20

            @event_handler
            @debounce(wait=0.3)
            def search(self, query: str = "", *, page: int = 1, **kwargs):
                self.results = []
                self._cache = None

            def _helper(self):
                pass
    """,
    "tp_search/boom.py": """
        raise RuntimeError("imported!")

        from djust.decorators import event_handler

        class BoomMixin:
            @event_handler()
            def explode(self, **kwargs):
                pass
    """,
    "tp_nodjust/__init__.py": """
        from not_installed_pkg import event_handler, SomeBase

        class Orphan(SomeBase):
            @event_handler
            def ping(self, **kwargs):
                pass
    """,
    "tp_broken/__init__.py": "class Broken(:\n",
}


@pytest.fixture
def third_party(tmp_path: Path) -> ExternalResolver:
    _write(tmp_path, THIRD_PARTY)
    return ExternalResolver(load_vocabulary(), search_path=[str(tmp_path)], prefer_shipped_djust=False)


@needs_djust
def test_third_party_mixin_deriving_from_liveview(third_party: ExternalResolver) -> None:
    cls = third_party.lookup("tp_search.SearchMixin")  # re-exported from tp_search.mixins
    assert cls is not None
    assert cls.qualname == "tp_search.mixins.SearchMixin"
    assert cls.kind == "live_view" and cls.source == "astroid"
    assert cls.bases == ("djust.live_view.LiveView",)
    assert cls.template_name == "tp/search.html"
    assert set(cls.handlers) == {"search"}
    params = cls.handlers["search"].params
    assert [(p.name, p.kind, p.default) for p in params] == [
        ("query", "positional_or_keyword", "''"),
        ("page", "keyword_only", "1"),
        ("kwargs", "var_keyword", None),
    ]
    assert {"results", "page_size", "template_name"} <= cls.state
    assert "_cache" not in cls.state
    mro = [c.qualname for c in third_party.mro("tp_search.SearchMixin")]
    assert mro[:2] == ["tp_search.mixins.SearchMixin", "djust.live_view.LiveView"]
    assert "update_model" in _handlers(third_party.mro("tp_search.SearchMixin"))
    assert "tp_search" not in sys.modules


def test_source_is_read_not_imported(third_party: ExternalResolver) -> None:
    cls = third_party.lookup("tp_search.boom.BoomMixin")
    assert cls is not None and set(cls.handlers) == {"explode"}
    assert "tp_search.boom" not in sys.modules


def test_uninferable_decorator_and_base(third_party: ExternalResolver) -> None:
    cls = third_party.lookup("tp_nodjust.Orphan")
    assert cls is not None and cls.kind == "mixin"
    assert set(cls.handlers) == {"ping"}  # decorator recognised by name
    assert cls.bases == ("not_installed_pkg.SomeBase",)  # named through its import
    assert [c.qualname for c in third_party.mro("tp_nodjust.Orphan")] == ["tp_nodjust.Orphan"]


def test_uninstalled_base_is_recognised_through_vocabulary_aliases(tmp_path: Path) -> None:
    # ``ghost`` is not installed, so astroid cannot reach LiveView; the written import
    # (``ghost.LiveView``) is resolved through the vocabulary's aliases instead.
    _write(
        tmp_path, {"tp_ghost/__init__.py": "from ghost import LiveView as Base\n\nclass GhostMixin(Base):\n    pass\n"}
    )
    vocab = load_vocabulary()
    ghostly = replace(vocab, aliases={**vocab.aliases, "ghost.LiveView": "djust.live_view.LiveView"})
    cls = ExternalResolver(ghostly, search_path=[str(tmp_path)]).lookup("tp_ghost.GhostMixin")
    assert cls is not None
    assert cls.bases == ("ghost.LiveView",)
    assert cls.kind == "live_view"
    plain = ExternalResolver(vocab, search_path=[str(tmp_path)]).lookup("tp_ghost.GhostMixin")
    assert plain is not None and plain.kind == "mixin"


def test_broken_and_missing_sources_never_raise(third_party: ExternalResolver) -> None:
    assert third_party.lookup("tp_broken.Broken") is None
    assert third_party.lookup("tp_search.mixins.Nope") is None
    assert third_party.lookup("no_such_package.Thing") is None
    assert third_party.lookup("") is None
    assert third_party.mro("no_such_package.Thing") == []


def test_third_party_without_astroid_is_unknown(tmp_path: Path) -> None:
    _write(tmp_path, THIRD_PARTY)
    offline = ExternalResolver(load_vocabulary(), use_astroid=False, search_path=[str(tmp_path)])
    assert offline.lookup("tp_search.SearchMixin") is None


def test_search_path_is_restored(tmp_path: Path) -> None:
    _write(tmp_path, THIRD_PARTY)
    before = list(sys.path)
    ExternalResolver(load_vocabulary(), search_path=[str(tmp_path)]).lookup("tp_search.boom.BoomMixin")
    assert sys.path == before
