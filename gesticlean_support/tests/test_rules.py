import importlib.util
from datetime import date, datetime
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.contract_contract_invoicing import ContractContract
from .common_rating import RatingCommon
from .test_support_calendar import paris

MIGRATION = (
    Path(__file__).parent.parent / "migrations" / "18.0.2.0.0" / "pre-migrate.py"
)


@tagged("post_install", "-at_install")
class TestUnderContract(RatingCommon):
    """One rule says who is under contract on a day: intake, billing, statistics
    and the client form agree."""

    def test_everyone_agrees(self):
        contract = self._support_contract(self.shop_a, date(2026, 6, 10), licences=2)
        # signed, not started: nobody counts the shop as under contract
        with freeze_time(paris(2026, 6, 9, 10, 0)):
            before = self._ticket(self.shop_a)
            self.shop_a.invalidate_recordset()
            self.assertFalse(self.shop_a.support_contract_id)
        self.assertEqual(before.coverage, "billable")
        with freeze_time(paris(2026, 6, 10, 10, 0)):
            self.shop_a.invalidate_recordset()
            self.assertEqual(self.shop_a.support_contract_id, contract)
            self.assertEqual(self.shop_a.support_monthly_amount, 55.0)
            intervention = self._done_intervention(self.shop_a)
        self.assertEqual(intervention.ticket_id.coverage_contract_id, contract)
        self.assertFalse(intervention.billable)
        self.assertEqual(intervention.invoice_state, "included")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT sum(contract_count) FROM support_rating_statistic WHERE day = %s",
            [intervention.date_end.date()],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)
        # its licence line cancelled: nobody counts the shop any more
        contract.contract_line_ids.write({"is_canceled": True})
        with freeze_time(paris(2026, 6, 11, 10, 0)):
            self.shop_a.invalidate_recordset()
            self.assertFalse(self.shop_a.support_contract_id)
            self.assertEqual(self._ticket(self.shop_a).coverage, "billable")

    def test_one_lookup_per_day(self):
        """The calls of many shops on one day: one look-up of their contracts."""
        shops = self.env["res.partner"].create(
            [
                {"name": f"Pressing {n}", "is_company": True, "gesticlean_client": True}
                for n in range(5)
            ]
        )
        Partner = type(self.env["res.partner"])
        with (
            freeze_time(paris(2026, 6, 10, 10, 0)),
            patch.object(
                Partner,
                "_gesticlean_contracts_on",
                autospec=True,
                side_effect=Partner._gesticlean_contracts_on,
            ) as lookup,
        ):
            tickets = self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": "Demande",
                        "description": "<p>?</p>",
                        "partner_id": shop.id,
                    }
                    for shop in shops
                ]
            )
            self.env.flush_all()
        self.assertEqual(lookup.call_count, 1)
        self.assertEqual(set(tickets.mapped("coverage")), {"billable"})


@tagged("post_install", "-at_install")
class TestManagerToNotify(RatingCommon):
    """One helper picks the support manager told: invoicing errors, termination
    calls, unhappy ratings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager_2 = new_test_user(
            cls.env,
            login="gc_manager_2",
            name="Responsable 2",
            groups="gesticlean_support.group_support_manager",
        )

    def test_default_setting_and_preferred(self):
        company = self.company
        company.gesticlean_reminder_user_id = False
        first = self.env["res.users"].search(
            [
                (
                    "groups_id",
                    "in",
                    self.env.ref("gesticlean_support.group_support_manager").id,
                ),
                ("share", "=", False),
                ("company_ids", "in", company.id),
            ],
            order="id",
            limit=1,
        )
        self.assertEqual(company._gesticlean_manager_to_notify(), first)
        company.gesticlean_reminder_user_id = self.manager_2
        self.assertEqual(company._gesticlean_manager_to_notify(), self.manager_2)
        # the contract's responsible when a manager; a technician is not
        self.assertEqual(
            company._gesticlean_manager_to_notify(self.manager), self.manager
        )
        self.assertEqual(
            company._gesticlean_manager_to_notify(self.technician), self.manager_2
        )
        # an archived callbacks manager no longer gets anything
        self.manager_2.active = False
        self.assertEqual(company._gesticlean_manager_to_notify(), first)

    def test_every_manager_activity_goes_to_the_setting(self):
        self.company.gesticlean_reminder_user_id = self.manager_2
        # an unhappy rating
        intervention = self._done_intervention(self.shop_a)
        intervention._gesticlean_apply_rating(intervention.rating_ids.sudo(), 1, "")
        self.assertEqual(intervention.activity_ids.user_id, self.manager_2)
        # a termination request
        contract = self._support_contract(self.shop_b, date(2026, 1, 15))
        request = self.env["gesticlean.termination.request"].create(
            {
                "contract_id": contract.id,
                "channel": "letter",
                "document": "UERGIGxldHRyZQ==",
                "reason_id": self.env.ref(
                    "gesticlean_support.terminate_reason_closing"
                ).id,
            }
        )
        self.assertEqual(request.activity_ids.user_id, self.manager_2)
        # a failed automatic invoicing
        with (
            freeze_time("2026-01-20"),
            patch.object(
                ContractContract,
                "_prepare_invoice",
                side_effect=ValueError("Journal verrouillé"),
                autospec=True,
            ),
            mute_logger(
                "odoo.addons.gesticlean_support.models.contract_contract_invoicing"
            ),
        ):
            contract._gesticlean_invoice(date(2026, 1, 20))
        self.assertEqual(contract.invoicing_error, "Journal verrouillé")
        self.assertEqual(contract.activity_ids.user_id, self.manager_2)


@tagged("post_install", "-at_install")
class TestMigration18020(RatingCommon):
    """The 18.0.2.0.0 pre-migration, run on data put back in its 18.0.1 shape."""

    def _migration(self):
        spec = importlib.util.spec_from_file_location("pre_migrate_18020", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_half_hour_product_and_amounts(self):
        hour, __ = self.env["support.intervention"]._gesticlean_billing_products()
        employee = self.env["hr.employee"].create(
            {"name": "Technician", "user_id": self.technician.id}
        )
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            billed = self._done_intervention(self.shop_b)
        billed.version_update = True
        billed.timesheet_ids.unlink()
        self.env["account.analytic.line"].create(
            {
                "name": "Session",
                "date": date(2026, 3, 2),
                "unit_amount": 31 / 60,
                "employee_id": employee.id,
                "support_intervention_id": billed.id,
            }
        )
        self.assertEqual(billed.billed_amount, 2 * 45.0 + 145.0)
        cr = self.env.cr
        self.env.flush_all()
        # the 18.0.1 shape: a half-hour product at 45 €, no unit columns
        cr.execute(
            """
            UPDATE ir_model_data SET name = replace(name, '_hour', '_half_hour')
             WHERE module = 'gesticlean_support' AND name LIKE %s
            """,
            ["product_out_of_contract_hour%"],
        )
        cr.execute(
            """
            UPDATE product_template SET list_price = 45,
                   name = '{"en_US": "Out-of-contract intervention (half-hour)"}'
             WHERE id = %s
            """,
            [hour.product_tmpl_id.id],
        )
        cr.execute(
            """
            ALTER TABLE support_intervention DROP COLUMN billed_unit_minutes,
                                             DROP COLUMN billed_unit_price,
                                             DROP COLUMN version_update_amount
            """
        )
        self._migration().migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        cr.execute(
            """
            SELECT name, res_id FROM ir_model_data
             WHERE module = 'gesticlean_support' AND name LIKE %s ORDER BY name
            """,
            ["product_out_of_contract%"],
        )
        self.assertEqual(
            cr.fetchall(),
            [
                ("product_out_of_contract_hour", hour.id),
                (
                    "product_out_of_contract_hour_product_template",
                    hour.product_tmpl_id.id,
                ),
            ],
        )
        self.assertEqual(hour.list_price, 90.0)
        self.assertEqual(
            hour.product_tmpl_id.with_context(lang="fr_FR").name,
            "Intervention hors contrat (tarif horaire)",
        )
        cr.execute(
            """
            SELECT billed_unit_minutes, billed_units, billed_unit_price,
                   version_update_amount, billed_amount
              FROM support_intervention WHERE id = %s
            """,
            [billed.id],
        )
        self.assertEqual(cr.fetchone(), (30, 2, 45.0, 145.0, 235.0))
