"""Factur-X (CII) of support invoices: SIREN (scheme 0002), VAT on payments, period."""

from odoo import fields, models

from ..tools import monthly_period

# EN 16931 BT-8 "Value added tax point date code" (UNTDID 2005 in CII): the VAT is
# due on the invoice date (5), or on payment (72) for services in France.
VAT_DUE_ON_INVOICE = "5"
VAT_DUE_ON_PAYMENT = "72"


class AccountEdiXmlCII(models.AbstractModel):
    """Odoo's Factur-X (CII) generator, made right for French support invoices.

    Measured on Odoo 18's generator: it names the parties by their 14-digit SIRET
    under the scheme 0002, which is the SIREN's (9 digits); it writes the VAT
    due-date code 5 (on invoice) whatever the tax, where services taxed on payment
    need 72; it gives no billing period. Here: the SIREN of French parties, 72 when
    every tax of the invoice is due on payment, and the period billed (the
    contract's month; the dates of the interventions out of contract).
    """

    _inherit = "account.edi.xml.cii"

    def _export_invoice_vals(self, invoice):
        vals = super()._export_invoice_vals(invoice)
        for key, partner in (
            ("seller_specified_legal_organization", invoice.company_id.partner_id),
            ("buyer_specified_legal_organization", invoice.commercial_partner_id),
        ):
            if partner.country_id.code == "FR":
                vals[key] = partner.commercial_partner_id.siren or None
        vals["gesticlean_due_date_type_code"] = self._gesticlean_due_date_type_code(
            invoice
        )
        period = self._gesticlean_billing_period(invoice)
        if period:
            vals["billing_start"], vals["billing_end"] = period
        return vals

    def _gesticlean_due_date_type_code(self, invoice):
        taxes = invoice.invoice_line_ids.tax_ids
        if taxes and all(tax.tax_exigibility == "on_payment" for tax in taxes):
            return VAT_DUE_ON_PAYMENT
        return VAT_DUE_ON_INVOICE

    def _gesticlean_billing_period(self, invoice):
        """(first day, last day) the invoice bills, or ``None``."""
        contract = invoice.support_contract_id
        if contract and invoice.support_period_start:
            return monthly_period(contract.date_start, invoice.support_period_start)
        interventions = invoice.invoice_line_ids.support_intervention_id
        if interventions:
            days = [
                fields.Date.context_today(intervention, intervention.date_start)
                for intervention in interventions
            ]
            return min(days), max(days)
        return None
