from datetime import datetime, time

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools import billed_units, hours_to_minutes

#: Longest comment a client may leave with a rating (characters).
RATING_FEEDBACK_MAX = 1000
#: The three smileys of the rating e-mail and page: score -> icon.
RATING_SMILEYS = {5: "\N{GRINNING FACE}", 3: "\N{NEUTRAL FACE}", 1: "\u2639\ufe0f"}
RATING_SINCE_PARAM = "gesticlean_support.rating_statistics_since"
RATING_SINCE_DEFAULT = "2020-01-22"


class SupportIntervention(models.Model):
    _name = "support.intervention"
    _description = "Support Intervention"
    # rating.mixin brings mail.thread
    _inherit = ["portal.mixin", "mail.activity.mixin", "rating.mixin"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["ticket_id", "partner_id"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        related="ticket_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    urgency = fields.Selection(related="ticket_id.urgency", store=True)
    coverage = fields.Selection(related="ticket_id.coverage", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    date_start = fields.Datetime(
        string="Start", default=fields.Datetime.now, required=True, tracking=True
    )
    date_end = fields.Datetime(string="End", tracking=True)
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        aggregator="sum",
    )
    channel = fields.Selection(
        selection=[("phone", "Phone"), ("teamviewer", "TeamViewer")],
        default="phone",
        required=True,
        tracking=True,
    )
    outcome = fields.Selection(
        selection=[
            ("solved", "Solved"),
            ("followup", "Follow-up needed"),
            ("callback", "Callback planned"),
        ],
        tracking=True,
    )
    notes = fields.Html()
    state = fields.Selection(
        selection=[("running", "Running"), ("done", "Done")],
        compute="_compute_state",
        store=True,
    )
    teamviewer_id = fields.Char(
        string="TeamViewer ID", related="ticket_id.shop_teamviewer_id"
    )
    callback_phone = fields.Char(related="ticket_id.callback_phone")

    # Out-of-contract billing (time logged with timesheets, billed per started unit)
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
    billed_units = fields.Integer(
        string="Units Billed",
        compute="_compute_billing",
        store=True,
        help="Started billing units (half-hours by default) in the time logged.",
    )
    billed_amount = fields.Monetary(
        string="Amount to Bill",
        compute="_compute_billing",
        store=True,
        currency_field="currency_id",
        help="Excluding taxes: the units at the half-hour price, plus the version "
        "update fee.",
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

    def init(self):
        res = super().init()
        # the daily totals of the public statistics page follow every change
        self.env["support.rating.statistic"]._gesticlean_create_triggers()
        return res

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for intervention in self:
            if intervention.date_start and intervention.date_end:
                delta = intervention.date_end - intervention.date_start
                intervention.duration = delta.total_seconds() / 3600
            else:
                intervention.duration = 0.0

    @api.depends("ticket_id.coverage")
    def _compute_billable(self):
        for intervention in self:
            intervention.billable = intervention.ticket_id.coverage == "billable"

    @api.depends(
        "timesheet_ids.unit_amount",
        "version_update",
        "billable",
        "company_id.gesticlean_billing_unit",
    )
    def _compute_billing(self):
        half_hour, update = self._gesticlean_billing_products()
        for intervention in self:
            minutes = sum(
                hours_to_minutes(line.unit_amount)
                for line in intervention.timesheet_ids
            )
            unit = intervention.company_id.gesticlean_billing_unit or 30
            units = billed_units(minutes, unit) if intervention.billable else 0
            intervention.logged_minutes = minutes
            intervention.billed_units = units
            intervention.billed_amount = (
                units * half_hour.lst_price
                + (update.lst_price if intervention.version_update else 0.0)
                if intervention.billable
                else 0.0
            )

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

    @api.depends("date_end")
    def _compute_state(self):
        for intervention in self:
            intervention.state = "done" if intervention.date_end else "running"

    @api.depends("ticket_id", "date_start")
    def _compute_display_name(self):
        for intervention in self:
            intervention.display_name = self.env._(
                "%(ticket)s, %(start)s",
                ticket=intervention.ticket_id.number or "",
                start=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, intervention.date_start)
                )[:16]
                if intervention.date_start
                else "",
            )

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for intervention in self:
            if (
                intervention.date_end
                and intervention.date_end < intervention.date_start
            ):
                raise ValidationError(
                    self.env._("An intervention cannot end before it starts.")
                )

    @api.constrains("date_end", "outcome")
    def _check_outcome(self):
        for intervention in self:
            if intervention.date_end and not intervention.outcome:
                raise ValidationError(
                    self.env._(
                        "Give the outcome of the intervention (solved, follow-up "
                        "needed or callback planned) before ending it."
                    )
                )

    def _compute_access_url(self):
        for intervention in self:
            intervention.access_url = "/my/interventions"

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_done(self):
        """End the intervention now; a solved problem closes the ticket."""
        for intervention in self:
            if intervention.date_end:
                raise UserError(self.env._("This intervention is already ended."))
            if not intervention.outcome:
                raise UserError(
                    self.env._(
                        "Give the outcome of the intervention (solved, follow-up "
                        "needed or callback planned) before ending it."
                    )
                )
            intervention.date_end = max(fields.Datetime.now(), intervention.date_start)
        self._gesticlean_log_timer()
        self._gesticlean_close_solved_tickets()
        self._gesticlean_send_rating_request()

    def _gesticlean_close_solved_tickets(self):
        done = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False
        )
        if not done:
            return
        tickets = self.filtered(lambda i: i.outcome == "solved").ticket_id
        for ticket in tickets:
            if not ticket.stage_id.closed and all(
                intervention.date_end for intervention in ticket.intervention_ids
            ):
                ticket.stage_id = done

    # ------------------------------------------------------------------------------
    # Out-of-contract billing
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_billing_products(self):
        return (
            self.env.ref("gesticlean_support.product_out_of_contract_half_hour"),
            self.env.ref("gesticlean_support.product_version_update"),
        )

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
        """« 12/03/2026 – HT00042 – Julien Favre : 0h41, 2 demi-heure(s) »."""
        self.ensure_one()
        lang = self.partner_id.lang or "fr_FR"
        env = self.with_context(lang=lang).env
        # (no f-string here: Babel's extractor of Odoo 18 loses the terms after it)
        hours, minutes = divmod(self.logged_minutes, 60)
        return env._(
            "%(date)s – %(ticket)s – %(technician)s: %(time)s spent, %(units)s "
            "unit(s) billed",
            date=format_date(env, self.date_start, lang_code=lang),
            ticket=self.ticket_id.number or "",
            technician=self.user_id.name,
            time=str(hours) + "h" + str(minutes).zfill(2),
            units=self.billed_units,
        )

    @api.model
    def _gesticlean_invoice_out_of_contract(self, date_to):
        """Create one draft invoice per client for its interventions ended by
        ``date_to`` that are billable and not invoiced yet.

        :return: (invoices created, {intervention: reason} of those skipped)
        """
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only accountants invoice out-of-contract interventions.")
            )
        limit = datetime.combine(date_to, time.max)
        Intervention = self.sudo()
        candidates = Intervention.search(
            [
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
        to_bill = candidates.filtered(lambda i: i.invoice_state == "to_invoice")
        half_hour, update = self._gesticlean_billing_products()
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
                                "product_id": half_hour.id,
                                "quantity": intervention.billed_units,
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
                                "support_intervention_id": intervention.id,
                            }
                        )
                    )
            invoices_values.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_origin": self.env._("Out-of-contract interventions"),
                    "invoice_line_ids": lines,
                }
            )
        invoices = self.env["account.move"].create(invoices_values)
        invoices.invoice_line_ids._gesticlean_link_timesheets()
        return invoices, skipped

    # ------------------------------------------------------------------------------
    # Ratings
    # ------------------------------------------------------------------------------

    def _rating_get_partner(self):
        return self.partner_id

    def _gesticlean_rating(self):
        """The one rating of the intervention, created on first use (sudo)."""
        self.ensure_one()
        self.check_access("read")
        # checked above; sudo as portal users may read neither ratings nor users
        intervention = self.sudo()
        rating = intervention.rating_ids[:1]
        if not rating:
            rating = (
                self.env["rating.rating"]
                .sudo()
                .create(
                    {
                        "partner_id": intervention.partner_id.id,
                        "rated_partner_id": intervention.user_id.partner_id.id,
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": intervention.id,
                        "is_internal": False,
                    }
                )
            )
        return rating

    def _gesticlean_rating_token(self):
        return self._gesticlean_rating().access_token

    def _gesticlean_send_rating_request(self):
        """Ask the client for a rating by e-mail, in the client's language."""
        template = self.env.ref(
            "gesticlean_support.mail_template_intervention_rating",
            raise_if_not_found=False,
        )
        if not template:
            return
        for intervention in self.filtered("partner_id"):
            intervention._gesticlean_rating()
            intervention.rating_send_request(template, force_send=False)

    def _gesticlean_apply_rating(self, rating, score, feedback):
        """Record the client's choice; a repeated identical submission is a no-op.

        ``rating`` is the sudo rating.rating of this intervention. Returns True when
        something changed.
        """
        self.ensure_one()
        feedback = (feedback or "").strip()
        if (
            rating.consumed
            and int(rating.rating) == score
            and (rating.feedback or "") == feedback
        ):
            return False
        was_sad = rating.consumed and int(rating.rating) == 1
        self.sudo().rating_apply(score, rating=rating, feedback=feedback or False)
        if score == 1 and not was_sad:
            self._gesticlean_schedule_sad_call()
        return True

    def _gesticlean_schedule_sad_call(self):
        manager = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env.ref("gesticlean_support.group_support_manager").id,
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ],
                order="id",
                limit=1,
            )
        )
        self.sudo().activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._("Call the client: unhappy rating"),
            note=self.env._(
                "%(client)s gave the lowest rating to intervention %(name)s.",
                client=self.partner_id.display_name,
                name=self.display_name,
            ),
            user_id=(manager or self.env.ref("base.user_admin")).id,
        )

    @api.model
    def _gesticlean_rating_statistics(self, date_from=None):
        """The figures of the public statistics page, in a fixed number of queries.

        Summed from the daily totals kept by ``support.rating.statistic``: an
        intervention counts on the day it ended, under contract, rated, rated top.

        :param date_from: first day counted (date); defaults to the configured
            ``gesticlean_support.rating_statistics_since`` (22/01/2020).
        :return: dict with ``since``, ``rating_count``, ``top_count``,
            ``top_share`` (0-100, rounded), ``contract_count``, ``last_update``.
        """
        if date_from is None:
            date_from = fields.Date.to_date(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(RATING_SINCE_PARAM, RATING_SINCE_DEFAULT)
            )
        contract_count, rating_count, top_count, last_change = (
            self.env["support.rating.statistic"].sudo()._gesticlean_totals(date_from)
        )
        return {
            "since": date_from,
            "rating_count": rating_count,
            "top_count": top_count,
            "top_share": round(100 * top_count / rating_count) if rating_count else 0,
            "contract_count": contract_count,
            "last_update": last_change.date() if last_change else None,
        }
