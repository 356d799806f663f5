"""Support invoices: the contract and period they bill, one live invoice per period."""

from odoo import fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "gesticlean.protected.fields"]
    # the contract and period an invoice bills are set when the contract invoices
    _gesticlean_frozen_fields = ("support_contract_id", "support_period_start")

    support_contract_id = fields.Many2one(
        comodel_name="contract.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    support_period_start = fields.Date(
        string="Support Period",
        readonly=True,
        copy=False,
        help="First day of the month of support this invoice bills.",
    )

    def init(self):
        res = super().init()
        # The database itself refuses a second live invoice of one support contract
        # for one period, whatever runs concurrently (cron, manual action, a rerun
        # after a crash). A cancelled invoice does not count.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS account_move_support_period_uniq "
                "ON account_move (support_contract_id, support_period_start) "
                "WHERE support_contract_id IS NOT NULL AND state != 'cancel'"
            )
        )
        return res

    def _fetch_duplicate_reference(self, matching_states=("draft", "posted")):
        """Monthly invoices of one support contract are not copies of each other:
        a contract behind schedule is caught up with one invoice per month, all
        issued the same day for the same amount, each billing its own month."""
        duplicates = super()._fetch_duplicate_reference(matching_states)
        for move, others in list(duplicates.items()):
            if move.support_contract_id:
                duplicates[move] = others.filtered(
                    lambda other, move=move: (
                        other.support_contract_id != move.support_contract_id
                        or other.support_period_start == move.support_period_start
                    )
                )
        return duplicates
