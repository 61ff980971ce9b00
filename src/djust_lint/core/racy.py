"""The window in which a file's stat cannot vouch for its content, shared by every cache of ours.

A second write within one timestamp tick leaves size and mtime as they were (FAT's mtime has a
2-second granularity; others are finer but still coarse against a fast editor or a script), so a
stat that recent is recorded as untrusted and the file is looked at again on the next run. Kept
in a module of its own, with no imports, because the results cache's replay path reads it.
"""

RACY_WINDOW_NS = 2_000_000_000
"""A file modified less than this long ago is not trusted by its stat alone."""
