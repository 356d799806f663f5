"""18.0.1 -> 18.0.2: out-of-contract time is priced from one hourly rate.

* The product "Out-of-contract intervention (half-hour)" (45 € HT) becomes
  "Out-of-contract intervention (hourly rate)" at twice its price (90 € HT); the
  unit's price is now derived from it and the billing unit setting.
* Interventions keep the amount they were billed: their new columns (unit length,
  unit price, version update fee) are filled so that units × unit price + fee is
  their stored ``billed_amount``; Odoo does not recompute existing columns.
"""

import json
import logging

from odoo.tools.sql import column_exists, create_column

_logger = logging.getLogger(__name__)

MODULE = "gesticlean_support"
OLD_PRODUCT = "product_out_of_contract_half_hour"
# the vendor's half-hour price, for a database where the product is gone
HALF_HOUR_PRICE = 45.0
NEW_PRODUCT = "product_out_of_contract_hour"
NEW_NAME = {
    "en_US": "Out-of-contract intervention (hourly rate)",
    "fr_FR": "Intervention hors contrat (tarif horaire)",
}
NEW_DESCRIPTION = {
    "en_US": "Remote intervention without support contract. The price is the hourly "
    "rate; the time is billed per started billing unit (a support setting, the "
    "half-hour by default).",
    "fr_FR": "Intervention à distance sans contrat de support. Le prix est le tarif "
    "horaire ; le temps est facturé par unité de facturation entamée (un paramètre "
    "du support, la demi-heure par défaut).",
}


def _product_ids(cr, name):
    """(product.product id, product.template id) of this module's xml id ``name``."""
    cr.execute(
        """
        SELECT pp.id, pp.product_tmpl_id
          FROM ir_model_data imd
          JOIN product_product pp ON pp.id = imd.res_id
         WHERE imd.module = %s AND imd.name = %s AND imd.model = 'product.product'
        """,
        [MODULE, name],
    )
    return cr.fetchone()


def migrate_hourly_product(cr):
    """Rename the half-hour product's xml ids and make its price the hourly rate.

    :return: the half-hour price before the migration
    """
    ids = _product_ids(cr, OLD_PRODUCT)
    if not ids:
        return HALF_HOUR_PRICE
    product_id, template_id = ids
    cr.execute("SELECT list_price FROM product_template WHERE id = %s", [template_id])
    (half_hour_price,) = cr.fetchone()
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = %s || substring(name FROM %s)
         WHERE module = %s AND name IN (%s, %s)
        """,
        [
            NEW_PRODUCT,
            len(OLD_PRODUCT) + 1,
            MODULE,
            OLD_PRODUCT,
            OLD_PRODUCT + "_product_template",
        ],
    )
    cr.execute(
        """
        UPDATE product_template
           SET list_price = list_price * 2,
               name = CASE WHEN name->>'en_US' = 'Out-of-contract intervention '
                                                 '(half-hour)'
                           THEN %s::jsonb ELSE name END,
               description_sale = %s::jsonb
         WHERE id = %s
        """,
        [json.dumps(NEW_NAME), json.dumps(NEW_DESCRIPTION), template_id],
    )
    cr.execute(
        """
        UPDATE product_product SET default_code = 'GC-HC-HEURE'
         WHERE id = %s AND default_code = 'GC-HC-30MIN'
        """,
        [product_id],
    )
    _logger.info(
        "Out-of-contract product %s: hourly rate %s (half-hour %s)",
        product_id,
        half_hour_price * 2,
        half_hour_price,
    )
    return half_hour_price


def migrate_intervention_amounts(cr, half_hour_price):
    """Fill the new billing columns of the interventions from what they billed."""
    if column_exists(cr, "support_intervention", "billed_unit_price"):
        return
    create_column(cr, "support_intervention", "billed_unit_minutes", "int4")
    create_column(cr, "support_intervention", "billed_unit_price", "numeric")
    create_column(cr, "support_intervention", "version_update_amount", "numeric")
    cr.execute(
        """
        UPDATE support_intervention i
           SET billed_unit_minutes = CASE
                   WHEN NOT COALESCE(i.billable, false) THEN 0
                   ELSE COALESCE((SELECT c.gesticlean_billing_unit
                                    FROM res_company c
                                   WHERE c.id = i.company_id), 30) END,
               billed_unit_price = CASE
                   WHEN NOT COALESCE(i.billable, false) THEN 0
                   WHEN COALESCE(i.billed_units, 0) = 0 THEN %(unit_price)s
                   WHEN NOT COALESCE(i.version_update, false)
                        THEN COALESCE(i.billed_amount, 0) / i.billed_units
                   ELSE %(unit_price)s END,
               version_update_amount = CASE
                   WHEN NOT COALESCE(i.billable, false)
                        OR NOT COALESCE(i.version_update, false) THEN 0
                   ELSE COALESCE(i.billed_amount, 0)
                        - COALESCE(i.billed_units, 0) * %(unit_price)s END
        """,
        {"unit_price": half_hour_price},
    )


def migrate(cr, version):
    if not version:
        return
    migrate_intervention_amounts(cr, migrate_hourly_product(cr))
