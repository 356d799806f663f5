"""Wizard creating a support contract for a client, its monthly price shown at once."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..models.contract_contract import CONVEYOR_OPTIONS
from ..models.guards import SUPPORT_MANAGER, check_caller
from ..tools import monthly_total


class SupportContractWizard(models.TransientModel):
    """Create a GestiClean support contract from a client, seeing the price at once."""

    _name = "gesticlean.support.contract.wizard"
    _description = "New GestiClean Support Contract"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        domain=[("gesticlean_client", "=", True)],
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    licence_count = fields.Integer(string="Licences", default=1, required=True)
    conveyor_option = fields.Selection(selection=CONVEYOR_OPTIONS, default="none")
    backup_option = fields.Boolean(string="Automatic Backups")
    # required in the view; checked on creation with a clear message
    date_start = fields.Date(string="Start Date", default=fields.Date.context_today)
    tier_id = fields.Many2one(
        comodel_name="gesticlean.licence.tier",
        string="Price Tier",
        compute="_compute_price",
    )
    licence_price_unit = fields.Monetary(
        string="Price per Licence", compute="_compute_price"
    )
    monthly_amount = fields.Monetary(
        string="Monthly Total (excl. taxes)", compute="_compute_price"
    )
    price_details = fields.Html(compute="_compute_price", sanitize=True)
    shop_equipment = fields.Selection(related="partner_id.shop_equipment")
    backup_eligible = fields.Boolean(related="partner_id.backup_eligible")

    @api.depends(
        "licence_count", "conveyor_option", "backup_option", "company_id", "partner_id"
    )
    def _compute_price(self):
        Contract = self.env["contract.contract"]
        for wizard in self:
            wizard.tier_id = False
            wizard.licence_price_unit = 0.0
            wizard.monthly_amount = 0.0
            wizard.price_details = False
            try:
                lines = Contract._gesticlean_price_lines(
                    wizard.licence_count,
                    wizard.conveyor_option,
                    wizard.backup_option,
                    wizard.company_id,
                    shop=wizard.partner_id.commercial_partner_id,
                )
            except (ValidationError, UserError):
                continue
            wizard.tier_id = self.env["gesticlean.licence.tier"]._get_tier(
                lines[0].quantity, wizard.company_id
            )
            wizard.licence_price_unit = lines[0].price_unit
            wizard.monthly_amount = monthly_total(lines)
            wizard.price_details = wizard._price_table(lines)

    def _price_table(self, lines):
        def money(amount):
            return format_amount(self.env, amount, self.currency_id)

        body = Markup("").join(
            Markup(
                "<tr><td>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
            )
            % (line.label, line.quantity, money(line.price_unit), money(line.amount))
            for line in lines
        )
        head = Markup(
            "<thead><tr><th>%s</th><th class='text-end'>%s</th>"
            "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead>"
        ) % (
            self.env._("Monthly line"),
            self.env._("Quantity"),
            self.env._("Unit price"),
            self.env._("Amount"),
        )
        return Markup("<table class='table table-sm'>%s<tbody>%s</tbody></table>") % (
            head,
            body,
        )

    def _contract_values(self):
        self.ensure_one()
        count = self.env["contract.contract"]._gesticlean_licence_count(
            self.licence_count
        )
        if not self.date_start:
            raise ValidationError(self.env._("The contract needs a start date."))
        shop = self.partner_id.commercial_partner_id
        return {
            "name": self.env._(
                "GestiClean support contract – %(shop)s", shop=shop.name
            ),
            "partner_id": shop.id,
            "company_id": self.company_id.id,
            "is_support_contract": True,
            "licence_count": count,
            "conveyor_option": self.conveyor_option or "none",
            "backup_option": self.backup_option,
            "date_start": self.date_start,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "recurring_invoicing_type": "pre-paid",
            "line_recurrence": False,
        }

    def action_create_contract(self):
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers create support contracts."),
        )
        contract = self.env["contract.contract"].create(self._contract_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "contract.contract",
            "res_id": contract.id,
            "view_mode": "form",
            "target": "current",
        }
