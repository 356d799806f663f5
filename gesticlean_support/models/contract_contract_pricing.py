"""Price of support contracts: the monthly lines from the price tiers and the
options (tools/pricing.py), kept in the contract lines that OCA invoices, and what
the contract PDF prints."""

from odoo import api, fields, models

from ..tools import Option, monthly_lines

# Product (xml id in this module) of each kind of support contract line.
LINE_PRODUCTS = {
    "licence": "product_support_licence",
    "conveyor": "product_option_conveyor",
    "conveyor_arm": "product_option_conveyor_arm",
    "backup": "product_option_backup",
}


class ContractContract(models.Model):
    _inherit = "contract.contract"

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
    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_price_lines(
        self,
        licence_count,
        conveyor_option,
        backup_option,
        company,
        lang=None,
        shop=None,
    ):
        """The monthly lines (``tools.pricing.PriceLine``) of a support contract at
        ``company``'s current prices, labelled in ``lang``: the one price rule of
        the contract, the creation wizard and the PDF. The backup option is billed
        per active workstation of ``shop`` with backups enabled (none without a
        shop, no line when there is none).

        :raises ValidationError: for a licence count that is not a whole number >= 1
        :raises UserError: when no price tier covers the licence count
        """
        count = self._gesticlean_licence_count(licence_count)
        contract = self.with_context(lang=lang) if lang else self
        options = []
        if conveyor_option and conveyor_option != "none":
            options.append(
                Option(
                    conveyor_option,
                    contract._gesticlean_line_label(conveyor_option, 1),
                    self._support_product(conveyor_option).lst_price,
                )
            )
        if backup_option:
            options.append(
                Option(
                    "backup",
                    contract._gesticlean_line_label("backup", count),
                    self._support_product("backup").lst_price,
                    quantity=shop._gesticlean_backup_workstation_count() if shop else 0,
                )
            )
        label = contract._gesticlean_line_label("licence", count)
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

    def _gesticlean_line_kinds(self):
        """{contract line: kind} of the lines billing a licence or an option, known
        by their kind or, for a line typed in the form, by their product."""
        self.ensure_one()
        by_product = {self._support_product(kind): kind for kind in LINE_PRODUCTS}
        return {
            line: line.support_line_kind or by_product.get(line.product_id)
            for line in self.contract_line_ids
            if line.support_line_kind or line.product_id in by_product
        }

    @api.model
    def _support_product(self, kind):
        return self.env.ref(f"gesticlean_support.{LINE_PRODUCTS[kind]}")

    @api.model
    def _gesticlean_line_label(self, kind, count):
        """A support line for people, in the context's language: "3 GestiClean
        licences", or the option's product name."""
        if kind != "licence":
            return self._support_product(kind).name
        if count == 1:
            return self.env._("1 GestiClean licence")
        return self.env._("%(count)s GestiClean licences", count=count)

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
                    contract.partner_id.commercial_partner_id,
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
        """What the contract PDF prints, in the client's language: the contract's
        lines (as OCA invoices them), the price tiers, the options' and
        out-of-contract prices, the support hours."""
        self.ensure_one()
        lang = self._gesticlean_partner_lang()
        contract = self.with_context(lang=lang)
        company = contract.company_id
        calendar = company._gesticlean_support_calendar().with_context(lang=lang)
        hours = calendar._gesticlean_hours_text()
        return {
            "lines": [
                {
                    "label": contract._gesticlean_line_label(
                        line.support_line_kind, int(line.quantity)
                    ),
                    "quantity": int(line.quantity),
                    "price_unit": line.price_unit,
                    "amount": line.price_subtotal,
                }
                for line in contract._support_lines_running()
            ],
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
