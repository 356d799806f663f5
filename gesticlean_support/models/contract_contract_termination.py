"""Termination side of support contracts: the support state (active, termination
requested, terminating, terminated), the requests, and resuming a contract."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .guards import SUPPORT_INTAKE, check_caller

SUPPORT_STATES = [
    ("active", "Active"),
    ("termination_requested", "Termination requested"),
    ("terminating", "Terminating"),
    ("terminated", "Terminated"),
]


class ContractContract(models.Model):
    _inherit = "contract.contract"

    support_state = fields.Selection(
        selection=SUPPORT_STATES,
        compute="_compute_support_state",
        search="_search_support_state",
    )
    termination_request_ids = fields.One2many(
        comodel_name="gesticlean.termination.request",
        inverse_name="contract_id",
        string="Termination Requests",
    )

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends("is_terminated", "terminate_date", "termination_request_ids.state")
    @api.depends_context("date_ref")
    def _compute_support_state(self):
        today = self._date_ref()
        for contract in self:
            if not contract.is_support_contract:
                contract.support_state = False
            elif contract.is_terminated:
                contract.support_state = (
                    "terminated"
                    if contract.terminate_date and contract.terminate_date < today
                    else "terminating"
                )
            elif "requested" in contract.termination_request_ids.mapped("state"):
                contract.support_state = "termination_requested"
            else:
                contract.support_state = "active"

    def _search_support_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the contract state."))
        values = {value} if isinstance(value, str) else set(value or [])
        today = self._date_ref()
        by_state = {
            "terminated": [
                ("is_terminated", "=", True),
                ("terminate_date", "<", today),
            ],
            "terminating": [
                ("is_terminated", "=", True),
                "|",
                ("terminate_date", "=", False),
                ("terminate_date", ">=", today),
            ],
            "termination_requested": [
                ("is_terminated", "=", False),
                ("termination_request_ids.state", "=", "requested"),
            ],
            "active": [
                ("is_terminated", "=", False),
                ("termination_request_ids.state", "!=", "requested"),
            ],
        }
        domain = expression.OR(
            [by_state[state] for state in values if state in by_state]
        )
        domain = expression.AND(
            [[("is_support_contract", "=", True)], domain or [(0, "=", 1)]]
        )
        if operator in ("!=", "not in"):
            return ["!", *domain]
        return domain

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def _gesticlean_resume(self, end_date):
        """Undo a confirmed termination ending on ``end_date`` (request withdrawn)."""
        for contract in self:
            lines = contract.contract_line_ids.filtered(
                lambda line: line.support_line_kind and line.date_end == end_date
            )
            lines.write({"date_end": False})
            contract.action_cancel_contract_termination()

    def action_gesticlean_termination_request(self):
        """Open a new termination request for this contract (support roles,
        support contracts)."""
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_INTAKE],
            self.env._("Only the support team records termination requests."),
        )
        self._gesticlean_check_support_contract()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gesticlean.termination.request",
            "view_mode": "form",
            "target": "current",
            "context": {"default_contract_id": self.id},
        }
