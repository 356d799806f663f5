"""Helpdesk tickets at intake: the call, the caller, the callback number, the
urgency, and whether the client is under contract (coverage) or billable."""

from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .guards import ACCOUNTANT, SUPPORT_INTAKE, check_caller


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "gesticlean.protected.fields"]
    # derived by the module (coverage, callback queue), never taken from a client:
    # intake cannot make a billable call "under contract"; the day of the call
    # decides the coverage, so it is not taken either
    _gesticlean_protected_fields = (
        "intake_date",
        "coverage",
        "coverage_contract_id",
        "callback_waiting",
        "queue_rank",
        "callback_due",
        "callback_deadline",
        "first_callback_date",
        "first_callback_hours",
        "target_met",
        "appointment_event_id",
        "backup_workstation_id",
        "backup_open",
    )

    urgency = fields.Selection(
        selection=[
            ("blocked", "Blocked"),
            ("degraded", "Degraded"),
            ("question", "Question"),
        ],
        default="question",
        required=True,
        tracking=True,
        help="Blocked: the shop cannot work. Degraded: it works, badly. Question: "
        "a question about GestiClean.",
    )
    caller_name = fields.Char(help="Who called, to ask for them on the callback.")
    callback_phone = fields.Char(
        compute="_compute_callback_phone",
        store=True,
        readonly=False,
        help="Number to call back; the shop's support phone unless the caller gave "
        "another one. Typed in any format, stored in E.164.",
    )
    callback_phone_display = fields.Char(compute="_compute_callback_phone_display")
    intake_date = fields.Datetime(
        string="Call Received",
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
    )
    coverage_contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Support Contract",
        compute="_compute_coverage",
        store=True,
        help="The support contract covering the client on the day of the call.",
    )
    billing_notice_given = fields.Boolean(
        string="Client Told It Is Billable",
        tracking=True,
        help="Out of contract: the client was told, before the callback, that the "
        "intervention is billed per half-hour.",
    )
    billing_notice = fields.Char(compute="_compute_billing_notice")
    coverage = fields.Selection(
        selection=[
            ("contract", "Under contract"),
            ("billable", "Out of contract (billable)"),
        ],
        compute="_compute_coverage",
        store=True,
        help="Computed at intake: under contract when the client has an active "
        "support contract that day, otherwise the intervention is billed.",
    )
    shop_teamviewer_id = fields.Char(
        string="Shop TeamViewer ID", related="commercial_partner_id.teamviewer_id"
    )
    shop_equipment = fields.Selection(related="commercial_partner_id.shop_equipment")
    shop_calendar_id = fields.Many2one(related="commercial_partner_id.shop_calendar_id")
    intervention_ids = fields.One2many(
        comodel_name="support.intervention", inverse_name="ticket_id"
    )
    intervention_count = fields.Integer(compute="_compute_intervention_count")

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends("number", "name")
    def _compute_display_name(self):
        """« HT00011 – Caisse bloquée »; a call not yet saved reads « Nouvel appel »
        (helpdesk_mgmt writes « / - False »)."""
        for ticket in self:
            number = ticket.number if ticket.number not in (False, "/") else ""
            name = ticket.name or ""
            if number and name:
                ticket.display_name = f"{number} – {name}"
            else:
                ticket.display_name = number or name or self.env._("New call")

    @api.depends("partner_id")
    def _compute_callback_phone(self):
        for ticket in self:
            ticket.callback_phone = (
                ticket.commercial_partner_id.support_phone or ticket.callback_phone
            )

    @api.depends("callback_phone")
    def _compute_callback_phone_display(self):
        for ticket in self:
            ticket.callback_phone_display = self.env[
                "res.partner"
            ]._gesticlean_phone_for_people(ticket.callback_phone)

    @api.depends("partner_id", "intake_date", "company_id")
    def _compute_coverage(self):
        # one look-up per day of call (and company), whatever the number of
        # tickets and clients
        by_day = defaultdict(lambda: self.browse())
        for ticket in self:
            company = ticket.company_id or self.env.company
            by_day[ticket._gesticlean_day(), company] |= ticket
        for (day, company), tickets in by_day.items():
            contracts = tickets.commercial_partner_id._gesticlean_contracts_on(
                day, company
            )
            for ticket in tickets:
                contract = contracts.get(ticket.commercial_partner_id)
                ticket.coverage_contract_id = contract
                ticket.coverage = "contract" if contract else "billable"

    @api.depends("coverage", "company_id")
    def _compute_billing_notice(self):
        Intervention = self.env["support.intervention"]
        for ticket in self:
            if ticket.coverage != "billable":
                ticket.billing_notice = False
                continue
            rates = Intervention._gesticlean_rates(
                ticket.company_id or self.env.company
            )
            ticket.billing_notice = self.env._(
                "billable: %(price)s excl. taxes %(unit)s",
                price=format_amount(self.env, rates["unit_price"], rates["currency"]),
                unit=rates["unit_text"],
            )

    def _compute_intervention_count(self):
        counts = dict(
            self.env["support.intervention"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.intervention_count = counts.get(ticket, 0)

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        """helpdesk_mgmt assigns a new ticket to its author: only when the author
        is a technician, the intake leaves it to the callback queue."""
        defaults = super().default_get(fields_list)
        if defaults.get("user_id") == self.env.uid and not self.env.user.has_group(
            "gesticlean_support.group_support_technician"
        ):
            defaults["user_id"] = False
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gesticlean_normalize_callback_phone(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._gesticlean_normalize_callback_phone(vals)
        if not self._gesticlean_is_trusted_write():
            self._gesticlean_check_shop_kept(vals)
        return super().write(vals)

    def _gesticlean_check_shop_kept(self, vals):
        """Once handled, a ticket stays with its shop and company: its
        interventions follow it (their coverage, billing, and the client portal
        that shows them)."""
        if "partner_id" not in vals and "company_id" not in vals:
            return
        handled = self.sudo().filtered("intervention_ids")
        moved = handled.browse()
        if "partner_id" in vals:
            shop = (
                self.env["res.partner"]
                .browse(vals["partner_id"])
                .sudo()
                .commercial_partner_id
            )
            moved |= handled.filtered(lambda t: t.commercial_partner_id != shop)
        if "company_id" in vals:
            moved |= handled.filtered(lambda t: t.company_id.id != vals["company_id"])
        if moved:
            raise UserError(
                self.env._(
                    "%(tickets)s already has interventions: its client and company "
                    "can no longer be changed. Create a new ticket instead.",
                    tickets=", ".join(moved.mapped("number")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_interventions(self):
        handled = self.filtered("intervention_ids")
        if handled:
            raise UserError(
                self.env._(
                    "Tickets with interventions are never deleted, so that ratings "
                    "and billed time keep their history. Archive %(tickets)s instead.",
                    tickets=", ".join(handled.mapped("number")),
                )
            )

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_view_interventions(self):
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_INTAKE, ACCOUNTANT],
            self.env._("Only the support team and accountants see interventions."),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gesticlean_support.action_support_intervention"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_day(self):
        """The day of the call, in the time zone of the support hours."""
        moment = self.intake_date or fields.Datetime.now()
        tz = (self.company_id or self.env.company)._gesticlean_support_tz()
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _gesticlean_normalize_callback_phone(self, vals):
        """The callback number in E.164, read with the shop's country."""
        if vals.get("callback_phone"):
            partner = (
                self.env["res.partner"].browse(vals["partner_id"])
                if vals.get("partner_id")
                else self.partner_id[:1]
            )
            vals["callback_phone"] = partner.commercial_partner_id._gesticlean_e164(
                vals["callback_phone"]
            )

    # ------------------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------------------

    def _track_template(self, tracking):
        """One French e-mail when a call is closed: a call solved by an
        intervention gets the rating request only (sent by the intervention);
        any other closing gets the module's notice in the client's language
        instead of helpdesk_mgmt's English one."""
        res = super()._track_template(tracking)
        oca_notice = self.env.ref(
            "helpdesk_mgmt.closed_ticket_template", raise_if_not_found=False
        )
        if not oca_notice or res.get("stage_id", (None,))[0] != oca_notice:
            return res
        last = self[0].intervention_ids.sorted("date_start")[-1:]
        ours = self.env.ref(
            "gesticlean_support.mail_template_ticket_closed", raise_if_not_found=False
        )
        if last.outcome == "solved" or not ours:
            del res["stage_id"]
        else:
            res["stage_id"] = (ours, res["stage_id"][1])
        return res
