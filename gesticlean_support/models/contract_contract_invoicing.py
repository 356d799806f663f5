"""Monthly invoicing of support contracts: the daily cron in batches, isolated
failures, one invoice per contract and period, and "Invoice Now"."""

import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import errorcodes

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .guards import ACCOUNTANT, SUPPORT_MANAGER, check_caller

_logger = logging.getLogger(__name__)

# Errors meaning that another transaction invoiced the same contract meanwhile.
CONCURRENCY_ERRORS = {
    errorcodes.UNIQUE_VIOLATION,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.LOCK_NOT_AVAILABLE,
}
# First key of the advisory locks taken on contracts being invoiced (the second key
# is the contract id): any fixed number no other code uses.
INVOICING_LOCK = 7_471_265
# When the cron tries again the contracts it skipped as another transaction was
# invoicing them.
INVOICING_RETRY = timedelta(minutes=15)


class ContractContract(models.Model):
    _inherit = "contract.contract"

    support_invoice_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="support_contract_id",
        string="Support Invoices",
        readonly=True,
    )
    invoicing_error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the last automatic invoicing of this contract failed.",
    )
    invoicing_error_date = fields.Date(readonly=True, copy=False)

    @api.model
    def _get_contracts_to_invoice_domain(self, date_ref=None):
        """OCA's own cron leaves support contracts to ours (batched, isolated)."""
        domain = super()._get_contracts_to_invoice_domain(date_ref)
        if not self.env.context.get("gesticlean_invoicing"):
            domain = expression.AND([domain, [("is_support_contract", "=", False)]])
        return domain

    def _prepare_invoice(self, date_invoice, journal=None):
        vals = super()._prepare_invoice(date_invoice, journal=journal)
        if self.is_support_contract:
            lines = self.contract_line_ids.filtered(
                lambda line: (
                    line.support_line_kind and line._can_be_invoiced(date_invoice)
                )
            )
            period = min(lines.mapped("next_period_date_start"))
            vals["support_contract_id"] = self.id
            vals["support_period_start"] = period
            # the month billed, in the reference too (lists, PDF, the client's books)
            vals["ref"] = self.with_context(lang=self._gesticlean_partner_lang()).env._(
                "%(contract)s – %(month)s",
                contract=self.code or self.name,
                month=self._support_month_label(period),
            )
        return vals

    def _gesticlean_due_periods(self, date_ref):
        """The first days of the monthly periods of ``self`` that *Invoice Now*
        invoices up to ``date_ref``, one invoice each (at most 240)."""
        self.ensure_one()
        starts = set()
        for line in self.contract_line_ids.filtered(
            lambda line: line.support_line_kind and not line.is_canceled
        ):
            start = line.next_period_date_start
            while start and len(starts) < 240:
                if line.date_end and start > line.date_end:
                    break
                invoice_day = line.get_next_invoice_date(
                    start,
                    line.recurring_invoicing_type,
                    line.recurring_invoicing_offset,
                    line.recurring_rule_type,
                    line.recurring_interval,
                    line.date_end,
                )
                if not invoice_day or invoice_day > date_ref:
                    break
                starts.add(start)
                start = line._support_period(start)[1] + relativedelta(days=1)
        return sorted(starts)

    @api.model
    def _support_due_domain(self, date_ref):
        return expression.AND(
            [
                self.with_context(
                    gesticlean_invoicing=True
                )._get_contracts_to_invoice_domain(date_ref),
                [
                    ("is_support_contract", "=", True),
                    ("generation_type", "=", "invoice"),
                    "|",
                    ("invoicing_error_date", "=", False),
                    ("invoicing_error_date", "!=", date_ref),
                ],
            ]
        )

    @api.model
    def _cron_gesticlean_invoicing(self, batch_size=100):
        """Cron: invoice one batch of due support contracts, report progress.

        The cron runner commits after each call and calls again while
        ``_notify_progress`` says contracts remain.
        """
        date_ref = fields.Date.context_today(self)
        done, remaining = self._gesticlean_invoice_batch(date_ref, batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _gesticlean_invoice_batch(self, date_ref, batch_size=100):
        """Invoice the next ``batch_size`` due support contracts for ``date_ref``.

        Contracts another transaction is invoicing (*Invoice Now*) are skipped, and
        skipped is not done: they are not counted, and the cron is called again
        later for them (``INVOICING_RETRY``) rather than at once.

        :return: (contracts invoiced or reported in error, 1 if other contracts
            this run may take are still due else 0)
        """
        domain = self._support_due_domain(date_ref)
        due = self.search(domain, order="id")
        # one more than the batch tells whether some remain, without counting them
        free = due._gesticlean_lock_for_invoicing(limit=batch_size + 1)
        batch = free[:batch_size]
        scanned = due
        if len(free) > batch_size:
            scanned = due.filtered(lambda contract: contract.id < free[-1].id)
        moves = batch._gesticlean_invoice_per_company(date_ref)
        done = moves.support_contract_id | batch.filtered(
            lambda contract: contract.invoicing_error_date == date_ref
        )
        skipped = scanned - free | batch - done
        if skipped:
            _logger.info(
                "Support invoicing: %s contracts being invoiced by another "
                "transaction, tried again later",
                len(skipped),
            )
            cron = self.env.ref(
                "gesticlean_support.ir_cron_support_invoicing",
                raise_if_not_found=False,
            )
            if cron:
                cron.sudo()._trigger(fields.Datetime.now() + INVOICING_RETRY)
        return len(done), len(free) - len(batch)

    def _gesticlean_invoice_per_company(self, date_ref):
        """Invoice each company's contracts of ``self`` in that company (its
        journals, taxes, sequence), as OCA ``contract``'s cron does."""
        moves = self.env["account.move"]
        for company in self.company_id:
            contracts = self.filtered(
                lambda contract, company=company: contract.company_id == company
            )
            moves |= contracts.with_company(company)._gesticlean_invoice(date_ref)
        return moves.with_env(self.env)

    def _gesticlean_invoice(self, date_ref):
        """Create this period's invoice of each contract of ``self``.

        The whole batch is tried at once; if it fails, each contract is tried in its
        own savepoint so that one failing contract is isolated and reported while
        the others are invoiced. A contract that another transaction invoices
        meanwhile is skipped: the unique index on (contract, period) refuses the
        second invoice.
        """
        contracts = self.with_context(
            gesticlean_invoicing=True
        )._gesticlean_lock_for_invoicing()
        if not contracts:
            return self.env["account.move"]
        try:
            with self.env.cr.savepoint():
                return contracts._recurring_create_invoice(date_ref)
        except Exception:
            _logger.info(
                "Support invoicing: batch failed, retrying contract by contract"
            )
            self.env.invalidate_all()
        moves = self.env["account.move"]
        for contract in contracts:
            try:
                with self.env.cr.savepoint():
                    moves |= contract._recurring_create_invoice(date_ref)
            except Exception as error:
                self.env.invalidate_all()
                if getattr(error, "pgcode", None) in CONCURRENCY_ERRORS:
                    _logger.info(
                        "Support invoicing: %s invoiced by another transaction",
                        contract.display_name,
                    )
                    continue
                contract._gesticlean_report_invoicing_error(error, date_ref)
        return moves

    def _gesticlean_lock_for_invoicing(self, limit=None):
        """The contracts of ``self`` that no other transaction is invoicing now
        (at most ``limit``, in the order of ``self``).

        Each one is locked (a PostgreSQL advisory lock) until the end of this
        transaction, so that a concurrent run skips it at once instead of
        building the same invoice and having the unique index refuse it.
        """
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM unnest(%s::int[]) AS id "
                "WHERE pg_try_advisory_xact_lock(%s, id) LIMIT %s",
                list(self.ids),
                INVOICING_LOCK,
                limit,
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        if limit is None:
            for contract in self.filtered(lambda c: c.id not in free):
                _logger.info(
                    "Support invoicing: %s is being invoiced by another transaction",
                    contract.display_name,
                )
        return self.filtered(lambda c: c.id in free)

    def _gesticlean_report_invoicing_error(self, error, date_ref):
        """Keep the error on the contract and ask the managers to look at it."""
        self.ensure_one()
        _logger.warning(
            "Support invoicing of %s failed: %s",
            self.display_name,
            error,
            exc_info=True,
        )
        message = str(error.args[0]) if getattr(error, "args", None) else repr(error)
        self.sudo().write(
            {"invoicing_error": message, "invoicing_error_date": date_ref}
        )
        manager = self.company_id._gesticlean_manager_to_notify(self.user_id)
        self.sudo().activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Automatic invoicing failed"),
            note=message,
            user_id=manager.id,
        )

    def _gesticlean_demo_billed_until_today(self):
        """Demo: the shops were clients before the move to Odoo, their past
        months billed by the previous system: mark each support line invoiced
        up to the end of its current period, so that nothing is overdue on a new
        demo database and the next invoice is next month's."""
        today = fields.Date.context_today(self)
        # Write what the install computed so far first: without it, stored related
        # fields still to compute when the demo runs (the SEPA payment modes'
        # payment type) were left empty on a new database.
        self.env.flush_all()
        for line in self.contract_line_ids.filtered("support_line_kind"):
            start = line.next_period_date_start
            last = False
            while start and start <= today:
                last = line._support_period(start)[1]
                start = last + relativedelta(days=1)
            if last:
                line.last_date_invoiced = last

    def action_gesticlean_invoice_now(self, date_ref=None):
        """Invoice every period of ``self`` due up to ``date_ref``.

        For support managers and accountants. The contract lines' invoicing dates
        are written as superuser: accountants only read contracts.
        """
        check_caller(
            self.env,
            [SUPPORT_MANAGER, ACCOUNTANT],
            self.env._("Only support managers and accountants invoice contracts."),
        )
        self._gesticlean_check_support_contract()
        date_ref = date_ref or fields.Date.context_today(self)
        moves = self.env["account.move"]
        contracts = self.sudo()
        for __ in range(240):  # at most 20 years of monthly periods
            due = contracts.filtered_domain(self._support_due_domain(date_ref))
            if not due:
                break
            new_moves = due._gesticlean_invoice_per_company(date_ref)
            if not new_moves:
                break
            moves |= new_moves
        return moves.sudo(False)
