"""SIREN/SIRET of the calling shop, asked at intake when a French shop has none."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.banking import CompanyNumberError, normalize_siren, normalize_siret


class HelpdeskTicket(models.Model):
    """Intake asks a French client without a SIREN for it (e-invoicing)."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    shop_siren_missing = fields.Boolean(
        related="partner_id.gesticlean_siren_missing", string="Client SIREN Missing"
    )
    shop_company_number = fields.Char(
        string="Client SIRET or SIREN",
        compute="_compute_shop_company_number",
        inverse="_inverse_shop_company_number",
        help="Asked at intake when the client has none: its SIRET (14 digits) or "
        "its SIREN (9 digits), printed on its Kbis or invoices.",
    )

    @api.depends("partner_id.siren", "partner_id.siret")
    def _compute_shop_company_number(self):
        for ticket in self:
            shop = ticket.partner_id.commercial_partner_id
            ticket.shop_company_number = shop.siret or shop.siren

    def _inverse_shop_company_number(self):
        for ticket in self:
            shop = ticket.partner_id.commercial_partner_id
            typed = (ticket.shop_company_number or "").strip()
            if not shop or not typed or typed in (shop.siret, shop.siren):
                continue
            if shop.siren:
                raise UserError(
                    self.env._(
                        "%(client)s already has a SIREN (%(siren)s): a technician "
                        "changes it on the client's form.",
                        client=shop.display_name,
                        siren=shop.siren,
                    )
                )
            digits = "".join(char for char in typed if char.isdigit())
            try:
                if len(digits) == 14:
                    values = {"siret": normalize_siret(digits)}
                else:
                    values = {"siren": normalize_siren(digits)}
            except CompanyNumberError:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is neither a SIRET (14 digits) nor a SIREN "
                        "(9 digits) with a valid check digit.",
                        value=typed,
                    )
                ) from None
            # intake reads clients only: this missing number is the one thing it
            # may fill in, checked above
            shop.sudo().write(values)
