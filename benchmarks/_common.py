"""What the benchmarks share: this project's settings and Odoo's source on the
path, client shops inserted in SQL, and percentiles.

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

__all__ = ["ROOT", "dev", "insert_shops", "percentile"]


def percentile(values, share):
    """The value below which ``share`` (0 to 1) of ``values`` fall (nearest
    rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def insert_shops(cr, company_id, count):
    """``count`` GestiClean client shops of ``company_id`` inserted in SQL
    ("Pressing bench N", code BENCH-00000N, French, with an e-mail), as their
    own commercial partner; returns their ids."""
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, is_company, type,
                                 gesticlean_client, gesticlean_code, company_id,
                                 city, lang, email, autopost_bills, create_date,
                                 write_date)
        SELECT 'Pressing bench ' || n, 'Pressing bench ' || n, TRUE, TRUE,
               'contact', TRUE, 'BENCH-' || lpad(n::text, 6, '0'), %(company)s,
               'Annecy', 'fr_FR', 'bench' || n || '@example.com', 'ask', now(),
               now()
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
        """,
        {"company": company_id, "count": count},
    )
    shops = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [shops],
    )
    return shops
