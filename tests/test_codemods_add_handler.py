"""add-handler: the method lands in the right class, formatted, with imports once, and nothing else moves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from codemod_helpers import assert_only_inserted, changed_lines

from djust_lint.codemods import PlanError, plan_add_handler
from djust_lint.engine.api import lint_project

TEMPLATE = '<button dj-click="save">Save</button>\n'

MULTI = '''from djust import LiveView
from djust.decorators import event_handler


class Other(LiveView):
    template_name = "app/other.html"

    @event_handler
    def save(self, **kwargs):
        pass


class Cart(LiveView):
    # The shopping cart — «ünïcode» stays.
    template_name = 'app/cart.html'

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler
    def save(self, **kwargs):
        pass  # keep this comment

    def _helper(self):
        return 1
'''


def _files(views: str | bytes) -> dict[str, str | bytes]:
    return {
        "app/views.py": views,
        "app/templates/app/cart.html": TEMPLATE,
        "app/templates/app/other.html": TEMPLATE,
    }


def test_multi_class_module_inserts_after_last_handler_with_import_once(project) -> None:
    root = project(_files(MULTI))
    path = root / "app/views.py"
    before = path.read_bytes()
    plan = plan_add_handler(root, "Cart", "search", 'query:str="",page:int=1', "debounce(300)")
    plan.apply()
    after = path.read_bytes()
    text = after.decode()
    # the existing import is extended in place (its names keep their order), never rewritten
    assert "from djust.decorators import event_handler, debounce\n" in text
    assert text.count("import event_handler, debounce") == 1
    expected = (
        "        pass  # keep this comment\n\n"
        "    @event_handler\n    @debounce(300)\n"
        '    def search(self, query: str = "", page: int = 1, **kwargs):\n'
        '        """Handle the ``search`` event."""\n\n'
        "    def _helper(self):\n"
    )
    assert expected in text
    # Only the import line was rewritten; everything else is untouched bytes.
    removed, _added = changed_lines(before, after)
    assert removed == [b"from djust.decorators import event_handler\n"]
    compile(text, "views.py", "exec")
    # The other class is untouched and the second run is a no-op.
    assert text.count("def search") == 1
    again = plan_add_handler(root, "Cart", "search", 'query:str=""')
    assert not again.changed and "already defines" in again.messages[0]
    codes = {f.code for f in lint_project(root).findings}
    assert not codes & {"DJ102", "DJ303", "DJ304", "DJ901"}, codes


def test_crlf_tabs_and_non_ascii_survive_byte_for_byte(project) -> None:
    source = (
        "from djust import LiveView\r\n"
        "from djust.decorators import event_handler\r\n\r\n\r\n"
        "class Cart(LiveView):\r\n"
        "\t# café ☕ — comment\r\n"
        "\ttemplate_name = \"app/cart.html\"\r\n\r\n"
        "\t@event_handler\r\n"
        "\tdef save(self, **kwargs):\r\n"
        "\t\tname = 'Zoë'  # quotes kept\r\n"
    ).encode()
    root = project(_files(source))
    plan_add_handler(root, "app.views.Cart", "clear").apply()
    after = (root / "app/views.py").read_bytes()
    added = assert_only_inserted(source, after)
    assert added == [b"\r\n", b"\t@event_handler\r\n", b"\tdef clear(self, **kwargs):\r\n", b'\t\t"""Handle the ``clear`` event."""\r\n']
    assert not plan_add_handler(root, "Cart", "clear").changed


def test_import_added_when_missing_and_body_placeholder_replaced(project) -> None:
    root = project(_files('from djust import LiveView\n\n\nclass Cart(LiveView):\n    template_name = "app/cart.html"\n\n\nclass Empty(LiveView):\n    pass\n'))
    plan_add_handler(root, "Empty", "go").apply()
    plan_add_handler(root, "Cart", "save").apply()
    text = (root / "app/views.py").read_text()
    assert text.count("from djust.decorators import event_handler") == 1
    assert "class Empty(LiveView):\n    @event_handler\n    def go(self, **kwargs):" in text
    assert "    pass\n" not in text
    compile(text, "views.py", "exec")


def test_project_black_config_is_respected(project) -> None:
    root = project({**_files(MULTI), "pyproject.toml": "[tool.black]\nline-length = 40\n"})
    plan_add_handler(root, "Cart", "filter_items", "category:str,min_price:int=0").apply()
    text = (root / "app/views.py").read_text()
    assert "    def filter_items(\n        self,\n        category: str,\n        min_price: int = 0,\n        **kwargs\n    ):\n" in text


@pytest.mark.parametrize(
    ("view", "handler", "params", "decorators", "message"),
    [
        ("Nope", "go", "", "", "no view or class named"),
        ("Cart", "Go", "", "", "not a valid djust event name"),
        ("Cart", "go", "a:int,a:str", "", "duplicate parameter"),
        ("Cart", "go", "class:int", "", "cannot be a handler parameter"),
        ("Cart", "go", "when:Decimal", "", "Decimal"),
        ("Cart", "go", "", "login_required", "only djust.s decorators"),
        ("Cart", "go", "a:int=", "", "empty default"),
    ],
)
def test_refusals(project, view: str, handler: str, params: str, decorators: str, message: str) -> None:
    root = project(_files(MULTI))
    before = (root / "app/views.py").read_bytes()
    with pytest.raises(PlanError, match=message):
        plan_add_handler(root, view, handler, params, decorators)
    assert (root / "app/views.py").read_bytes() == before


def test_inherited_handler_is_refused(project) -> None:
    root = project(_files(MULTI + '\n\nclass Child(Cart):\n    template_name = "app/cart.html"\n'))
    with pytest.raises(PlanError, match="inherited from app.views.Cart"):
        plan_add_handler(root, "Child", "save")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "djust_lint", *args], capture_output=True, text=True, check=False)


def test_cli_diff_writes_nothing_then_apply_writes(project) -> None:
    root = project(_files(MULTI))
    path: Path = root / "app/views.py"
    before = path.read_bytes()
    shown = _cli("add-handler", "Cart", "clear", "--params", "force:bool=False", "--root", str(root), "--diff")
    assert shown.returncode == 0, shown.stderr
    assert "+    def clear(self, force: bool = False, **kwargs):" in shown.stdout
    assert path.read_bytes() == before
    done = _cli("add-handler", "Cart", "clear", "--params", "force:bool=False", "--root", str(root))
    assert done.returncode == 0, done.stderr
    assert "def clear(self, force: bool = False, **kwargs):" in path.read_text()
    refused = _cli("add-handler", "Cart", "Bad-Name", "--root", str(root))
    assert refused.returncode == 2 and "not a valid djust event name" in refused.stderr


def test_unknown_black_target_version_is_skipped_not_a_crash(project) -> None:
    """A project may pin a newer black than ours: its target-version must not raise KeyError."""
    files = _files(MULTI)
    files["pyproject.toml"] = '[tool.black]\nline-length = 100\ntarget-version = ["py399", "py311"]\n'
    root = project(files)
    plan_add_handler(root, "Cart", "search").apply()
    assert "def search(self, **kwargs):" in (root / "app/views.py").read_text()
