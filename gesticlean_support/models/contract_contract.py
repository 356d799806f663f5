import logging

from psycopg2 import errorcodes

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date

from ..tools import LicenceCountError, check_licence_count, commitment_year

_logger = logging.getLogger(__name__)

CONVEYOR_OPTIONS = [
    ("none", "No conveyor link"),
    ("conveyor", "Conveyor link"),
    ("conveyor_arm", "Conveyor link with restitution arm"),
]
# Shop equipment each conveyor option needs (res.partner.shop_equipment).
CONVEYOR_EQUIPMENT = {
    "conveyor": ("conveyor", "conveyor_arm"),
    "conveyor_arm": ("conveyor_arm",),
}
# Product (xml id in this module) of each kind of support contract line.
LINE_PRODUCTS = {
    "licence": "product_support_licence",
    "conveyor": "product_option_conveyor",
    "conveyor_arm": "product_option_conveyor_arm",
    "backup": "product_option_backup",
    "half_hour": "product_out_of_contract_half_hour",
    "version_update": "product_version_update",
}
# Errors meaning that another transaction invoiced the same contract meanwhile.
CONCURRENCY_ERRORS = {
    errorcodes.UNIQUE_VIOLATION,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.LOCK_NOT_AVAILABLE,
}
# First key of the advisory locks taken on contracts being invoiced (the second key
# is the contract id): any fixed number no other code uses.
INVOICING_LOCK = 7_471_265
SUPPORT_STATES = [
    ("active", "Active"),
    ("termination_requested", "Termination requested"),
    ("terminating", "Terminating"),
    ("terminated", "Terminated"),
]


class ContractContract(models.Model):
    _inherit = "contract.contract"

    is_support_contract = fields.Boolean(
        string="GestiClean Support Contract",
        index=True,
        copy=True,
        readonly=True,
    )
    licence_count = fields.Integer(
        string="Licences",
        tracking=True,
        help="Number of GestiClean licences covered; all take the price of the "
        "tier this number falls in.",
    )
    conveyor_option = fields.Selection(
        selection=CONVEYOR_OPTIONS,
        default="none",
        tracking=True,
        help="Link between GestiClean and the shop's conveyor (one option at most).",
    )
    backup_option = fields.Boolean(
        string="Automatic Backups",
        tracking=True,
        help="Automatic data backups, per licence. Needs a workstation under "
        "Windows 10 or later and a stable internet connection.",
    )
    licence_tier_id = fields.Many2one(
        comodel_name="gesticlean.licence.tier",
        string="Price Tier",
        compute="_compute_support_amounts",
    )
    licence_price_unit = fields.Monetary(
        string="Price per Licence",
        compute="_compute_support_amounts",
        currency_field="currency_id",
    )
    support_monthly_amount = fields.Monetary(
        string="Monthly Amount",
        compute="_compute_support_amounts",
        currency_field="currency_id",
        help="Monthly amount excluding taxes: licences and options.",
    )
    commitment_start_date = fields.Date(
        string="Current Commitment Year Start",
        compute="_compute_commitment",
    )
    commitment_end_date = fields.Date(
        string="Current Commitment Year End",
        compute="_compute_commitment",
        help="The contract is renewed by tacit renewal for one year on the next "
        "day, unless a confirmed termination ends it on this date.",
    )
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

    _sql_constraints = [
        (
            "support_licence_count_positive",
            "CHECK(NOT is_support_contract OR licence_count >= 1)",
            "A support contract covers at least one licence.",
        ),
    ]

    # ------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------

    @api.depends(
        "is_support_contract",
        "contract_line_ids.price_unit",
        "contract_line_ids.quantity",
        "contract_line_ids.date_end",
        "contract_line_ids.is_canceled",
        "contract_line_ids.last_date_invoiced",
        "licence_count",
        "company_id",
    )
    def _compute_support_amounts(self):
        Tier = self.env["gesticlean.licence.tier"]
        for contract in self:
            if not contract.is_support_contract or contract.licence_count < 1:
                contract.licence_tier_id = False
                contract.licence_price_unit = 0.0
                contract.support_monthly_amount = 0.0
                continue
            tier = Tier._get_tier(contract.licence_count, contract.company_id)
            contract.licence_tier_id = tier
            contract.licence_price_unit = tier.price_unit
            contract.support_monthly_amount = sum(
                line.quantity * line.price_unit
                for line in contract._support_lines_running()
            )

    @api.depends("date_start")
    @api.depends_context("date_ref")
    def _compute_commitment(self):
        today = self._date_ref()
        for contract in self:
            if contract.is_support_contract and contract.date_start:
                first, last = commitment_year(contract.date_start, today)
                contract.commitment_start_date = first
                contract.commitment_end_date = last
            else:
                contract.commitment_start_date = False
                contract.commitment_end_date = False

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
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains(
        "is_support_contract", "conveyor_option", "backup_option", "partner_id"
    )
    def _check_support_options(self):
        for contract in self.filtered("is_support_contract"):
            contract._check_support_options_for(
                contract.partner_id, contract.conveyor_option, contract.backup_option
            )

    @api.model
    def _check_support_options_for(self, partner, conveyor_option, backup_option):
        """Refuse options the shop cannot have, naming what it lacks."""
        shop = partner.commercial_partner_id
        if conveyor_option and conveyor_option != "none":
            if shop.shop_equipment not in CONVEYOR_EQUIPMENT[conveyor_option]:
                option = dict(
                    self._fields["conveyor_option"]._description_selection(self.env)
                )
                raise ValidationError(
                    self.env._(
                        "The option “%(option)s” needs a shop equipped accordingly; "
                        "%(shop)s has: %(equipment)s.",
                        option=option[conveyor_option],
                        shop=shop.display_name,
                        equipment=dict(
                            shop._fields["shop_equipment"]._description_selection(
                                self.env
                            )
                        ).get(shop.shop_equipment, "-"),
                    )
                )
        if backup_option:
            missing = shop._backup_missing_conditions()
            if missing:
                raise ValidationError(
                    self.env._(
                        "Automatic backups cannot be set up for %(shop)s: it lacks "
                        "%(missing)s.",
                        shop=shop.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_licence_vals(vals)
        contracts = super().create(vals_list)
        contracts.filtered("is_support_contract")._sync_support_lines()
        return contracts

    def write(self, vals):
        self._check_licence_vals(vals)
        support_keys = {"licence_count", "conveyor_option", "backup_option"}
        if support_keys & set(vals):
            blocked = self.filtered(lambda c: c.is_support_contract and c.is_terminated)
            if blocked:
                raise UserError(
                    self.env._(
                        "%(contract)s is terminated: its licences and options can no "
                        "longer change.",
                        contract=blocked[0].display_name,
                    )
                )
        res = super().write(vals)
        if support_keys & set(vals):
            self.filtered("is_support_contract")._sync_support_lines()
        return res

    @api.model
    def _check_licence_vals(self, vals):
        if "licence_count" in vals and (
            vals.get("is_support_contract") or self.filtered("is_support_contract")
        ):
            try:
                vals["licence_count"] = check_licence_count(vals["licence_count"])
            except LicenceCountError:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a number of licences: type a whole number, "
                        "1 or more.",
                        value=vals["licence_count"],
                    )
                ) from None

    # ------------------------------------------------------------------------------
    # Support lines
    # ------------------------------------------------------------------------------

    def _support_lines_running(self):
        """Support lines still to invoice (not cancelled, not ended before today)."""
        today = self._date_ref()
        return self.contract_line_ids.filtered(
            lambda line: (
                line.support_line_kind
                and not line.is_canceled
                and (not line.date_end or line.date_end >= today)
            )
        )

    def _support_wanted_lines(self):
        """Return {kind: (quantity, price_unit)} of the lines the contract must have."""
        self.ensure_one()
        tier = self.env["gesticlean.licence.tier"]._get_tier(
            self.licence_count, self.company_id
        )
        wanted = {"licence": (self.licence_count, tier.price_unit)}
        if self.conveyor_option and self.conveyor_option != "none":
            product = self._support_product(self.conveyor_option)
            wanted[self.conveyor_option] = (1, product.lst_price)
        if self.backup_option:
            product = self._support_product("backup")
            wanted["backup"] = (self.licence_count, product.lst_price)
        return wanted

    @api.model
    def _support_product(self, kind):
        return self.env.ref(f"gesticlean_support.{LINE_PRODUCTS[kind]}")

    def _sync_support_lines(self):
        """Make the contract lines match the licence count and options.

        Changed quantities and prices apply from the next invoice. A dropped option
        ends after its last invoiced period (or is cancelled if never invoiced);
        lines are never deleted.
        """
        Line = self.env["contract.line"]
        for contract in self:
            wanted = contract._support_wanted_lines()
            running = contract._support_lines_running()
            next_start = max(
                [contract.date_start]
                + [d for d in running.mapped("next_period_date_start") if d]
            )
            new_lines = []
            for kind, (quantity, price_unit) in wanted.items():
                line = running.filtered(
                    lambda line, k=kind: line.support_line_kind == k
                )[:1]
                if line:
                    if (line.quantity, line.price_unit) != (quantity, price_unit):
                        line.write({"quantity": quantity, "price_unit": price_unit})
                    continue
                product = contract._support_product(kind)
                new_lines.append(
                    {
                        "contract_id": contract.id,
                        "support_line_kind": kind,
                        "product_id": product.id,
                        "name": product.with_context(
                            lang=contract.partner_id.lang
                        ).display_name,
                        "quantity": quantity,
                        "uom_id": product.uom_id.id,
                        "price_unit": price_unit,
                        "date_start": next_start,
                        "recurring_next_date": next_start,
                        "recurring_rule_type": "monthly",
                        "recurring_interval": 1,
                        "recurring_invoicing_type": "pre-paid",
                    }
                )
            running.filtered(
                lambda line, wanted=wanted: line.support_line_kind not in wanted
            )._support_drop()
            if new_lines:
                Line.create(new_lines)

    # ------------------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------------------

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
            vals["support_contract_id"] = self.id
            vals["support_period_start"] = min(lines.mapped("next_period_date_start"))
        return vals

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
    def cron_gesticlean_invoicing(self, batch_size=100):
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

        :return: (contracts handled, 1 if some contracts are still due else 0)
        """
        domain = self._support_due_domain(date_ref)
        # one more than the batch tells whether some remain, without counting them
        contracts = self.search(domain, limit=batch_size + 1, order="id")
        batch = contracts[:batch_size]
        batch._gesticlean_invoice(date_ref)
        return len(batch), len(contracts) - len(batch)

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

    def _gesticlean_lock_for_invoicing(self):
        """The contracts of ``self`` that no other transaction is invoicing now.

        Each one is locked (a PostgreSQL advisory lock) until the end of this
        transaction, so that a concurrent run skips it at once instead of
        building the same invoice and having the unique index refuse it.
        """
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM unnest(%s::int[]) AS id "
                "WHERE pg_try_advisory_xact_lock(%s, id)",
                list(self.ids),
                INVOICING_LOCK,
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
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
        managers = self.env.ref("gesticlean_support.group_support_manager").users
        manager = self.user_id if self.user_id in managers else managers[:1]
        self.sudo().activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Automatic invoicing failed"),
            note=message,
            user_id=manager.id or self.env.uid,
        )

    def action_gesticlean_invoice_now(self, date_ref=None):
        """Invoice every period of ``self`` due up to ``date_ref``.

        For support managers and accountants. The contract lines' invoicing dates
        are written as superuser: accountants only read contracts.
        """
        user = self.env.user
        if not (
            user.has_group("gesticlean_support.group_support_manager")
            or user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._("Only support managers and accountants invoice contracts.")
            )
        date_ref = date_ref or fields.Date.context_today(self)
        moves = self.env["account.move"]
        contracts = self.filtered("is_support_contract").sudo()
        for __ in range(240):  # at most 20 years of monthly periods
            due = contracts.filtered_domain(self._support_due_domain(date_ref))
            if not due:
                break
            new_moves = due._gesticlean_invoice(date_ref)
            if not new_moves:
                break
            moves |= new_moves
        return moves.sudo(False)

    def _gesticlean_resume(self, end_date):
        """Undo a confirmed termination ending on ``end_date`` (request withdrawn)."""
        for contract in self:
            lines = contract.contract_line_ids.filtered(
                lambda line: line.support_line_kind and line.date_end == end_date
            )
            lines.write({"date_end": False})
            contract.action_cancel_contract_termination()

    def action_gesticlean_termination_request(self):
        """Open a new termination request for this contract."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gesticlean.termination.request",
            "view_mode": "form",
            "target": "current",
            "context": {"default_contract_id": self.id},
        }

    # ------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------

    def _date_ref(self):
        return self.env.context.get("date_ref") or fields.Date.context_today(self)

    def _support_month_label(self, day):
        lang = self.partner_id.lang or self.env.lang or "fr_FR"
        return format_date(self.env, day, lang_code=lang, date_format="MMMM y")
