"""Lines of support contracts: their kind, monthly periods anchored on the contract's
start, French invoice labels naming the month."""

import itertools
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import monthly_period

SUPPORT_LINE_KINDS = [
    ("licence", "Licences"),
    ("conveyor", "Conveyor link"),
    ("conveyor_arm", "Conveyor link with restitution arm"),
    ("backup", "Automatic backups"),
]


class ContractLine(models.Model):
    _name = "contract.line"
    _inherit = ["contract.line", "gesticlean.protected.fields"]
    # what a line bills decides "under contract": set when the module writes the
    # contract's lines, then kept
    _gesticlean_frozen_fields = ("support_line_kind",)

    support_line_kind = fields.Selection(
        selection=SUPPORT_LINE_KINDS,
        readonly=True,
        copy=True,
        index="btree_not_null",
        help="What this line of a GestiClean support contract bills. The lines are "
        "kept in line with the contract's licences and options.",
    )

    @api.constrains(
        "support_line_kind",
        "product_id",
        "contract_id",
        "date_start",
        "date_end",
        "is_canceled",
    )
    def _check_one_conveyor_option(self):
        """On a support contract, whatever added the line (the contract's options or
        a line typed in the contract form): each licence or option is billed by one
        line at a time, and the two conveyor options exclude each other."""
        contracts = self.contract_id.filtered("is_support_contract") | (
            self.filtered("support_line_kind").contract_id
        )
        for contract in contracts:
            kinds = contract._gesticlean_line_kinds()
            lines = contract.contract_line_ids.filtered(
                lambda line, kinds=kinds: kinds.get(line) and not line.is_canceled
            )
            for a, b in itertools.combinations(lines, 2):
                kind_a, kind_b = kinds[a], kinds[b]
                conveyors = {kind_a, kind_b} == {"conveyor", "conveyor_arm"}
                if kind_a != kind_b and not conveyors:
                    continue
                if a.date_start > (b.date_end or date.max) or b.date_start > (
                    a.date_end or date.max
                ):
                    continue
                if conveyors:
                    raise ValidationError(
                        self.env._(
                            "%(contract)s cannot have both conveyor options: the "
                            "conveyor link and the conveyor link with restitution arm "
                            "exclude each other.",
                            contract=contract.display_name,
                        )
                    )
                raise ValidationError(
                    self.env._(
                        "%(contract)s already bills “%(product)s” over this period: "
                        "change the contract's licences and options instead of adding "
                        "a second line.",
                        contract=contract.display_name,
                        product=a.product_id.name or a.name,
                    )
                )

    # Monthly periods of support lines are anchored on the contract's start date
    # (see tools/periods.py), so that a contract starting on the 31st is billed
    # twelve times a year and all its lines share the same periods.

    def _support_period(self, period_start):
        self.ensure_one()
        first, last = monthly_period(self.contract_id.date_start, period_start)
        first = max(first, period_start)
        if self.date_end:
            last = min(last, self.date_end)
        return first, last

    @api.depends(
        "next_period_date_start",
        "recurring_invoicing_type",
        "recurring_invoicing_offset",
        "recurring_rule_type",
        "recurring_interval",
        "date_end",
        "recurring_next_date",
        "support_line_kind",
        "contract_id.date_start",
    )
    def _compute_next_period_date_end(self):
        support = self.filtered(
            lambda line: line.support_line_kind and line.contract_id.date_start
        )
        for line in support:
            if line.next_period_date_start:
                line.next_period_date_end = line._support_period(
                    line.next_period_date_start
                )[1]
            else:
                line.next_period_date_end = False
        return super(ContractLine, self - support)._compute_next_period_date_end()

    def _get_period_to_invoice(
        self, last_date_invoiced, recurring_next_date, stop_at_date_end=True
    ):
        if not self.support_line_kind or not recurring_next_date:
            return super()._get_period_to_invoice(
                last_date_invoiced, recurring_next_date, stop_at_date_end
            )
        start = (
            last_date_invoiced + relativedelta(days=1)
            if last_date_invoiced
            else self.date_start
        )
        first, last = self._support_period(start)
        return first, last, recurring_next_date

    def _insert_markers(self, first_date_invoiced, last_date_invoiced):
        """Support lines get a French label naming the month, not OCA's markers.

        (This also spares OCA's per-line search of the partner's language.)
        """
        if self.support_line_kind and first_date_invoiced:
            return self._support_invoice_label(first_date_invoiced)
        return super()._insert_markers(first_date_invoiced, last_date_invoiced)

    def _support_invoice_label(self, period_start):
        """French label naming the month: « 3 licences GestiClean – novembre 2026 »."""
        self.ensure_one()
        contract = self.contract_id
        lang = contract._gesticlean_partner_lang()
        month = contract._support_month_label(period_start)
        env = self.with_context(lang=lang).env
        if self.support_line_kind == "licence":
            count = int(self.quantity)
            if count == 1:
                return env._("1 GestiClean licence – %(month)s", month=month)
            return env._(
                "%(count)s GestiClean licences – %(month)s", count=count, month=month
            )
        product = self.product_id.with_context(lang=lang)
        if self.support_line_kind == "backup":
            if int(self.quantity) == 1:
                return env._(
                    "%(option)s (1 workstation) – %(month)s",
                    option=product.name,
                    month=month,
                )
            return env._(
                "%(option)s (%(count)s workstations) – %(month)s",
                option=product.name,
                count=int(self.quantity),
                month=month,
            )
        return env._("%(option)s – %(month)s", option=product.name, month=month)

    def _support_drop(self):
        """End a support line that the contract no longer wants, keeping it."""
        for line in self:
            if line.last_date_invoiced:
                line.date_end = max(line.last_date_invoiced, line.date_start)
            else:
                line.is_canceled = True
