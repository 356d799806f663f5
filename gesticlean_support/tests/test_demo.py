from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """`make run` shows these: a French vendor and its client shops."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("gesticlean_support.partner_shop_lac_annecy", False):
            self.skipTest("demo data not loaded")

    def test_main_company_is_french(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "INFORUM")
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.country_id.code, "FR")
        self.assertEqual(company.chart_template, "fr")
        vat_20 = self.env["account.tax"].search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20.0),
            ]
        )
        self.assertTrue(vat_20, "the French 20 % sales VAT exists")
        # every company with a chart of accounts gets its services tax on our products
        product = self.env.ref("gesticlean_support.product_out_of_contract_hour")
        ChartTemplate = self.env["account.chart.template"]
        for other in self.env["res.company"].search([("chart_template", "!=", False)]):
            with self.subTest(company=other.name):
                tax = ChartTemplate._gesticlean_service_tax(other)
                self.assertIn(tax, product.sudo().taxes_id)
                self.assertEqual(tax.tax_scope, "service")

    def test_demo_shops(self):
        shops = self.env["res.partner"].search([("gesticlean_client", "=", True)])
        demo = shops.filtered(lambda shop: shop.get_external_id()[shop.id])
        self.assertGreaterEqual(len(demo), 8)
        for shop in demo:
            with self.subTest(shop=shop.name):
                self.assertTrue(shop.is_company)
                self.assertRegex(shop.support_phone, r"^\+33\d{9}$")
                self.assertRegex(shop.teamviewer_id, r"^\d{9,10}$")
                self.assertTrue(shop.shop_calendar_id.attendance_ids)
                self.assertTrue(shop.gesticlean_code)
        self.assertEqual(
            set(demo.mapped("shop_equipment")), {"none", "conveyor", "conveyor_arm"}
        )
        self.assertIn("74", {shop.zip[:2] for shop in demo})

    def test_demo_users_work_in_french(self):
        for xmlid in (
            "base.user_admin",
            "gesticlean_support.user_intake",
            "gesticlean_support.user_technician",
            "gesticlean_support.user_manager",
            "gesticlean_support.user_portal_claire_dupont",
        ):
            with self.subTest(user=xmlid):
                self.assertEqual(self.env.ref(xmlid).lang, "fr_FR")

    def test_demo_ratings(self):
        """Rated interventions fill the statistics page and the dashboard."""
        keys = (
            "lac_till",
            "mont_blanc_labels",
            "bellecour_export",
            "saint_germain_conveyor",
            "lac_backup",
            "mont_blanc_fidelity",
            "allobroges_solved",
        )
        interventions = self.env["support.intervention"].browse(
            [self.env.ref(f"gesticlean_support.intervention_{key}").id for key in keys]
        )
        self.assertEqual(set(interventions.mapped("state")), {"done"})
        self.assertEqual(
            interventions.mapped("rating_last_value"), [5, 5, 5, 3, 1, 5, 5]
        )
        self.assertEqual(
            interventions.mapped("coverage"), ["contract"] * 6 + ["billable"]
        )
        sad = self.env.ref("gesticlean_support.intervention_lac_backup")
        self.assertEqual(
            sad.activity_ids.user_id, self.env.ref("gesticlean_support.user_manager")
        )
        stats = self.env["support.intervention"]._gesticlean_rating_statistics()
        self.assertGreaterEqual(stats["rating_count"], 7)
        self.assertGreaterEqual(stats["top_count"], 5)
        self.assertGreaterEqual(stats["contract_count"], 6)

    def test_demo_contracts_not_overdue(self):
        """A new demo database has nothing overdue: *Invoice Now* and the cron
        find nothing to catch up; the next invoice is after today; each contract
        has its journal, its responsible is a support manager, its start is its
        real start."""
        Contract = self.env["contract.contract"]
        today = fields.Date.context_today(Contract)
        demo = Contract.browse(
            [
                self.env.ref(f"gesticlean_support.contract_support_{key}").id
                for key in ("lac_annecy", "bellecour", "mont_blanc", "saint_germain")
            ]
        )
        self.assertFalse(demo.filtered_domain(Contract._support_due_domain(today)))
        manager = self.env.ref("gesticlean_support.user_manager")
        for contract in demo:
            with self.subTest(contract=contract.name):
                self.assertGreater(contract.recurring_next_date, today)
                self.assertEqual(contract.journal_id.type, "sale")
                self.assertEqual(contract.user_id, manager)
                start = contract.modification_ids.filtered(
                    lambda m: m.description == "Début du contrat"
                )
                self.assertEqual(start.date, contract.date_start)

    def test_demo_is_inforums_in_french(self):
        """No English demo of helpdesk_mgmt in sight (archived, kept), and the
        administrator is not "Mitchell Admin"."""
        Ticket = self.env["helpdesk.ticket"]
        oca = Ticket.with_context(active_test=False).browse(
            [self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_{n}").id for n in range(1, 9)]
        )
        self.assertEqual(len(oca.exists()), 8)
        self.assertFalse(oca.filtered("active"))
        self.assertFalse(Ticket.search([("partner_id.name", "=", "Gemini Furniture")]))
        teams = self.env["helpdesk.ticket.team"].search([])
        self.assertNotIn("Consultants", teams.mapped("name"))
        self.assertEqual(self.env.ref("base.user_admin").name, "Administrateur INFORUM")
