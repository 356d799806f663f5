"""Out-of-contract billing of interventions: time logged with timesheets, billed
per started unit at the hourly rate, invoiced by the accountants."""

from datetime import datetime, time

from odoo import Command, api, fields, models
from odoo.tools import format_date

from ..tools import billed_units, hours_to_minutes, unit_price
from ..tools.billing import DEFAULT_UNIT_MINUTES
from .guards import ACCOUNTANT, check_caller


class SupportIntervention(models.Model):
    _inherit = "support.intervention"

    timesheet_ids = fields.One2many(
        comodel_name="account.analytic.line",
        inverse_name="support_intervention_id",
        string="Time Logged",
    )
    billable = fields.Boolean(
        string="Out of Contract",
        compute="_compute_billable",
        store=True,
        help="The client had no support contract on the day of the call: the time is "
        "billed.",
    )
    version_update = fields.Boolean(
        tracking=True,
        help="The software was updated to a new version: a flat fee is billed out of "
        "contract.",
    )
    logged_minutes = fields.Integer(
        string="Time Logged (min)", compute="_compute_billing", store=True
    )
    billed_unit_minutes = fields.Integer(
        string="Billing Unit (min)",
        compute="_compute_billing",
        store=True,
        help="The company's billing unit when the time was billed.",
    )
    billed_units = fields.Integer(
        string="Units Billed",
        compute="_compute_billing",
        store=True,
        help="Started billing units (half-hours by default) in the time logged.",
    )
    billed_unit_price = fields.Monetary(
        string="Price per Unit",
        compute="_compute_billing",
        store=True,
        currency_field="currency_id",
        help="Excluding taxes: the hourly rate for the length of the billing unit "
        "(90 € an hour: 45 € the half-hour).",
    )
    version_update_amount = fields.Monetary(
        string="Version Update Fee",
        compute="_compute_billing",
        store=True,
        currency_field="currency_id",
    )
    billed_amount = fields.Monetary(
        string="Amount to Bill",
        compute="_compute_billing",
        store=True,
        currency_field="currency_id",
        help="Excluding taxes: the units at their price, plus the version update "
        "fee; the invoice bills exactly this.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="support_intervention_id",
        string="Invoice Lines",
        readonly=True,
    )
    invoice_state = fields.Selection(
        selection=[
            ("included", "Included in the contract"),
            ("nothing", "Nothing to bill"),
            ("to_invoice", "To invoice"),
            ("invoiced", "Invoiced"),
        ],
        compute="_compute_invoice_state",
        store=True,
        index=True,
    )

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends("ticket_id.coverage")
    def _compute_billable(self):
        for intervention in self:
            intervention.billable = intervention.ticket_id.coverage == "billable"

    @api.depends("timesheet_ids.unit_amount", "version_update", "billable")
    def _compute_billing(self):
        """The amount is fixed with the rates in force when the time is logged (the
        rates the client was told at intake): changing a product price or the
        billing unit later does not change what is already logged."""
        rates = {}
        for intervention in self:
            company = intervention.company_id or self.env.company
            if company not in rates:
                rates[company] = self._gesticlean_rates(company)
            rate = rates[company]
            minutes = sum(
                hours_to_minutes(line.unit_amount)
                for line in intervention.timesheet_ids
            )
            intervention.logged_minutes = minutes
            if not intervention.billable:
                intervention.billed_unit_minutes = 0
                intervention.billed_units = 0
                intervention.billed_unit_price = 0.0
                intervention.version_update_amount = 0.0
                intervention.billed_amount = 0.0
                continue
            units = billed_units(minutes, rate["unit_minutes"])
            update = rate["version_update"] if intervention.version_update else 0.0
            intervention.billed_unit_minutes = rate["unit_minutes"]
            intervention.billed_units = units
            intervention.billed_unit_price = rate["unit_price"]
            intervention.version_update_amount = update
            intervention.billed_amount = units * rate["unit_price"] + update

    @api.depends(
        "billable",
        "billed_amount",
        "invoice_line_ids.move_id.state",
        "invoice_line_ids.move_id.payment_state",
    )
    def _compute_invoice_state(self):
        for intervention in self:
            if not intervention.billable:
                intervention.invoice_state = "included"
            elif intervention.invoice_line_ids._gesticlean_live():
                intervention.invoice_state = "invoiced"
            elif not intervention.billed_amount:
                intervention.invoice_state = "nothing"
            else:
                intervention.invoice_state = "to_invoice"

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_billing_products(self):
        """(out-of-contract hour, version update): their prices are the rates.

        Browsed together so that their prices are read in one query."""
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        hour, update = self.env["product.product"].browse(
            [
                xmlid_to_id("gesticlean_support.product_out_of_contract_hour"),
                xmlid_to_id("gesticlean_support.product_version_update"),
            ]
        )
        return hour, update

    @api.model
    def _gesticlean_rates(self, company):
        """Out-of-contract prices of ``company``, the one source of the billed
        amounts, the intake notice and the contract PDF: the hourly rate (price of
        the hourly product), the billing unit, the unit's price derived from both,
        the unit written for people ("per half-hour") and the version update fee.
        """
        hour, update = self._gesticlean_billing_products()
        minutes = company.gesticlean_billing_unit or DEFAULT_UNIT_MINUTES
        return {
            "hourly": hour.lst_price,
            "unit_minutes": minutes,
            "unit_price": company.currency_id.round(
                unit_price(hour.lst_price, minutes)
            ),
            "unit_text": {
                15: self.env._("per quarter-hour"),
                30: self.env._("per half-hour"),
                60: self.env._("an hour"),
            }.get(minutes)
            or self.env._("per %(minutes)s minutes", minutes=minutes),
            "version_update": update.lst_price,
            "currency": company.currency_id,
        }

    def _gesticlean_log_timer(self):
        """The intervention is the timer: its time goes to the technician's timesheet.

        Only when nothing was logged on it by hand, and when the technician is an
        employee (timesheets belong to employees).
        """
        project = self.env.ref(
            "gesticlean_support.project_support", raise_if_not_found=False
        )
        values = []
        for intervention in self.filtered(lambda i: not i.timesheet_ids and i.date_end):
            employee = intervention.user_id.employee_id
            if not employee or not project:
                continue
            values.append(intervention._gesticlean_timesheet_values(employee, project))
        if values:
            self.env["account.analytic.line"].sudo().create(values)

    def _gesticlean_timesheet_values(self, employee, project):
        self.ensure_one()
        return {
            "name": self.ticket_id.display_name,
            "date": fields.Date.context_today(self, self.date_start),
            "unit_amount": self.duration,
            "employee_id": employee.id,
            "user_id": self.user_id.id,
            "project_id": project.id,
            "support_intervention_id": self.id,
        }

    def _gesticlean_invoice_label(self):
        """« 12/03/2026 – HT00042 – Julien Favre : 0h41 passées, 2 × 30 min
        facturées »."""
        self.ensure_one()
        lang = self.partner_id.lang or "fr_FR"
        env = self.with_context(lang=lang).env
        # (no f-string here: Babel's extractor of Odoo 18 loses the terms after it)
        hours, minutes = divmod(self.logged_minutes, 60)
        return env._(
            "%(date)s – %(ticket)s – %(technician)s: %(time)s spent, %(units)s × "
            "%(minutes)s min billed",
            date=format_date(env, self.date_start, lang_code=lang),
            ticket=self.ticket_id.number or "",
            technician=self.user_id.name,
            time=str(hours) + "h" + str(minutes).zfill(2),
            units=self.billed_units,
            minutes=self.billed_unit_minutes,
        )

    @api.model
    def _gesticlean_invoice_out_of_contract(self, date_to):
        """Create one draft invoice per client for its interventions ended by
        ``date_to`` that are billable and not invoiced yet: those of the current
        company, invoiced in it (switch company to invoice another's).

        :return: (invoices created, {intervention: reason} of those skipped)
        """
        check_caller(
            self.env,
            [ACCOUNTANT],
            self.env._("Only accountants invoice out-of-contract interventions."),
        )
        limit = datetime.combine(date_to, time.max)
        company = self.env.company
        Intervention = self.sudo()
        candidates = Intervention.search(
            [
                ("company_id", "in", [company.id, False]),
                ("billable", "=", True),
                ("date_end", "!=", False),
                ("date_end", "<=", limit),
                ("invoice_state", "in", ("to_invoice", "nothing")),
            ],
            order="partner_id, date_start, id",
        )
        skipped = {
            intervention: self.env._("no time logged")
            for intervention in candidates
            if intervention.invoice_state == "nothing"
        }
        # never bill the time of a client nobody told the call was billable
        not_told = candidates.filtered(lambda i: i.invoice_state == "to_invoice")
        not_told = not_told._gesticlean_not_told()
        skipped.update(
            dict.fromkeys(
                not_told,
                self.env._(
                    "the client was never told the call is billable (neither at "
                    "intake nor at the callback): not billed"
                ),
            )
        )
        to_bill = candidates.filtered(
            lambda i: i.invoice_state == "to_invoice" and i not in not_told
        )
        hour, update = self._gesticlean_billing_products()
        invoices_values = []
        for partner in to_bill.partner_id:
            lines = []
            for intervention in to_bill.filtered(
                lambda i, p=partner: i.partner_id == p
            ):
                if intervention.billed_units:
                    lines.append(
                        Command.create(
                            {
                                "product_id": hour.id,
                                "quantity": intervention.billed_units,
                                "price_unit": intervention.billed_unit_price,
                                "name": intervention._gesticlean_invoice_label(),
                                "support_intervention_id": intervention.id,
                            }
                        )
                    )
                if intervention.version_update:
                    lines.append(
                        Command.create(
                            {
                                "product_id": update.id,
                                "quantity": 1,
                                "price_unit": intervention.version_update_amount,
                                "support_intervention_id": intervention.id,
                            }
                        )
                    )
            invoices_values.append(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_origin": self.env._("Out-of-contract interventions"),
                    "invoice_line_ids": lines,
                }
            )
        invoices = (
            self.env["account.move"]
            .with_company(company)
            ._gesticlean_protected_write()
            .create(invoices_values)
            .with_env(self.env)
        )
        invoices.invoice_line_ids._gesticlean_link_timesheets()
        return invoices, skipped
