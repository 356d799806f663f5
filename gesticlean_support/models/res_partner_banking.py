"""SIREN and SIRET of client shops, checked with their checksum."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.banking import (
    CompanyNumberError,
    normalize_siren,
    normalize_siret,
    siren_of,
)


class ResPartner(models.Model):
    """SIREN / SIRET of the client shops (e-invoicing), their direct debit mandates.

    The SIRET is l10n_fr's field (read by Odoo's Factur-X generator and printed on
    French invoices); the SIREN is the company's number, the first 9 digits of the
    SIRET, or typed alone for a shop whose establishment number is not known.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    siren = fields.Char(
        string="SIREN",
        compute="_compute_siren",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        help="9-digit number of the company (the first 9 digits of the SIRET). "
        "French e-invoices name the buyer by it.",
    )
    gesticlean_siren_missing = fields.Boolean(
        string="SIREN Missing",
        compute="_compute_gesticlean_siren_missing",
        help="A French client company without a SIREN: its e-invoices would have no "
        "legal identifier.",
    )

    @api.depends("siret")
    def _compute_siren(self):
        for partner in self:
            partner.siren = siren_of("", partner.siret) or partner.siren

    @api.depends("siren", "is_company", "country_id", "gesticlean_client")
    def _compute_gesticlean_siren_missing(self):
        for partner in self:
            shop = partner.commercial_partner_id
            partner.gesticlean_siren_missing = bool(
                shop.gesticlean_client
                and shop.is_company
                and shop.country_id.code == "FR"
                and not shop.siren
            )

    @api.constrains("siren", "siret")
    def _check_siren_siret(self):
        for partner in self:
            for fname, normalize in (
                ("siren", normalize_siren),
                ("siret", normalize_siret),
            ):
                try:
                    normalize(partner[fname])
                except CompanyNumberError:
                    raise ValidationError(
                        self.env._(
                            "“%(value)s” is not a valid %(label)s for %(name)s: check "
                            "the number of digits and the last digit (check key).",
                            value=partner[fname],
                            label="SIREN" if fname == "siren" else "SIRET",
                            name=partner.display_name,
                        )
                    ) from None
            if partner.siren and partner.siret and partner.siret[:9] != partner.siren:
                raise ValidationError(
                    self.env._(
                        "The SIRET %(siret)s of %(name)s does not start with its "
                        "SIREN %(siren)s.",
                        siret=partner.siret,
                        name=partner.display_name,
                        siren=partner.siren,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gesticlean_compact_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._gesticlean_compact_numbers(dict(vals))
        return super().write(vals)

    @api.model
    def _gesticlean_compact_numbers(self, vals):
        """Store SIREN and SIRET as bare digits, whatever the way they were typed
        ("732 829 320 00074"); the constraint checks them."""
        for fname, normalize in (
            ("siren", normalize_siren),
            ("siret", normalize_siret),
        ):
            if vals.get(fname):
                try:
                    vals[fname] = normalize(vals[fname])
                except CompanyNumberError:
                    vals[fname] = vals[fname].strip()
        return vals
