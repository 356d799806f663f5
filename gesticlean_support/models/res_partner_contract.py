"""A client's support contract: the one rule of "under contract on day D", and the
contract summary of the client form."""

from odoo import api, fields, models

from .contract_contract_termination import SUPPORT_STATES
from .guards import SUPPORT_MANAGER, check_caller


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_contract_id = fields.Many2one(
        comodel_name="contract.contract",
        compute="_compute_support_contract",
        help="The support contract covering the client today.",
    )
    support_licence_count = fields.Integer(
        string="Contract Licences", compute="_compute_support_contract"
    )
    support_monthly_amount = fields.Monetary(
        string="Contract Monthly Amount",
        compute="_compute_support_contract",
        currency_field="support_currency_id",
    )
    support_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_support_contract"
    )
    support_commitment_end_date = fields.Date(
        string="Commitment Year Ends", compute="_compute_support_contract"
    )
    support_contract_state = fields.Selection(
        selection=SUPPORT_STATES,
        string="Contract State",
        compute="_compute_support_contract",
    )

    @api.depends_context("date_ref")
    def _compute_support_contract(self):
        contracts = self._gesticlean_contracts_on(
            self.env["contract.contract"]._date_ref()
        )
        for partner in self:
            contract = contracts.get(partner.commercial_partner_id)
            partner.support_contract_id = contract
            partner.support_licence_count = contract.licence_count if contract else 0
            partner.support_monthly_amount = (
                contract.support_monthly_amount if contract else 0.0
            )
            partner.support_currency_id = (
                contract.currency_id if contract else self.env.company.currency_id
            )
            partner.support_commitment_end_date = (
                contract.commitment_end_date if contract else False
            )
            partner.support_contract_state = (
                contract.support_state if contract else False
            )

    def action_gesticlean_new_support_contract(self):
        """Open the wizard that creates a support contract for this shop
        (managers)."""
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers create support contracts."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Support Contract"),
            "res_model": "gesticlean.support.contract.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def _gesticlean_contracts_on(self, day, company=None):
        """{shop: support contract covering it on ``day``} for these partners' shops
        (one query, whatever their number); a shop not covered is left out. Only
        the contracts of ``company`` count (default: the current company): a
        contract with another company does not cover calls to this one.

        The one rule of "under contract", for intake, billing, the statistics and
        the client form: a shop is under contract on a day when a support contract
        of the shop bills its licences for that day (its licence line started, not
        ended by a termination, not cancelled; the contract not archived). When two
        do, the latest started counts.
        """
        shops = self.commercial_partner_id
        if not shops:
            return {}
        lines = (
            self.env["contract.line"]
            .sudo()
            .search(
                [
                    ("contract_id.is_support_contract", "=", True),
                    ("contract_id.company_id", "=", (company or self.env.company).id),
                    ("contract_id.commercial_partner_id", "in", shops.ids),
                    ("contract_id.active", "=", True),
                    ("support_line_kind", "=", "licence"),
                    ("is_canceled", "=", False),
                    ("date_start", "<=", day),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", day),
                ],
                order="date_start desc, id desc",
            )
        )
        contracts = {}
        for line in lines:
            contracts.setdefault(
                line.contract_id.commercial_partner_id, line.contract_id.sudo(False)
            )
        return contracts
