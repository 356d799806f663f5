from datetime import date, datetime

import facturx
from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common_contract import ContractCommon
from .test_helpdesk import HelpdeskCommon

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:"
    "ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"


@tagged("post_install", "-at_install")
class TestFacturX(ContractCommon, HelpdeskCommon):
    """The Factur-X XML Odoo embeds in the support invoices' PDF: SIREN of both
    parties (scheme 0002), VAT due on payment (72), the period billed; valid
    against the Factur-X XSD (python package factur-x)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.write(
            {
                "name": "INFORUM",
                "street": "12 rue du Lac",
                "zip": "74800",
                "city": "La Roche-sur-Foron",
                "country_id": cls.env.ref("base.fr").id,
                "siret": "80314592900011",
                "vat": "FR91803145929",
                "phone": "+33 4 50 03 00 00",
                "email": "compta@inforum.example.com",
            }
        )
        cls.shop_a.write(
            {
                "siret": "41235678400014",
                "street": "3 quai du Lac",
                "zip": "74000",
                "city": "Annecy",
            }
        )
        cls.shop_b.write({"siren": "529876138", "zip": "69002", "city": "Lyon"})
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Technician", "user_id": cls.technician.id}
        )

    def _embedded_xml(self, invoice):
        """The factur-x.xml Odoo embeds in the invoice PDF when it is sent or
        printed (under tests Odoo keeps it as an attachment of the invoice)."""
        invoice._generate_and_send(sending_methods=["manual"])
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("name", "=", "factur-x.xml"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        return attachment.raw

    def _check(self, xml, invoice, period):
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x"))
        tree = etree.fromstring(xml)

        def text(path):
            nodes = tree.xpath(path, namespaces=NS)
            self.assertEqual(len(nodes), 1, path)
            return nodes[0].text

        self.assertEqual(text("//rsm:ExchangedDocument/ram:ID"), invoice.name)
        self.assertEqual(text("//rsm:ExchangedDocument/ram:TypeCode"), "380")
        # parties: SIREN (9 digits) with the SIRENE scheme 0002, never the SIRET
        seller = "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"
        buyer = "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"
        self.assertEqual(text(seller), "803145929")
        self.assertEqual(tree.xpath(seller, namespaces=NS)[0].get("schemeID"), "0002")
        self.assertEqual(text(buyer), invoice.commercial_partner_id.siren)
        self.assertEqual(tree.xpath(buyer, namespaces=NS)[0].get("schemeID"), "0002")
        self.assertEqual(
            text("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
            "FR91803145929",
        )
        self.assertEqual(
            text("//ram:BuyerTradeParty/ram:Name"), invoice.partner_id.display_name
        )
        # VAT: 20 % standard rate, due on payment (services)
        tax = f"{SETTLEMENT}/ram:ApplicableTradeTax"
        self.assertEqual(text(f"{tax}/ram:CategoryCode"), "S")
        self.assertEqual(float(text(f"{tax}/ram:RateApplicablePercent")), 20.0)
        self.assertEqual(text(f"{tax}/ram:DueDateTypeCode"), "72")
        self.assertEqual(float(text(f"{tax}/ram:BasisAmount")), invoice.amount_untaxed)
        self.assertEqual(float(text(f"{tax}/ram:CalculatedAmount")), invoice.amount_tax)
        totals = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
        self.assertEqual(
            float(text(f"{totals}/ram:TaxBasisTotalAmount")), invoice.amount_untaxed
        )
        self.assertEqual(
            float(text(f"{totals}/ram:TaxTotalAmount")), invoice.amount_tax
        )
        self.assertEqual(
            float(text(f"{totals}/ram:GrandTotalAmount")), invoice.amount_total
        )
        self.assertEqual(
            len(tree.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)),
            len(invoice.invoice_line_ids),
        )
        # the period billed
        billing = f"{SETTLEMENT}/ram:BillingSpecifiedPeriod"
        start = text(f"{billing}/ram:StartDateTime/udt:DateTimeString")
        end = text(f"{billing}/ram:EndDateTime/udt:DateTimeString")
        self.assertEqual((start, end), tuple(d.strftime("%Y%m%d") for d in period))

    def test_monthly_invoice(self):
        self._backup_workstations(self.shop_a, 3)
        contract = self._make_contract(self.shop_a, licences=3, backup=True)
        with freeze_time("2026-01-15"):
            invoice = contract.action_gesticlean_invoice_now(date(2026, 1, 15))
            invoice.action_post()
            xml = self._embedded_xml(invoice)
        self.assertEqual(invoice.amount_untaxed, 115.5)  # 3 x 27.50 + 3 x 11
        self._check(xml, invoice, (date(2026, 1, 15), date(2026, 2, 14)))

    def test_out_of_contract_invoice(self):
        for day, minutes in ((3, 31), (12, 61)):
            with freeze_time(datetime(2026, 3, day, 9, 0)):
                ticket = self._ticket(self.shop_b)
                intervention = self.env["support.intervention"].create(
                    {
                        "ticket_id": ticket.id,
                        "user_id": self.technician.id,
                        "date_start": datetime(2026, 3, day, 9, 0),
                        "date_end": datetime(2026, 3, day, 10, 0),
                        "outcome": "solved",
                    }
                )
            self.env["account.analytic.line"].create(
                {
                    "name": "Session TeamViewer",
                    "date": date(2026, 3, day),
                    "unit_amount": minutes / 60,
                    "employee_id": self.employee.id,
                    "support_intervention_id": intervention.id,
                }
            )
        with freeze_time("2026-03-31"):
            invoices, __ = self.env[
                "support.intervention"
            ]._gesticlean_invoice_out_of_contract(date(2026, 3, 31))
            invoices.action_post()
            xml = self._embedded_xml(invoices)
        self.assertEqual(invoices.amount_untaxed, 225.0)  # 2 + 3 half-hours
        self._check(xml, invoices, (date(2026, 3, 3), date(2026, 3, 12)))
