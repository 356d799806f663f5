"""Products sold by the GestiClean support."""

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    gesticlean_support_product = fields.Boolean(
        string="GestiClean Support Product",
        help="Sold by the GestiClean support: licences, options, out-of-contract work.",
    )
