"""Price tiers per licence count (the degressive price per GestiClean licence)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import tier_for


class SupportLicenceTier(models.Model):
    """One step of the degressive price per GestiClean licence.

    A contract's licences all take the price of the tier with the highest minimum
    not above its licence count. Managers edit the tiers; the vendor's prices are
    the default data.
    """

    _name = "gesticlean.licence.tier"
    _description = "GestiClean Licence Price Tier"
    _order = "company_id, min_licences"
    _rec_name = "min_licences"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_licences = fields.Integer(
        string="From (licences)",
        required=True,
        help="The tier applies from this number of licences up to the next tier.",
    )
    max_licences = fields.Integer(
        string="To (licences)",
        compute="_compute_max_licences",
        help="Last licence count of the tier (empty: no upper limit).",
    )
    price_unit = fields.Monetary(
        string="Monthly Price per Licence",
        required=True,
        currency_field="currency_id",
        help="Excluding taxes, per licence and per month.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "min_licences_positive",
            "CHECK(min_licences >= 1)",
            "A tier starts at one licence or more.",
        ),
        (
            "price_unit_positive",
            "CHECK(price_unit >= 0)",
            "A licence price cannot be negative.",
        ),
        (
            "min_licences_unique",
            "UNIQUE(company_id, min_licences)",
            "Two tiers of the same company cannot start at the same licence count.",
        ),
    ]

    @api.depends("min_licences", "company_id")
    def _compute_max_licences(self):
        tiers_by_company = {}
        for company in self.company_id:
            tiers_by_company[company] = self.search(
                [("company_id", "=", company.id)], order="min_licences"
            )
        for tier in self:
            later = [
                other.min_licences
                for other in tiers_by_company.get(tier.company_id, [])
                if other.min_licences > tier.min_licences
            ]
            tier.max_licences = min(later) - 1 if later else 0

    @api.depends("min_licences", "max_licences")
    def _compute_display_name(self):
        for tier in self:
            if not tier.max_licences:
                tier.display_name = self.env._(
                    "%(min)s licences and more", min=tier.min_licences
                )
            elif tier.max_licences == tier.min_licences:
                tier.display_name = self.env._(
                    "%(count)s licence(s)", count=tier.min_licences
                )
            else:
                tier.display_name = self.env._(
                    "%(min)s to %(max)s licences",
                    min=tier.min_licences,
                    max=tier.max_licences,
                )

    @api.model
    def _gesticlean_table(self, company):
        """``company``'s tiers as (minimum, price per licence, tier) tuples, the
        shape ``tools.pricing`` reads."""
        tiers = self.sudo().search([("company_id", "=", company.id)])
        return [(tier.min_licences, tier.price_unit, tier) for tier in tiers]

    @api.model
    def _gesticlean_no_tier_error(self, licence_count, company):
        return UserError(
            self.env._(
                "No licence price is set for %(count)s licence(s) in %(company)s: "
                "ask a support manager to complete the price tiers.",
                count=licence_count,
                company=company.name,
            )
        )

    @api.model
    def _get_tier(self, licence_count, company=None):
        """Return the tier that prices ``licence_count`` licences for ``company``."""
        company = company or self.env.company
        try:
            return tier_for(self._gesticlean_table(company), licence_count)[2]
        except LookupError:
            raise self._gesticlean_no_tier_error(licence_count, company) from None
