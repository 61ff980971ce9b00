"""Layer 2: link what the readers produced into one project graph.

Classes and their MROs (``hierarchy``), templates and their extends/include edges, every ``dj-*``
binding and which class receives it (``bindings``), and who references what (``references``).
"""
