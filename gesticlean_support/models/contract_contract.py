"""GestiClean support contracts on OCA ``contract``: licences and options, their
price (kept in the contract lines), commitment years and state."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import (
    LicenceCountError,
    Option,
    check_licence_count,
    commitment_year,
    monthly_lines,
)

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
}


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
        help="Monthly amount excluding taxes of the lines still to invoice "
        "(licences and options), as the next invoice bills them.",
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
        "contract_line_ids.price_subtotal",
        "contract_line_ids.date_end",
        "contract_line_ids.is_canceled",
        "licence_count",
        "company_id",
    )
    @api.depends_context("date_ref")
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
            # what OCA's _prepare_invoice_line bills: the lines' own subtotals
            contract.support_monthly_amount = sum(
                contract._support_lines_running().mapped("price_subtotal")
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
            vals["licence_count"] = self._gesticlean_licence_count(
                vals["licence_count"]
            )

    @api.model
    def _gesticlean_licence_count(self, value):
        """``value`` as a number of licences, or a clear ValidationError."""
        try:
            return check_licence_count(value)
        except LicenceCountError:
            raise ValidationError(
                self.env._(
                    "“%(value)s” is not a number of licences: type a whole number, "
                    "1 or more.",
                    value=value,
                )
            ) from None

    # ------------------------------------------------------------------------------
    # Price and support lines
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_price_lines(
        self, licence_count, conveyor_option, backup_option, company, lang=None
    ):
        """The monthly lines (``tools.pricing.PriceLine``) of a support contract at
        ``company``'s current prices, labelled in ``lang``: the one price rule of
        the contract, the creation wizard and the PDF.

        :raises ValidationError: for a licence count that is not a whole number >= 1
        :raises UserError: when no price tier covers the licence count
        """
        count = self._gesticlean_licence_count(licence_count)
        env = self.with_context(lang=lang).env if lang else self.env
        options = []
        if conveyor_option and conveyor_option != "none":
            product = self._support_product(conveyor_option).with_env(env)
            options.append(Option(conveyor_option, product.name, product.lst_price))
        if backup_option:
            product = self._support_product("backup").with_env(env)
            options.append(Option("backup", product.name, product.lst_price, True))
        label = (
            env._("1 GestiClean licence")
            if count == 1
            else env._("%(count)s GestiClean licences", count=count)
        )
        Tier = self.env["gesticlean.licence.tier"]
        try:
            return monthly_lines(count, Tier._gesticlean_table(company), label, options)
        except LookupError:
            raise Tier._gesticlean_no_tier_error(count, company) from None

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

    @api.model
    def _support_product(self, kind):
        return self.env.ref(f"gesticlean_support.{LINE_PRODUCTS[kind]}")

    def _sync_support_lines(self):
        """Make the contract lines match the licence count and options, at the
        prices of :meth:`_gesticlean_price_lines`.

        Changed quantities and prices apply from the next invoice. A dropped option
        ends after its last invoiced period (or is cancelled if never invoiced);
        lines are never deleted.
        """
        Line = self.env["contract.line"]
        for contract in self:
            wanted = {
                line.kind: line
                for line in self._gesticlean_price_lines(
                    contract.licence_count,
                    contract.conveyor_option,
                    contract.backup_option,
                    contract.company_id,
                    contract._gesticlean_partner_lang(),
                )
            }
            running = contract._support_lines_running()
            next_start = max(
                [contract.date_start]
                + [d for d in running.mapped("next_period_date_start") if d]
            )
            new_lines = []
            for kind, price_line in wanted.items():
                values = {
                    "name": price_line.label,
                    "quantity": price_line.quantity,
                    "price_unit": price_line.price_unit,
                }
                line = running.filtered(
                    lambda line, k=kind: line.support_line_kind == k
                )[:1]
                if line:
                    if any(line[fname] != value for fname, value in values.items()):
                        line.write(values)
                    continue
                product = contract._support_product(kind)
                new_lines.append(
                    {
                        **values,
                        "contract_id": contract.id,
                        "support_line_kind": kind,
                        "product_id": product.id,
                        "uom_id": product.uom_id.id,
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

    def _gesticlean_report_values(self):
        """What the contract PDF prints besides the contract's own lines: the price
        tiers, the options' and out-of-contract prices, the support hours, all in
        the client's language."""
        self.ensure_one()
        lang = self._gesticlean_partner_lang()
        contract = self.with_context(lang=lang)
        company = contract.company_id
        calendar = company._gesticlean_support_calendar().with_context(lang=lang)
        hours = calendar._gesticlean_hours_text()
        return {
            "tiers": self.env["gesticlean.licence.tier"]
            .with_context(lang=lang)
            .search([("company_id", "=", company.id)]),
            "option_prices": {
                kind: contract._support_product(kind).lst_price
                for kind in ("conveyor", "conveyor_arm", "backup")
            },
            "rates": contract.env["support.intervention"]._gesticlean_rates(company),
            "support_hours": hours[:1].upper() + hours[1:],
        }

    # ------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------

    def _date_ref(self):
        return self.env.context.get("date_ref") or fields.Date.context_today(self)

    def _gesticlean_partner_lang(self):
        """The client's language (French by default): invoices, PDF, line labels."""
        return self.partner_id.lang or "fr_FR"

    def _support_month_label(self, day):
        return format_date(
            self.env,
            day,
            lang_code=self._gesticlean_partner_lang(),
            date_format="MMMM y",
        )
