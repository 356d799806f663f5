"""The month's direct debit order: preview of the due invoices, then OCA's order."""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date


class DirectDebitOrderWizard(models.TransientModel):
    """The accountant's monthly SEPA direct debit order of the support invoices.

    It previews how many invoices will be debited and for how much, and which are
    left out and why; then builds OCA's payment order from them (one payment line
    per invoice, OCA groups them per client and mandate) and confirms it. The
    pain.008 file, its XSD check, the first / recurring sequence types and the
    "uploaded" step stay OCA's (``account_banking_sepa_direct_debit``).
    """

    _name = "gesticlean.direct.debit.wizard"
    _description = "Monthly Direct Debit Order"

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    payment_mode_id = fields.Many2one(
        comodel_name="account.payment.mode",
        required=True,
        default=lambda self: self.env.company.gesticlean_debit_mode_id,
        domain="[('company_id', '=', company_id), "
        "('payment_method_id.code', '=', 'sepa_direct_debit')]",
    )
    date_due = fields.Date(
        string="Due up to",
        required=True,
        default=lambda self: self._default_date_due(),
        help="Support invoices due on or before this date are debited.",
    )
    invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices to Debit",
        compute="_compute_preview",
    )
    invoice_count = fields.Integer(string="Invoices", compute="_compute_preview")
    amount_total = fields.Monetary(string="Total", compute="_compute_preview")
    excluded_count = fields.Integer(string="Left Out", compute="_compute_preview")
    excluded_html = fields.Html(
        string="Left Out of the Order", compute="_compute_preview", sanitize=True
    )
    setup_error = fields.Char(compute="_compute_preview")

    @api.model
    def _default_date_due(self):
        today = fields.Date.context_today(self)
        return today + relativedelta(day=31)

    @api.depends("company_id", "payment_mode_id", "date_due")
    def _compute_preview(self):
        for wizard in self:
            invoices, excluded = wizard._gesticlean_split()
            wizard.invoice_ids = invoices
            wizard.invoice_count = len(invoices)
            wizard.amount_total = sum(invoices.mapped("amount_residual"))
            wizard.excluded_count = len(excluded)
            wizard.excluded_html = wizard._excluded_table(excluded)
            wizard.setup_error = wizard._gesticlean_setup_error()

    # ------------------------------------------------------------------------------
    # Selection
    # ------------------------------------------------------------------------------

    def _get_candidate_domain(self):
        """Posted support invoices of the company, not paid, due by ``date_due``
        and carrying the direct debit payment mode."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("payment_mode_id", "=", self.payment_mode_id.id),
            ("invoice_date_due", "<=", self.date_due),
            (
                "invoice_line_ids.product_id.product_tmpl_id.gesticlean_support_product",
                "=",
                True,
            ),
        ]

    def _gesticlean_split(self):
        """(invoices to debit, {invoice left out: reason})."""
        self.ensure_one()
        Move = self.env["account.move"]
        if not (self.payment_mode_id and self.date_due):
            return Move, {}
        candidates = Move.search(
            self._get_candidate_domain(), order="invoice_date_due, name, id"
        )
        excluded = candidates._gesticlean_debit_exclusions()
        return candidates.filtered(lambda move: move not in excluded), excluded

    def _gesticlean_setup_error(self):
        """What the company lacks to debit anyone (a French sentence), or ``""``."""
        self.ensure_one()
        mode = self.payment_mode_id
        if not mode:
            return self.env._("Choose the SEPA direct debit payment mode.")
        if not (
            mode.sepa_creditor_identifier or self.company_id.sepa_creditor_identifier
        ):
            return self.env._(
                "The company has no SEPA creditor identifier (ICS): enter it in "
                "Invoicing > Configuration > Settings."
            )
        journal = mode.fixed_journal_id
        if mode.bank_account_link != "fixed" or not journal:
            return self.env._(
                "The payment mode “%(mode)s” has no fixed bank journal: choose the "
                "company's SEPA direct debit payment mode.",
                mode=mode.name,
            )
        if not journal.bank_account_id.acc_number:
            return self.env._(
                "The bank journal of the payment mode “%(mode)s” has no bank account "
                "(IBAN) to credit.",
                mode=mode.name,
            )
        return ""

    def _excluded_table(self, excluded):
        if not excluded:
            return False
        rows = Markup("").join(
            Markup(
                "<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td><td>%s</td></tr>"
            )
            % (
                move.name,
                move.commercial_partner_id.display_name,
                format_amount(self.env, move.amount_residual, move.currency_id),
                reason,
            )
            for move, reason in excluded.items()
        )
        head = Markup(
            "<thead><tr><th>%s</th><th>%s</th><th class='text-end'>%s</th>"
            "<th>%s</th></tr></thead>"
        ) % (
            self.env._("Invoice No."),
            self.env._("Client"),
            self.env._("Amount due"),
            self.env._("Why it is left out"),
        )
        return Markup("<table class='table table-sm'>%s<tbody>%s</tbody></table>") % (
            head,
            rows,
        )

    # ------------------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------------------

    def action_create_order(self):
        """Build and confirm the direct debit order; open it (next: generate the
        pain.008 file, send it to the bank, mark it uploaded)."""
        self.ensure_one()
        if not self.env.user.has_group("account_payment_order.group_account_payment"):
            raise AccessError(
                self.env._(
                    "Only accountants in charge of payments create direct debit orders."
                )
            )
        error = self._gesticlean_setup_error()
        if error:
            raise UserError(error)
        invoices, excluded = self._gesticlean_split()
        if not invoices:
            raise UserError(
                self.env._(
                    "No support invoice to debit up to %(date)s.",
                    date=format_date(self.env, self.date_due),
                )
            )
        try:
            with self.env.cr.savepoint():
                order = self.env["account.payment.order"].create(
                    self._prepare_order_values()
                )
                receivables = invoices.line_ids.filtered(
                    lambda line: (
                        line.account_type == "asset_receivable" and not line.reconciled
                    )
                )
                receivables.create_payment_line_from_move_line(order)
                order.draft2open()
        except errors.UniqueViolation:
            # account_payment_line_live_uniq: another order took some of them
            raise UserError(
                self.env._(
                    "Another direct debit order took some of these invoices "
                    "meanwhile: open Monthly Direct Debits again."
                )
            ) from None
        if excluded:
            order.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._(
                        "%(count)s support invoices left out of this order:",
                        count=len(excluded),
                    ),
                    self._excluded_table(excluded),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }

    def _prepare_order_values(self):
        self.ensure_one()
        return {
            "payment_mode_id": self.payment_mode_id.id,
            "description": self.env._(
                "Support direct debits due up to %(date)s",
                date=format_date(self.env, self.date_due),
            ),
        }
