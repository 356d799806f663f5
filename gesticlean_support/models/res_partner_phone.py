"""Phone numbers shown to people: the shops' support phone, kept in E.164, read
in the national format of the company's country ("04 50 45 12 34")."""

from odoo import api, fields, models

from ..tools import phone_for_people


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_phone_display = fields.Char(compute="_compute_support_phone_display")

    @api.depends("support_phone")
    def _compute_support_phone_display(self):
        for partner in self:
            partner.support_phone_display = partner._gesticlean_phone_for_people(
                partner.support_phone
            )

    @api.model
    def _gesticlean_phone_for_people(self, number):
        """``number`` (E.164, or as typed) as people of the company's country
        read it: the one display rule of the module's phone numbers."""
        country = self.env.company.country_id or self.env.ref("base.fr")
        return phone_for_people(number, country.code)
