"""What the benchmarks share: this project's settings and Odoo's source on the
path, and percentiles.

Each benchmark imports it before Odoo (``from _common import ...`` sorts with the
third-party imports, above the ``odoo`` section): importing it puts ``tools/``
(tools/dev.py: Odoo source, addons path, database settings, ``configure_odoo``,
``load_registry``) and the Odoo source on ``sys.path``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dev  # noqa: E402

sys.path.insert(0, str(dev.ODOO_SRC))

__all__ = ["ROOT", "dev", "percentile"]


def percentile(values, share):
    """The value below which ``share`` (0 to 1) of ``values`` fall (nearest
    rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
