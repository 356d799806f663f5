"""Direct debit when creating or switching a contract: mandate and IBAN."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base_iban.models.res_partner_bank import normalize_iban, validate_iban

from ..models.guards import SUPPORT_MANAGER, check_caller

PAYMENT_CHOICES = [
    ("manual", "Bank transfer or cheque"),
    ("direct_debit", "SEPA direct debit"),
]


class ContractPaymentMixin(models.AbstractModel):
    """How a support contract is paid, as the contract wizards ask it: by transfer,
    or by SEPA direct debit with a mandate of the client, chosen among its valid
    ones or recorded here (IBAN, signature date, the signed mandate)."""

    _name = "gesticlean.contract.payment.mixin"
    _description = "Support Contract Payment"

    payment_choice = fields.Selection(
        selection=PAYMENT_CHOICES, string="Payment", default="manual", required=True
    )
    mandate_partner_id = fields.Many2one(
        comodel_name="res.partner", compute="_compute_mandate_partner_id"
    )
    mandate_id = fields.Many2one(
        comodel_name="account.banking.mandate",
        string="SEPA Mandate",
        domain="[('partner_id', '=', mandate_partner_id), ('state', '=', 'valid')]",
        help="A valid mandate of the client; leave empty to record a new one below.",
    )
    iban = fields.Char(string="IBAN", help="The client's account to debit.")
    mandate_reference = fields.Char(
        string="Mandate Reference (RUM)",
        help="Unique mandate reference printed on the signed mandate; left empty, "
        "the next number of the sequence is given.",
    )
    mandate_signature_date = fields.Date(string="Signed on")
    mandate_scan = fields.Binary(string="Signed Mandate", attachment=False)
    mandate_scan_name = fields.Char()

    def _mandate_partner(self):
        """The client whose mandate pays the contract (overridden)."""
        return self.env["res.partner"]

    @api.depends_context("uid")
    def _compute_mandate_partner_id(self):
        for wizard in self:
            wizard.mandate_partner_id = wizard._mandate_partner().commercial_partner_id

    def _gesticlean_payment_values(self, company):
        """Contract values of the chosen payment; records the new mandate if any."""
        self.ensure_one()
        if self.payment_choice != "direct_debit":
            return {"payment_mode_id": False, "mandate_id": False}
        mode = company.gesticlean_debit_mode_id
        if not mode:
            raise ValidationError(
                self.env._(
                    "%(company)s has no SEPA direct debit payment mode: an accountant "
                    "sets it up (bank journal with the company's IBAN, creditor "
                    "identifier ICS).",
                    company=company.name,
                )
            )
        client = self.mandate_partner_id
        mandate = self.mandate_id or self._gesticlean_create_mandate(client, company)
        return {"payment_mode_id": mode.id, "mandate_id": mandate.id}

    def _gesticlean_create_mandate(self, client, company):
        if not self.iban:
            raise ValidationError(
                self.env._(
                    "Direct debit needs a mandate: choose one of the client's valid "
                    "mandates, or type the IBAN of the signed mandate."
                )
            )
        try:
            validate_iban(self.iban)
        except ValidationError as error:
            raise ValidationError(
                self.env._(
                    "“%(iban)s” is not a valid IBAN: %(error)s",
                    iban=self.iban,
                    error=str(error.args[0]),
                )
            ) from None
        if not self.mandate_signature_date:
            raise ValidationError(
                self.env._("Enter the date the client signed the mandate.")
            )
        if not self.mandate_scan:
            raise ValidationError(
                self.env._("Attach the mandate signed by the client (scan or PDF).")
            )
        number = normalize_iban(self.iban).upper()
        bank = client.bank_ids.filtered(lambda b: b.sanitized_acc_number == number)[
            :1
        ] or self.env["res.partner.bank"].create(
            {"partner_id": client.id, "acc_number": number}
        )
        mandate = self.env["account.banking.mandate"].create(
            {
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
                "partner_bank_id": bank.id,
                "company_id": company.id,
                "signature_date": self.mandate_signature_date,
                "scan": self.mandate_scan,
                "unique_mandate_reference": (self.mandate_reference or "").strip()
                or "/",
            }
        )
        mandate.validate()
        return mandate

    def _gesticlean_set_client_payment_mode(self, client, company, values):
        """The client's other invoices (out-of-contract work) follow the contract."""
        client.with_company(company).sudo().write(
            {"customer_payment_mode_id": values["payment_mode_id"]}
        )


class ContractPaymentWizard(models.TransientModel):
    """Switch an existing support contract to direct debit, or back to transfer."""

    _name = "gesticlean.contract.payment.wizard"
    _inherit = "gesticlean.contract.payment.mixin"
    _description = "Support Contract Payment"

    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        domain=[("is_support_contract", "=", True)],
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        contract = self.env["contract.contract"].browse(res.get("contract_id"))
        if contract.exists() and contract.gesticlean_direct_debit:
            res["payment_choice"] = "direct_debit"
            if contract.mandate_id.state == "valid":
                res["mandate_id"] = contract.mandate_id.id
        return res

    def _mandate_partner(self):
        return self.contract_id.partner_id

    @api.depends("contract_id")
    def _compute_mandate_partner_id(self):
        return super()._compute_mandate_partner_id()

    def action_apply(self):
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers set how a contract is paid."),
        )
        contract = self.contract_id
        contract._gesticlean_check_support_contract()
        company = contract.company_id
        values = self._gesticlean_payment_values(company)
        contract.write(values)
        self._gesticlean_set_client_payment_mode(
            contract.partner_id.commercial_partner_id, company, values
        )
        contract.message_post(
            body=self.env._(
                "Payment set to: %(payment)s.",
                payment=contract.gesticlean_payment_label,
            )
        )
        return {"type": "ir.actions.act_window_close"}


class SupportContractWizard(models.TransientModel):
    """The new-contract wizard asks how the contract is paid, and the client's
    SIREN / SIRET when a French client has none (e-invoicing)."""

    _name = "gesticlean.support.contract.wizard"
    _inherit = [
        "gesticlean.support.contract.wizard",
        "gesticlean.contract.payment.mixin",
    ]

    siren_missing = fields.Boolean(related="partner_id.gesticlean_siren_missing")
    siren = fields.Char(string="SIREN")
    siret = fields.Char(string="SIRET")

    def _mandate_partner(self):
        return self.partner_id

    @api.depends("partner_id")
    def _compute_mandate_partner_id(self):
        return super()._compute_mandate_partner_id()

    def _contract_values(self):
        values = super()._contract_values()
        shop = self.partner_id.commercial_partner_id
        if self.siren or self.siret:
            shop.write(
                {
                    key: value
                    for key, value in (("siren", self.siren), ("siret", self.siret))
                    if value
                }
            )
        payment = self._gesticlean_payment_values(self.company_id)
        self._gesticlean_set_client_payment_mode(shop, self.company_id, payment)
        values.update(payment)
        return values
