"""Issue 14: preventive maintenance planned four weeks ahead for the shops under
contract, spread over the technicians; the checklist and its outcomes; the
shop's portal line; the reporting."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase

from .common_planning import NOW, PlanningCommon

MONDAY = NOW.date()


class MaintenanceCommon(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo's shops are left out of the preventive plan of these tests
        cls.env["gesticlean.workstation"].search(
            [("id", "not in", (cls.ws_a | cls.ws_b).ids)]
        ).active = False

    def plan_checks(self, now=NOW):
        with self.our_technicians():
            checks = self.Ticket._gesticlean_plan_maintenance(now)
        return checks.filtered(
            lambda check: check.partner_id in (self.shop_a | self.shop_b)
        )

    def complete(self, check, fix_first=True, user=None):
        check = check.with_user(user or check.user_id)
        check.action_gesticlean_check_all_ok()
        if fix_first:
            check.maintenance_result_ids[:1].action_mark_fix()
            check.maintenance_result_ids[:1].note = "Disque plein à 92 %"
        check.action_gesticlean_complete_check()
        return check.sudo(False).with_user(self.env.user)


class TestMaintenancePlanning(MaintenanceCommon):
    @freeze_time(NOW)
    def test_one_check_per_shop_under_contract(self):
        shop_c = self.env["res.partner"].create(
            {
                "name": "Pressing sans contrat",
                "is_company": True,
                "gesticlean_client": True,
            }
        )
        self.env["gesticlean.workstation"].create(
            {"name": "Caisse", "partner_id": shop_c.id}
        )
        checks = self.plan_checks()
        self.assertEqual(checks.partner_id, self.shop_a | self.shop_b)
        self.assertEqual(len(checks), 2)
        self.assertEqual(set(checks.mapped("planned_kind")), {"maintenance"})
        self.assertFalse(
            self.Ticket.search([("partner_id", "=", shop_c.id)]),
            "no contract, no preventive plan",
        )
        check_a = checks.filtered(lambda c: c.partner_id == self.shop_a)
        # A is closed on Mondays: Tuesday at 8:30 (shop) ∩ 9:00 (support)
        self.assertEqual(check_a.appointment_start, datetime(2027, 3, 2, 8, 0))
        # the checklist: each active item for each active workstation
        items = self.env["gesticlean.maintenance.item"].search([])
        self.assertEqual(len(items), 6)
        self.assertEqual(len(check_a.maintenance_result_ids), 3 * 6)
        self.assertEqual(check_a.maintenance_result_ids.workstation_id, self.ws_a)
        for check in checks:
            self.assertTrue(check._gesticlean_slot_is_open(check.appointment_start))
        # the next run plans nothing more for them
        self.assertFalse(self.plan_checks())

    @freeze_time(NOW)
    def test_next_check_n_months_after_the_last(self):
        self.env.company.gesticlean_maintenance_months = 3
        check_a = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_a)
        self.complete(check_a, fix_first=False)
        self.assertEqual(check_a.maintenance_done_date, NOW)
        # two months later: not due within four weeks
        self.assertFalse(
            self.plan_checks(NOW + timedelta(days=60)).filtered(
                lambda c: c.partner_id == self.shop_a
            )
        )
        # three weeks before it is due: planned on its day (1 June, a Tuesday)
        later = self.plan_checks(datetime(2027, 5, 11, 7, 0)).filtered(
            lambda c: c.partner_id == self.shop_a
        )
        self.assertEqual(later.appointment_start, datetime(2027, 6, 1, 7, 0))

    @freeze_time(NOW)
    def test_spread_over_technicians_within_their_share(self):
        shops = self.env["res.partner"].create(
            [{"name": f"Pressing {n:02}", "is_company": True} for n in range(16)]
        )
        requests = [
            {"shop": shop, "earliest": NOW, "name": "Maintenance"} for shop in shops
        ]
        with self.our_technicians():
            checks, left_out = self.Ticket._gesticlean_plan(
                "maintenance", requests, NOW + timedelta(weeks=4)
            )
        self.assertEqual(left_out, [])
        per_day = {}
        for check in checks:
            key = (check.user_id, check.appointment_start.date())
            per_day[key] = per_day.get(key, 0) + 1
        # 14 support slots a day: each technician takes at most half of them
        self.assertEqual(
            per_day,
            {
                (self.technician, MONDAY): 7,
                (self.technician2, MONDAY): 7,
                (self.technician, MONDAY + timedelta(days=1)): 1,
                (self.technician2, MONDAY + timedelta(days=1)): 1,
            },
        )
        self.assert_no_overlap(checks)
        for check in checks:
            self.assertTrue(check._gesticlean_slot_is_open(check.appointment_start))

    @freeze_time(NOW)
    def test_clear_of_callbacks_and_other_planned(self):
        # a callback at 9:00 and at 9:30 on Monday for shop B's neighbours
        other = self.env["res.partner"].create({"name": "Voisin", "is_company": True})
        for start in (datetime(2027, 3, 1, 8, 0), datetime(2027, 3, 1, 8, 30)):
            self.Ticket.create(
                {
                    "name": "Rappel",
                    "description": "<p>Rappel</p>",
                    "partner_id": other.id,
                    "appointment_start": start,
                }
            )
        check_b = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_b)
        self.assertEqual(check_b.appointment_start, datetime(2027, 3, 1, 9, 0))
        # a client asking for a callback at the same time still gets it: the
        # other technician is free
        ticket = self.Ticket.create(
            {
                "name": "Rappel",
                "description": "<p>Rappel</p>",
                "partner_id": other.id,
                "appointment_start": datetime(2027, 3, 1, 9, 0),
            }
        )
        self.assertTrue(ticket.appointment_start)


class TestMaintenanceChecklist(MaintenanceCommon):
    @freeze_time(NOW)
    def test_item_to_fix_opens_a_linked_ticket_nothing_billed(self):
        check_a = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_a)
        self.assertEqual(check_a.coverage, "contract")
        first = check_a.maintenance_result_ids[:1]
        self.complete(check_a, user=self.technician)
        self.assertTrue(check_a.stage_id.closed)
        # the vendor's own remote check: no "are you satisfied?" to the shop
        self.assertFalse(
            self.env["rating.rating"].search(
                [
                    ("res_model", "=", "support.intervention"),
                    ("res_id", "in", check_a.intervention_ids.ids),
                ]
            )
        )
        self.assertFalse(
            self.env["mail.mail"]
            .search(
                [
                    ("model", "=", "support.intervention"),
                    ("res_id", "in", check_a.intervention_ids.ids),
                ]
            )
            .filtered(lambda mail: self.shop_a in mail.recipient_ids)
        )
        self.assertFalse(check_a.planned_open)
        fix = first.fix_ticket_id
        self.assertTrue(fix)
        self.assertEqual(check_a.maintenance_fix_ids, fix)
        self.assertEqual(fix.maintenance_source_id, check_a)
        self.assertEqual(fix.workstation_id, first.workstation_id)
        self.assertEqual(fix.urgency, "degraded")
        self.assertEqual(fix.coverage, "contract")
        self.assertIn("Disque plein à 92 %", fix.description)
        self.assertIn(first.item_id.name, fix.name)
        # only the item to fix opened a ticket
        self.assertEqual(
            len(check_a.maintenance_result_ids.filtered("fix_ticket_id")), 1
        )
        # the check's intervention is recorded, included in the contract
        intervention = check_a.intervention_ids
        self.assertEqual(len(intervention), 1)
        self.assertEqual(intervention.user_id, self.technician)
        self.assertEqual(intervention.state, "done")
        self.assertFalse(intervention.billable)
        self.assertEqual(intervention.billed_amount, 0)
        # the results stay as recorded
        with self.assertRaises(UserError):
            first.with_user(self.technician).state = "ok"

    @freeze_time(NOW)
    def test_every_item_recorded_first(self):
        check_a = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_a)
        check_a.maintenance_result_ids[:2].with_user(self.technician).action_mark_ok()
        with self.assertRaisesRegex(UserError, "Mises à jour Windows"):
            check_a.with_user(self.technician).action_gesticlean_complete_check()
        self.assertTrue(check_a.planned_open)

    @freeze_time(NOW)
    def test_workstation_of_an_open_check_stays_with_its_shop(self):
        check_a = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_a)
        workstation = check_a.maintenance_result_ids.workstation_id[:1]
        # the check is the shop's: it may name no workstation of its own
        check_a.workstation_id = False
        with (
            self.assertRaisesRegex(UserError, "tickets ouverts"),
            self.env.cr.savepoint(),
        ):
            workstation.partner_id = self.shop_b
        self.assertEqual(workstation.partner_id, self.shop_a)

    @freeze_time(NOW)
    def test_only_technicians_record_checks(self):
        check_a = self.plan_checks().filtered(lambda c: c.partner_id == self.shop_a)
        for method in (
            "action_gesticlean_check_all_ok",
            "action_gesticlean_complete_check",
        ):
            with self.assertRaises(AccessError):
                getattr(check_a.with_user(self.intake), method)()
        with self.assertRaises(AccessError):
            check_a.maintenance_result_ids[:1].with_user(self.intake).action_mark_ok()
        with self.assertRaises(AccessError):
            check_a.with_user(self.technician).maintenance_done_date = NOW

    @freeze_time(NOW)
    def test_report_on_time_late_missed(self):
        checks = self.plan_checks()
        check_a = checks.filtered(lambda c: c.partner_id == self.shop_a)
        check_b = checks.filtered(lambda c: c.partner_id == self.shop_b)
        self.complete(check_a, fix_first=False)  # done before its day
        Report = self.env["gesticlean.planned.report"]
        self.env.flush_all()
        rows = {
            row.ticket_id: row
            for row in Report.search([("ticket_id", "in", checks.ids)])
        }
        self.assertEqual(rows[check_a].status, "on_time")
        self.assertEqual(rows[check_a].user_id, check_a.user_id)
        self.assertEqual(rows[check_b].status, "planned")
        # the view compares with the database's CURRENT_DATE: B's day put in the
        # past
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET appointment_start = %s WHERE id = %s",
            [datetime(2020, 1, 6, 9, 0), check_b.id],
        )
        self.env.invalidate_all()
        self.assertEqual(Report.browse(check_b.id).status, "missed")
        self.complete(check_b, fix_first=False)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(Report.browse(check_b.id).status, "late")
        counts = Report._read_group(
            [("ticket_id", "in", checks.ids)], ["user_id", "status"], ["__count"]
        )
        self.assertEqual(sum(count for _user, _status, count in counts), 2)

    def test_settings_wizard_sets_the_period(self):
        settings = (
            self.env["gesticlean.support.settings"].with_user(self.manager).create({})
        )
        self.assertEqual(settings.gesticlean_maintenance_months, 3)
        settings.gesticlean_maintenance_months = 6
        settings.action_save()
        self.assertEqual(self.env.company.gesticlean_maintenance_months, 6)


class TestMaintenanceDemo(TransactionCase):
    def test_demo_has_done_missed_and_planned_checks(self):
        rows = self.env["gesticlean.planned.report"].search(
            [("planned_kind", "=", "maintenance")]
        )
        self.assertEqual(set(rows.mapped("status")), {"on_time", "missed", "planned"})
        fixes = self.env["helpdesk.ticket"].search(
            [("maintenance_source_id", "!=", False)]
        )
        self.assertEqual(len(fixes), 1)
        updates = self.env["helpdesk.ticket"].search([("planned_kind", "=", "update")])
        self.assertEqual(len(updates), 2)
