"""Record the debits of an order that the bank returned, with their reason."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class DirectDebitReturnWizard(models.TransientModel):
    """Record the debits of an uploaded order that the bank returned.

    Builds and confirms OCA's payment return (``account_payment_return``): the
    invoices are open again; see ``payment.return`` for what follows.
    """

    _name = "gesticlean.direct.debit.return.wizard"
    _description = "Returned Direct Debits"

    order_id = fields.Many2one(
        comodel_name="account.payment.order",
        string="Direct Debit Order",
        required=True,
        domain=[("state", "=", "uploaded"), ("payment_type", "=", "inbound")],
    )
    payment_ids = fields.Many2many(
        comodel_name="account.payment",
        string="Returned Debits",
        domain="[('payment_order_id', '=', order_id), ('state', 'in', ('in_process', "
        "'paid'))]",
        help="The transactions the bank returned (one per client and mandate).",
    )
    reason_id = fields.Many2one(
        comodel_name="payment.return.reason",
        string="Return Reason",
        help="SEPA reason code given by the bank (AM04 insufficient funds, MD06 "
        "refund requested by the client, ...).",
    )
    date = fields.Date(
        string="Return Date", required=True, default=fields.Date.context_today
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            self.env.context.get("active_model") == "account.payment.order"
            and self.env.context.get("active_id")
            and "order_id" in fields_list
        ):
            res["order_id"] = self.env.context["active_id"]
        return res

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("account_payment_order.group_account_payment"):
            raise AccessError(
                self.env._(
                    "Only accountants in charge of payments record returned debits."
                )
            )
        if self.order_id.state != "uploaded":
            raise UserError(
                self.env._(
                    "Only the debits of an order sent to the bank can be returned."
                )
            )
        payments = self.payment_ids.filtered(
            lambda p: p.payment_order_id == self.order_id
        )
        if not payments:
            raise UserError(self.env._("Choose the debits the bank returned."))
        lines = []
        for payment in payments:
            receivable = payment.move_id.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and line.credit
            )
            if not receivable.reconciled:
                raise UserError(
                    self.env._(
                        "The debit %(payment)s of %(client)s is not matched with its "
                        "invoices (already returned?).",
                        payment=payment.name,
                        client=payment.partner_id.display_name,
                    )
                )
            lines.append(
                Command.create(
                    {
                        "partner_id": payment.partner_id.id,
                        "move_line_ids": [Command.set(receivable.ids)],
                        "amount": payment.amount,
                        "reason_id": self.reason_id.id,
                        "date": self.date,
                        "reference": payment.payment_reference,
                    }
                )
            )
        with self.env.cr.savepoint():
            payment_return = self.env["payment.return"].create(
                {
                    "company_id": self.order_id.company_id.id,
                    "journal_id": self.order_id.journal_id.id,
                    "date": self.date,
                    "line_ids": lines,
                }
            )
            payment_return.action_confirm()
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.return",
            "res_id": payment_return.id,
            "view_mode": "form",
            "target": "current",
        }
