"""Django integration: add ``"djust_lint.django"`` to ``INSTALLED_APPS``.

Then ``manage.py check`` reports djust-lint's findings as Django system-check
messages (ids ``djust_lint.<CODE>``, silenced with ``SILENCED_SYSTEM_CHECKS``)
and ``manage.py djust_lint ...`` runs the ``djust-lint`` command line.  This
package is the only part of djust-lint that runs inside a Django process; the
analysis itself still reads files and never imports the project's code.
"""

from __future__ import annotations
