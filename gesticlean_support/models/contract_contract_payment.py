"""How a support contract is paid: payment mode and SEPA mandate, checked together."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.banking import mask_iban
from .guards import SUPPORT_MANAGER, check_caller


class ContractContract(models.Model):
    """How a support contract is paid: OCA ``contract_payment_mode`` and
    ``contract_mandate`` put the payment mode and the SEPA mandate on each invoice;
    this checks that a contract paid by direct debit has a usable mandate of its
    own client, and shows the payment to the client."""

    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    gesticlean_direct_debit = fields.Boolean(
        string="Paid by Direct Debit",
        compute="_compute_gesticlean_payment",
    )
    gesticlean_payment_label = fields.Char(
        string="Payment",
        compute="_compute_gesticlean_payment",
        help="How the client pays this contract, as the portal shows it.",
    )
    gesticlean_masked_iban = fields.Char(
        string="Debited Account",
        compute="_compute_gesticlean_payment",
    )

    @api.depends("payment_mode_id", "mandate_id")
    def _compute_gesticlean_payment(self):
        for contract in self:
            mode = contract.sudo().payment_mode_id
            mandate = contract.sudo().mandate_id
            contract.gesticlean_direct_debit = bool(
                mode.payment_method_id.mandate_required
            )
            contract.gesticlean_masked_iban = (
                mask_iban(mandate.partner_bank_id.acc_number) if mandate else False
            )
            if contract.gesticlean_direct_debit:
                contract.gesticlean_payment_label = self.env._("SEPA direct debit")
            else:
                contract.gesticlean_payment_label = mode.name or self.env._(
                    "Bank transfer or cheque, on receipt of the invoice"
                )

    @api.constrains(
        "payment_mode_id", "mandate_id", "partner_id", "is_support_contract"
    )
    def _check_gesticlean_direct_debit(self):
        for contract in self.filtered("is_support_contract"):
            if not contract.payment_mode_id.payment_method_id.mandate_required:
                continue
            contract._gesticlean_check_mandate(contract.mandate_id)

    def _gesticlean_check_mandate(self, mandate):
        """Refuse a mandate this contract cannot be debited with, saying why."""
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        error = self.env["account.move"]._gesticlean_mandate_error(mandate, client)
        if error:
            raise ValidationError(
                self.env._(
                    "%(contract)s cannot be paid by direct debit: %(error)s",
                    contract=self.display_name,
                    error=error,
                )
            )

    def action_gesticlean_payment(self):
        """Open the wizard that sets how this contract is paid (managers, support
        contracts)."""
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers set how a contract is paid."),
        )
        self._gesticlean_check_support_contract()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contract Payment"),
            "res_model": "gesticlean.contract.payment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }
