"""djust-lint over the installed djust package itself: no crash, and every finding labelled.

djust is the largest real djust code base at hand (views, components, mixins,
templates with template tags inside start tags, client JS), so linting it
catches crashes on real-world input and measures precision on code nobody here
wrote. Every finding of the default rule set and of the other measured rules
is in ``tests/data/labelled/djust-1.2.6.json`` with a verdict and a reason; a
change in what the tool reports fails the test, and whoever changes the tool
must read the new finding and label it (real -> add it; false -> fix the rule).
The default set keeps **no** false positive here (issue 11).

Slow on purpose (~10 s: one astroid run and one plain run over ~650 modules).
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from labels import Labels, found, load

from djust_lint.engine.api import LintResult, lint_project
from djust_lint.graph.builder import BuildOptions
from djust_lint.rules import ALL_RULES

#: The findings were labelled against this release; another one needs a new review.
DJUST_VERSION = "1.2.6"
LABELS = f"djust-{DJUST_VERSION}.json"
DEFAULT_ON = tuple(rule.code for rule in ALL_RULES if rule.default_enabled)


def _djust_root() -> Path:
    try:
        dist = metadata.distribution("djust")
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed (it is a test dependency)")
    if dist.version != DJUST_VERSION:
        pytest.fail(f"djust {dist.version} installed; findings were labelled for {DJUST_VERSION}: review again")
    return Path(str(dist.locate_file("djust"))).resolve()


@pytest.fixture(scope="module")
def labels() -> Labels:
    return load(LABELS)


@pytest.fixture(scope="module")
def runs(labels: Labels) -> dict[bool, LintResult]:
    """Both runs (with astroid, plain) of the default set plus the measured rules, once per module."""
    root = _djust_root()
    select = sorted({*DEFAULT_ON, *labels.measured_codes})
    return {flag: lint_project(root, select=select, options=BuildOptions(use_astroid=flag)) for flag in (True, False)}


@pytest.fixture(params=[True, False], ids=["astroid", "plain"])
def corpus(request: pytest.FixtureRequest, runs: dict[bool, LintResult]) -> tuple[bool, LintResult]:
    return request.param, runs[request.param]


def test_no_crash_and_no_internal_error(corpus: tuple[bool, LintResult]) -> None:
    _, result = corpus
    assert result.internal_errors == []
    assert not [f for f in result.findings if f.code in ("DJ999", "DJ900", "DJ901")]
    assert len(result.graph.templates) > 50  # the run really read djust's templates


def test_findings_are_exactly_the_labelled_list(corpus: tuple[bool, LintResult], labels: Labels) -> None:
    _, result = corpus
    reported = found(result.findings, {*DEFAULT_ON, *labels.measured_codes})
    assert {"new (read and label them)": sorted(reported - labels.counts), "gone": sorted(labels.counts - reported)} == {
        "new (read and label them)": [],
        "gone": [],
    }


def test_the_default_set_has_no_false_positive_on_djust(labels: Labels) -> None:
    false = [(key, reason) for key, (verdict, reason) in labels.verdicts.items() if verdict == "false" and key[0] in DEFAULT_ON]
    assert false == []


def test_default_rules_meet_95_percent_precision_on_djust(labels: Labels) -> None:
    below = {code: labels.precision(code) for code in DEFAULT_ON if labels.precision(code)[1]}
    assert {code: p for code, p in below.items() if p[0] < 0.95 * p[1]} == {}


def test_astroid_and_plain_runs_agree(runs: dict[bool, LintResult]) -> None:
    assert found(runs[True].findings, DEFAULT_ON) == found(runs[False].findings, DEFAULT_ON)


def test_djust_itself_is_read_as_a_djust_project(runs: dict[bool, LintResult]) -> None:
    """djust's own LiveView is a project class here, and still the root of every view."""
    graph = runs[False].graph
    assert graph.views["djust.admin_ext.views.ModelListView"].kind == "live_view"
    assert len([v for v in graph.views.values() if v.kind == "live_view"]) > 20
