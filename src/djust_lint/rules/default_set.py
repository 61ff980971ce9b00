"""Which rules run by default, and why: one measured decision for the whole set.

A rule is on by default only when its findings on real code are worth reading:
measured precision of at least 95% on the installed djust package (its views,
templates, template tags and client JS) and on the bench generator's project,
whose manifest says which findings are seeded bugs (``docs/precision.md`` has
the numbers and ``tests/data/labelled/`` the findings they were measured on).
Rules whose findings are advice (info), a design choice, or below that bar are
off and can be enabled with ``--select`` / ``extend-select``.

The table is applied to the rule classes by the registry, so a rule's default
lives here and nowhere else; a test checks every rule has an entry.
"""

from __future__ import annotations

_RUNTIME = "on: the code fails at runtime"
_NO_FP = "no false positive on djust 1.2.6 or the bench project"

#: code -> (on by default, why). Keep reasons short: ``djust-lint rule --all`` prints them.
DEFAULT_SET: dict[str, tuple[bool, str]] = {
    # bindings: the browser's event is refused or ignored
    "DJ101": (True, f"{_RUNTIME} (the event is refused); bench: every finding a seeded bug"),
    "DJ102": (True, f"{_RUNTIME} (djust 1.2 refuses undecorated handlers); bench: every finding a seeded bug"),
    "DJ103": (True, f"{_RUNTIME} (djust's event-name guard refuses it); {_NO_FP}"),
    "DJ104": (True, f"{_RUNTIME} (djust 1.2 sends 'name.key' as the event); bench: every finding a seeded bug"),
    "DJ105": (True, f"{_RUNTIME} (TypeError in the handler); {_NO_FP}"),
    "DJ106": (True, f"{_RUNTIME} (TypeError in the handler); bench: every finding a seeded bug"),
    "DJ107": (True, f"{_RUNTIME} (TypeError in the handler); {_NO_FP}"),
    "DJ108": (True, f"{_RUNTIME} (djust refuses the field); bench: every finding a seeded bug"),
    "DJ109": (True, f"{_RUNTIME} (djust refuses private fields); {_NO_FP}"),
    "DJ110": (True, f"{_RUNTIME} (the browser ignores the attribute); bench: every finding a seeded bug"),
    "DJ111": (True, f"on: dead handler widening what the browser may call; {_NO_FP}"),
    "DJ112": (True, "on: the handler gets a junk string; djust 1.2.6: 15 of 15 real (admin adapters, foreign-key widget)"),
    # references
    "DJ201": (True, f"{_RUNTIME} (TemplateDoesNotExist); {_NO_FP}"),
    "DJ202": (True, f"{_RUNTIME} (TemplateDoesNotExist); {_NO_FP}"),
    "DJ203": (True, f"{_RUNTIME} (the view cannot be loaded); {_NO_FP}"),
    "DJ204": (True, f"{_RUNTIME} (RecursionError or TemplateDoesNotExist); no finding on djust 1.2.6 or the bench project"),
    # views
    "DJ301": (True, f"{_RUNTIME} (mount() gets request); {_NO_FP}"),
    "DJ302": (True, f"on: {_NO_FP}"),
    "DJ303": (True, f"on: {_NO_FP}"),
    "DJ304": (True, "on: djust 1.2.6: 26 of 26 real (djust's validate_view agrees)"),
    "DJ305": (True, f"{_RUNTIME} (nothing to render); {_NO_FP}"),
    "DJ306": (True, "on: djust 1.2.6: 1 of 1 real (was 171 findings, none real, before escaping was followed)"),
    "DJ307": (True, f"{_RUNTIME} (state cannot be serialised); {_NO_FP}"),
    "DJ308": (True, f"{_RUNTIME} (every event to the handler is refused); djust 1.2.6: 2 of 2 real (AdminFormMixin)"),
    "DJ309": (True, "on: djust's own rule (schema jit_serialization); djust 1.2.6: its one hit, in its tests, is real"),
    # settings (test settings and projects without a LiveView are never checked)
    "DJ401": (False, "off: split settings (base/dev/prod) often set it elsewhere; opt in for one settings file"),
    "DJ402": (False, "off: split settings (base/dev/prod) often set it elsewhere; opt in for one settings file"),
    "DJ403": (True, f"on: {_NO_FP}"),
    "DJ404": (True, f"{_RUNTIME} (djust's tags and static files do not load); {_NO_FP}"),
    "DJ405": (True, f"on: {_NO_FP}"),
    "DJ406": (True, f"on: {_NO_FP}"),
    "DJ407": (True, f"on: {_NO_FP}"),
    "DJ408": (True, f"on: {_NO_FP}"),
    "DJ409": (True, f"on: {_NO_FP}"),
    "DJ410": (True, f"on: {_NO_FP}"),
    "DJ411": (True, f"on: {_NO_FP}"),
    "DJ412": (True, f"on: {_NO_FP}"),
    "DJ413": (True, f"on: {_NO_FP}"),
    "DJ414": (True, f"on: {_NO_FP}"),
    "DJ415": (True, f"{_RUNTIME} (the adapter cannot be imported); {_NO_FP}"),
    "DJ416": (True, f"on: {_NO_FP}"),
    "DJ417": (True, f"on: {_NO_FP}"),
    "DJ418": (True, f"{_RUNTIME} (djust rejects the value); {_NO_FP}"),
    "DJ419": (False, "off: advice (info) about a deliberate setting"),
    "DJ420": (False, "off: advice (info) about a deliberate setting"),
    "DJ421": (True, f"{_RUNTIME} (djust rejects the value); {_NO_FP}"),
    "DJ422": (True, f"on: {_NO_FP}"),
    "DJ423": (True, f"on: {_NO_FP}"),
    # security and code quality
    "DJ501": (True, "on: djust 1.2.6: 2 of 2 real (GET-only views no longer reported)"),
    "DJ502": (True, f"on: {_NO_FP}"),
    "DJ503": (False, "off: advice (info); djust 1.2.6: 2 of 10 real (command-line helpers print on purpose)"),
    "DJ504": (True, "on: djust 1.2.6: 7 of 7 real (djust's Q002 agrees)"),
    "DJ505": (True, "on: djust 1.2.6: 0 findings (2 false before psycopg composition and '# nosec' were honoured)"),
    "DJ506": (True, f"on: {_NO_FP}"),
    "DJ507": (True, f"on: {_NO_FP}"),
    "DJ510": (False, "off: djust 1.2.6: 0 of 1 real; public pages are public on purpose"),
    "DJ511": (True, "on: only database-writing handlers (bench, 200 views: 1,202 findings, none real, before); " + _NO_FP),
    "DJ512": (True, f"{_RUNTIME} (djust refuses dispatch-only auth on live transports); {_NO_FP}"),
    "DJ513": (True, "on: djust 1.2.6: 0 findings (1 false before session saves stopped counting as writes)"),
    "DJ514": (True, f"on: {_NO_FP}"),
    "DJ515": (True, f"on: {_NO_FP}"),
    "DJ520": (True, f"on: {_NO_FP}"),
    "DJ521": (False, "off: djust 1.2.6: 0 of 9 real; |safe on HTML the app renders itself is deliberate (a review aid)"),
    "DJ522": (False, "off: djust 1.2.6: 0 of 1 real (generated CSS); a review aid"),
    "DJ523": (True, f"on: {_NO_FP}"),
    "DJ530": (True, f"on: {_NO_FP}"),
    "DJ531": (False, "off: advice (info): keeping the URL in step is a design choice"),
    "DJ532": (False, "off: advice (info); djust 1.2.6: 0 of 11 real (its dev client logs on purpose)"),
    # markup
    "DJ601": (True, f"on: {_NO_FP}"),
    "DJ602": (False, "off: advice (info): djust infers the root"),
    "DJ603": (False, "off: advice (info)"),
    "DJ604": (True, f"on: {_NO_FP}"),
    "DJ605": (True, f"on: {_NO_FP}"),
    "DJ610": (False, "off: advice (info): navigation through a handler is a design choice (bench: 1 finding, not a bug)"),
    "DJ612": (False, "off: djust 1.2.6: 5 findings, all on pages DJ615 already reports (same cause, reported twice)"),
    "DJ613": (True, f"{_RUNTIME} (the view cannot mount); {_NO_FP}"),
    "DJ614": (True, f"on: {_NO_FP}"),
    "DJ615": (True, "on: djust 1.2.6: 2 of 2 real (djust's T015 agrees)"),
    "DJ616": (True, f"on: {_NO_FP}"),
    "DJ617": (True, f"on: {_NO_FP}"),
    "DJ620": (True, "on: djust 1.2.6: 3 of 3 real (djust's C010 agrees)"),
    "DJ621": (True, f"on: {_NO_FP}"),
    "DJ641": (False, "off: accessibility advice; precision not measured"),
    "DJ642": (False, "off: accessibility advice; precision not measured"),
    "DJ643": (False, "off: accessibility advice; precision not measured (39 findings on djust, 593 on the bench)"),
    "DJ644": (False, "off: accessibility advice; precision not measured"),
    "DJ670": (True, f"on: {_NO_FP}"),
    "DJ671": (True, f"on: {_NO_FP}"),
    "DJ675": (True, f"on: {_NO_FP}"),
    "DJ690": (False, "off: a notice (info), not a problem"),
    # view configuration
    "DJ701": (False, "off: advice (info): a view without mount() is valid"),
    "DJ702": (True, f"on: {_NO_FP}"),
    "DJ703": (True, f"on: {_NO_FP}"),
    "DJ704": (False, "off: advice (info): many objects serialise fine"),
    "DJ705": (True, f"on: {_NO_FP}"),
    "DJ706": (True, f"on: {_NO_FP}"),
    "DJ707": (True, f"on: {_NO_FP}"),
    "DJ708": (True, f"on: {_NO_FP}"),
    "DJ709": (True, f"on: {_NO_FP}"),
    "DJ710": (True, f"on: {_NO_FP}"),
    "DJ711": (True, f"on: {_NO_FP}"),
    # context
    "DJ801": (True, "on: djust 1.2.6 and bench: 0 findings after idiomatic tests (if/default/firstof) were accepted"),
    "DJ802": (False, "off: advice (info); precision not measured (1,142 findings on the bench)"),
    # diagnostics: djust-lint could not read something; always worth knowing
    "DJ900": (True, "on: the file was not checked"),
    "DJ901": (True, "on: the file was not checked (and will not import)"),
    "DJ902": (True, "on: the template was not checked (and will not render)"),
    "DJ903": (True, "on: says which checks were skipped for a view"),
    "DJ904": (True, "on: a suppression that suppresses nothing hides nothing"),
    "DJ905": (True, "on: only validate_view's pasted code gets it; an empty answer would read as 'fine'"),
}


def default_for(code: str) -> tuple[bool, str]:
    """(on by default, why) for a rule code; a rule missing from the table is off, and says so."""
    return DEFAULT_SET.get(code, (False, "off: not measured yet"))
