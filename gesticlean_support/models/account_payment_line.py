"""One live payment line per invoice in direct debit orders (a unique index)."""

from odoo import models
from odoo.tools import SQL


class AccountPaymentLine(models.Model):
    _inherit = "account.payment.line"

    def init(self):
        res = super().init()
        # A client is never debited twice for one invoice: the database refuses a
        # second live payment line (draft, confirmed or file generated order) of a
        # journal item, whatever runs at the same time (two accountants building
        # the month's order, OCA's own "add to payment order"). Cancelled and
        # uploaded orders do not count (a returned debit is presented again).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS account_payment_line_live_uniq "
                "ON account_payment_line (move_line_id) "
                "WHERE move_line_id IS NOT NULL "
                "AND state IN ('draft', 'open', 'generated')"
            )
        )
        return res
