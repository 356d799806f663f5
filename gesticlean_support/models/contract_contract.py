"""GestiClean support contracts on OCA ``contract``: licences and options, the
shop's equipment they need, commitment years."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import (
    LicenceCountError,
    check_licence_count,
    commitment_year,
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


class ContractContract(models.Model):
    _name = "contract.contract"
    _inherit = ["contract.contract", "gesticlean.protected.fields"]
    # written by the module's invoicing only (an error set by a client would drop
    # the contract out of invoicing)
    _gesticlean_protected_fields = (
        "invoicing_error",
        "invoicing_error_date",
        "support_invoice_ids",
    )
    # a support contract is created as one (by the wizard), then stays one
    _gesticlean_frozen_fields = ("is_support_contract",)

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
        help="Automatic data backups, billed per active workstation with backups "
        "enabled. Needs a workstation under Windows 10 or later and a stable "
        "internet connection.",
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
    # Helpers
    # ------------------------------------------------------------------------------

    def _gesticlean_check_support_contract(self):
        """The module's actions act on support contracts only."""
        others = self.filtered(lambda contract: not contract.is_support_contract)
        if others:
            raise UserError(
                self.env._(
                    "%(contract)s is not a GestiClean support contract.",
                    contract=others[0].display_name,
                )
            )

    def _date_ref(self):
        return self.env.context.get("date_ref") or fields.Date.context_today(self)

    def _set_start_contract_modification(self):
        """The "contract start" of a support contract is its start date, written in
        the client's language (OCA takes the creation date when the lines, which
        this module adds after creation, are not there yet)."""
        support = self.filtered("is_support_contract")
        res = super(ContractContract, self - support)._set_start_contract_modification()
        subtype = self.env.ref("contract.mail_message_subtype_contract_modification")
        for contract in support:
            contract.message_subscribe(
                partner_ids=contract.partner_id.ids, subtype_ids=subtype.ids
            )
            env = contract.with_context(lang=contract._gesticlean_partner_lang()).env
            contract.with_context(skip_modification_mail=True).write(
                {
                    "modification_ids": [
                        Command.create(
                            {
                                "date": contract.date_start or fields.Date.today(),
                                "description": env._("Contract start"),
                            }
                        )
                    ]
                }
            )
        return res

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
