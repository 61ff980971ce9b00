"""Tests for the static settings reader: real settings files, never imported."""

from __future__ import annotations

from pathlib import Path

from djust_lint.readers.discovery import discover, find_settings_files
from djust_lint.readers.settings import SettingsInfo, read_settings


def write(root: Path, rel: str, text: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read_one(tmp_path: Path, source: str, rel: str = "proj/settings.py") -> SettingsInfo:
    write(tmp_path, rel, source)
    return read_settings([(rel, source)], tmp_path)


PATHLIB_SETTINGS = """
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = [
    "django.contrib.admin",
    "djust",
]
INSTALLED_APPS += ["shop"]
INSTALLED_APPS = INSTALLED_APPS + ("blog",)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", str(BASE_DIR / "more"), BASE_DIR.joinpath("x", "y")],
        "APP_DIRS": True,
    },
]
"""


def test_pathlib_style(tmp_path: Path) -> None:
    info = read_one(tmp_path, PATHLIB_SETTINGS)
    assert info.path == "proj/settings.py"
    assert info.template_dirs == ["templates", "more", "x/y"]
    assert info.installed_apps == ["django.contrib.admin", "djust", "shop", "blog"]
    assert info.app_dirs is True
    assert info.dynamic_parts == []


def test_os_path_style(tmp_path: Path) -> None:
    source = """
import os
from os.path import join
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [os.path.join(BASE_DIR, "templates"), join(BASE_DIR, "a", "b"), BASE_DIR + "/c", f"{BASE_DIR}/d"],
}]
INSTALLED_APPS = ("shop",)
"""
    info = read_one(tmp_path, source)
    assert info.template_dirs == ["templates", "a/b", "c", "d"]
    assert info.installed_apps == ["shop"]
    assert info.app_dirs is False


def test_parents_index_and_literal_dirs(tmp_path: Path) -> None:
    source = """
import pathlib
ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = [{"DIRS": [ROOT / "tpl", "relative/dir", "/abs/elsewhere"], "APP_DIRS": False}]
"""
    info = read_one(tmp_path, source, rel="src/proj/settings.py")
    assert info.template_dirs[:2] == ["tpl", "relative/dir"]
    assert info.template_dirs[2].endswith("abs/elsewhere") and info.template_dirs[2].startswith("..")


def test_dynamic_parts_are_recorded_not_raised(tmp_path: Path) -> None:
    source = """
import environ
env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = [{
    "DIRS": [BASE_DIR / "templates", env("EXTRA_TEMPLATES")],
    "APP_DIRS": env.bool("APP_DIRS"),
}]
INSTALLED_APPS = ["shop", *get_plugins()]
INSTALLED_APPS += [app for app in PLUGINS]
"""
    info = read_one(tmp_path, source)
    assert info.template_dirs == ["templates"]
    assert info.installed_apps == ["shop"]
    assert info.app_dirs is True  # unknown is treated generously
    text = "\n".join(info.dynamic_parts)
    assert "env('EXTRA_TEMPLATES')" in text
    assert "env.bool('APP_DIRS')" in text
    assert "*get_plugins()" in text
    assert "proj/settings.py:6:" in text


def test_whole_setting_dynamic(tmp_path: Path) -> None:
    info = read_one(tmp_path, "TEMPLATES = build_templates()\nINSTALLED_APPS = load()\n")
    assert info.template_dirs == [] and info.installed_apps == []
    assert info.dynamic_parts == [
        "proj/settings.py:1: TEMPLATES: build_templates()",
        "proj/settings.py:2: INSTALLED_APPS: load()",
    ]


def test_mutations_and_branches(tmp_path: Path) -> None:
    source = """
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = True
INSTALLED_APPS = ["a"]
INSTALLED_APPS.append("b")
INSTALLED_APPS.extend(["c"])
INSTALLED_APPS.insert(0, "first")
TEMPLATES = [dict(BACKEND="x", DIRS=[], APP_DIRS=False)]
TEMPLATES[0]["DIRS"].append(BASE_DIR / "one")
TEMPLATES[0]["DIRS"] += [BASE_DIR / "two"]
if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]
else:
    INSTALLED_APPS = ["prod_only"]
try:
    from .local import *
except ImportError:
    pass
"""
    info = read_one(tmp_path, source)
    # union of every state the setting passed through, in first-seen order
    assert info.installed_apps == ["a", "b", "c", "first", "debug_toolbar", "prod_only"]
    assert info.template_dirs == ["one", "two"]
    assert info.dynamic_parts == ["proj/settings.py:17: star import not read: from .local import *"]


def test_settings_package_with_base(tmp_path: Path) -> None:
    base = """
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent.parent
INSTALLED_APPS = ["django.contrib.auth", "shop"]
TEMPLATES = [{"DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]
"""
    dev = """
from .base import *
INSTALLED_APPS += ["debug_toolbar"]
TEMPLATES[0]["DIRS"] = TEMPLATES[0]["DIRS"] + [BASE_DIR / "dev_templates"]
"""
    prod = (
        "from proj.settings.base import BASE_DIR, TEMPLATES\nTEMPLATES[0]['DIRS'].append(BASE_DIR / 'prod')\n"
    )
    write(tmp_path, "proj/__init__.py")
    write(tmp_path, "proj/settings/__init__.py")
    write(tmp_path, "proj/settings/base.py", base)
    write(tmp_path, "proj/settings/dev.py", dev)
    write(tmp_path, "proj/settings/prod.py", prod)
    write(tmp_path, "proj/settings/broken.py", "TEMPLATES = [\n")
    write(tmp_path, "other/conf.py", 'TEMPLATES = [{"DIRS": ["other_templates"]}]\n')
    write(tmp_path, "other/views.py", "x = 'TEMPLATES'\n")
    found = discover(tmp_path)
    assert [pf.path for pf in find_settings_files(found.python)] == [
        "other/conf.py",
        "proj/settings/__init__.py",
        "proj/settings/base.py",
        "proj/settings/broken.py",
        "proj/settings/dev.py",
        "proj/settings/prod.py",
    ]
    info = found.settings
    assert info.path == "other/conf.py"
    assert set(info.template_dirs) == {"templates", "dev_templates", "prod", "other_templates"}
    assert info.installed_apps == ["django.contrib.auth", "shop", "debug_toolbar"]
    assert info.dynamic_parts == []
    assert "proj/settings/broken.py" in info.paths


def test_import_cycle_and_syntax_error_do_not_crash(tmp_path: Path) -> None:
    sources = [
        ("p/settings/a.py", "from .b import *\nINSTALLED_APPS = ['a']\n"),
        ("p/settings/b.py", "from .a import *\nINSTALLED_APPS = ['b']\n"),
        ("p/settings/c.py", "def broken(:\n"),
    ]
    info = read_settings(sources, tmp_path)
    assert sorted(info.installed_apps) == ["a", "b"]


def test_strange_values_never_raise(tmp_path: Path) -> None:
    source = """
TEMPLATES = [42, {"DIRS": "not-a-list"}, {"DIRS": [None, Path(__file__).parents[99]]}]
INSTALLED_APPS = ["ok", 3, lambda: 1]
X = 1 / 0
Y = Path(*parts)
TEMPLATES[5]["DIRS"] = []
"""
    info = read_one(tmp_path, source)
    assert info.installed_apps == ["ok"]
    assert info.template_dirs == []
    assert any("parents[99]" in part for part in info.dynamic_parts)
    assert any("TEMPLATES entry" in part for part in info.dynamic_parts)
    assert any("TEMPLATES DIRS:" in part for part in info.dynamic_parts)
    assert any("TEMPLATES[5]" in part for part in info.dynamic_parts)


def test_no_settings(tmp_path: Path) -> None:
    info = read_settings([], tmp_path)
    assert info == SettingsInfo()


def test_values_spans_conditional_and_dynamic(tmp_path):
    source = (
        "import os\n"
        "DEBUG = os.environ.get('DEBUG') == '1'\n"
        "LIVEVIEW_CONFIG = {'service_worker': {'vdom_cache_ttl_seconds': 60}, 'x': os.environ['X']}\n"
        "if DEBUG:\n"
        "    ALLOWED_HOSTS = ['*']\n"
        "INSTALLED_APPS = ['djust']\n"
    )
    info = read_one(tmp_path, source)
    debug, config, hosts = info.values["DEBUG"], info.values["LIVEVIEW_CONFIG"], info.values["ALLOWED_HOSTS"]
    assert debug.dynamic and debug.span.line == 2 and debug.path == "proj/settings.py"
    assert config.value["service_worker"] == {"vdom_cache_ttl_seconds": 60}
    assert type(config.value["x"]).__name__ == "Dynamic"
    assert hosts.conditional and hosts.value == ["*"] and hosts.span.column == 5
    assert [m.path for m in info.django_modules()] == ["proj/settings.py"]


def test_settings_package_leaves_inherit_base_positions(tmp_path):
    base = "INSTALLED_APPS = ['djust']\nSECRET_KEY = 'x'\n"
    prod = "from .base import *\nDEBUG = False\n"
    local = "from .missing_local import *\n"
    for rel, text in (("proj/settings/base.py", base), ("proj/settings/prod.py", prod), ("proj/settings/local.py", local)):
        write(tmp_path, rel, text)
    info = read_settings(
        [("proj/settings/base.py", base), ("proj/settings/prod.py", prod), ("proj/settings/local.py", local)], tmp_path
    )
    modules = {m.path: m for m in info.modules}
    assert set(modules) == {"proj/settings/prod.py", "proj/settings/local.py"}
    prod_module = modules["proj/settings/prod.py"]
    assert prod_module.complete and prod_module.values["SECRET_KEY"].path == "proj/settings/base.py"
    assert prod_module.values["DEBUG"].value is False
    assert not modules["proj/settings/local.py"].complete
