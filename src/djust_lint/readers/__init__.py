"""Layer 1: read one file (or the installed packages) into plain data, never importing or running it.

Each reader is a pure function of (path, bytes); discovery decides which files exist, the cache
reuses earlier reads. Readers know nothing of the graph, the rules or any face.
"""
