"""Written termination requests of support contracts: confirmation by a manager,
withdrawal, never deleted."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools import commitment_year


class TerminationRequest(models.Model):
    """A client's written request to end its support contract.

    The vendor's terms: the client writes (letter or e-mail), the support team calls
    to confirm, and the contract ends at the end of the current commitment year.
    The client may withdraw the request until then. Requests are never deleted.
    """

    _name = "gesticlean.termination.request"
    _description = "Support Contract Termination Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "gesticlean.protected.fields"]
    _order = "received_date desc, id desc"
    _check_company_auto = True
    # the state moves only through action_confirm / action_withdraw (managers)
    _gesticlean_protected_fields = (
        "state",
        "confirmed_by_id",
        "confirmed_date",
        "withdrawn_date",
        "effective_date",
        "partner_id",
        "company_id",
    )
    _gesticlean_frozen_fields = ("contract_id",)
    # what the client wrote: editable while the request is pending, then kept
    _gesticlean_request_fields = ("channel", "received_date", "document", "reason_id")

    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_support_contract", "=", True)],
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    channel = fields.Selection(
        selection=[("letter", "Letter"), ("email", "E-mail")],
        required=True,
        tracking=True,
        help="Termination is accepted only in writing: a letter to the postal "
        "address or an e-mail.",
    )
    received_date = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    document = fields.Binary(
        string="Written Request",
        attachment=True,
        required=True,
        help="The letter (scan) or the e-mail received from the client.",
    )
    document_name = fields.Char()
    reason_id = fields.Many2one(
        comodel_name="contract.terminate.reason",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    comment = fields.Text(tracking=True)
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("confirmed", "Confirmed"),
            ("withdrawn", "Withdrawn"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    effective_date = fields.Date(
        string="Ends On",
        compute="_compute_effective_date",
        store=True,
        help="Last day of the commitment year in which the request was received: "
        "the contract ends on that day once the request is confirmed.",
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    confirmed_date = fields.Date(readonly=True)
    withdrawn_date = fields.Date(readonly=True)

    @api.depends("received_date", "contract_id.date_start")
    def _compute_effective_date(self):
        for request in self:
            start = request.contract_id.date_start
            if start and request.received_date:
                request.effective_date = commitment_year(start, request.received_date)[
                    1
                ]
            else:
                request.effective_date = False

    @api.depends("contract_id", "received_date")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Termination of %(contract)s (%(date)s)",
                contract=request.contract_id.display_name or "",
                date=format_date(self.env, request.received_date)
                if request.received_date
                else "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        for request in requests:
            request._check_can_request()
            request._schedule_confirmation_call()
        return requests

    def write(self, vals):
        if not self._gesticlean_is_trusted_write():
            changed = self.filtered(
                lambda request: request.state != "requested"
            )._gesticlean_changed_fields(
                vals, set(self._gesticlean_request_fields) & set(vals)
            )
            if changed:
                raise UserError(
                    self.env._(
                        "A confirmed or withdrawn termination request is kept as "
                        "received: %(fields)s can no longer be changed.",
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in sorted(changed)
                        ),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kept(self):
        raise UserError(
            self.env._(
                "Termination requests are kept as evidence: withdraw the request "
                "instead of deleting it."
            )
        )

    def _check_can_request(self):
        self.ensure_one()
        if not self.document:
            raise ValidationError(
                self.env._(
                    "Attach the client's written request (the letter or the e-mail): "
                    "a termination is only accepted in writing."
                )
            )
        contract = self.contract_id
        if not contract.is_support_contract:
            raise UserError(
                self.env._("Only support contracts take termination requests.")
            )
        others = contract.termination_request_ids.filtered(
            lambda r: r != self and r.state in ("requested", "confirmed")
        )
        if others or contract.is_terminated:
            raise UserError(
                self.env._(
                    "%(contract)s already has a termination in progress.",
                    contract=contract.display_name,
                )
            )

    def _schedule_confirmation_call(self):
        """Plan the call that confirms the termination with the client."""
        contract = self.contract_id
        user = contract.company_id._gesticlean_manager_to_notify(contract.user_id)
        self.activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._("Call the client to confirm the termination"),
            user_id=user.id,
        )

    def _check_manager(self):
        if not self.env.user.has_group("gesticlean_support.group_support_manager"):
            raise AccessError(
                self.env._(
                    "Only support managers can confirm or withdraw terminations."
                )
            )

    def action_confirm(self):
        """The client confirmed by phone: end the contract at the commitment end."""
        self._check_manager()
        for request in self:
            if request.state != "requested":
                raise UserError(self.env._("Only a pending request can be confirmed."))
            request.contract_id._terminate_contract(
                request.reason_id,
                request.comment,
                request.effective_date,
                terminate_lines_with_last_date_invoiced=True,
            )
            request._gesticlean_protected_write().write(
                {
                    "state": "confirmed",
                    "confirmed_by_id": self.env.uid,
                    "confirmed_date": fields.Date.context_today(self),
                }
            )
            request.activity_feedback(["mail.mail_activity_data_call"])
        return True

    def action_withdraw(self):
        """The client withdraws its request: the contract goes on."""
        self._check_manager()
        today = fields.Date.context_today(self)
        for request in self:
            if request.state == "withdrawn":
                continue
            contract = request.contract_id
            if request.state == "confirmed":
                if request.effective_date < today:
                    raise UserError(
                        self.env._(
                            "%(contract)s ended on %(date)s: too late to withdraw the "
                            "termination.",
                            contract=contract.display_name,
                            date=format_date(self.env, request.effective_date),
                        )
                    )
                contract._gesticlean_resume(request.effective_date)
            request._gesticlean_protected_write().write(
                {"state": "withdrawn", "withdrawn_date": today}
            )
            request.activity_unlink(["mail.mail_activity_data_call"])
        return True
