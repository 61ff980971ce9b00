"""The file names discovery acts on, in a module with no imports.

Discovery sorts files by these suffixes, and the results cache (on the replay
path, where importing discovery would cost start-up) decides from the same list
whether a name appearing in a directory can change the set of files: an editor's
swap file cannot, a new ``.py`` file can.
"""

TEMPLATE_SUFFIXES = (".html", ".htm", ".djhtml")
"""File names read as templates anywhere (``.txt`` too, inside a template directory)."""

DISCOVERED_SUFFIXES = (".py", *TEMPLATE_SUFFIXES, ".txt", ".js")
"""Every suffix discovery can act on: Python, templates, text templates, scripts."""
