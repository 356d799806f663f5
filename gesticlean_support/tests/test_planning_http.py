"""Planned interventions on the portal: the client moves one with the callback
booking, sees its preventive maintenance line and last report, never another
shop's; the technician's tour through a preventive check."""

from datetime import timedelta
from unittest.mock import patch

import pytz

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from .test_maintenance import MaintenanceCommon


@tagged("post_install", "-at_install")
class TestPlanningPortal(HttpCase, MaintenanceCommon):
    def _plan_check(self, shop):
        now = fields.Datetime.now()
        requests = [{"shop": shop, "earliest": now, "name": "Maintenance préventive"}]
        with self.our_technicians():
            checks, _left_out = self.Ticket._gesticlean_plan(
                "maintenance", requests, now + timedelta(weeks=4)
            )
        checks._gesticlean_create_checklist()
        return checks

    def test_client_moves_its_planned_check(self):
        check = self._plan_check(self.shop_a)
        first = check.appointment_start
        later = check._gesticlean_next_free_slots(first + timedelta(days=1))[0]
        tz = pytz.timezone("Europe/Paris")
        local = pytz.utc.localize(later).astimezone(tz).strftime("%Y-%m-%dT%H:%M")
        # another shop's client: not found, nothing moved
        self.authenticate("gc_portal_b", "gc_portal_b")
        response = self.url_open(
            f"/my/ticket/{check.id}/callback",
            data={"callback_date": local, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(check.appointment_start, first)
        # its own client: moved with the slot booking of callbacks
        self.authenticate("gc_portal_a", "gc_portal_a")
        page = self.url_open(f"/my/ticket/{check.id}")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            f"/my/ticket/{check.id}/callback",
            data={"callback_date": local, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("callback_booked=1", response.headers["Location"])
        check.invalidate_recordset()
        self.assertEqual(check.appointment_start, later)
        self.assertEqual(check.appointment_event_id.start, later)
        # the client is e-mailed the new date and time, in French
        subjects = (
            self.env["mail.mail"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", check.id)])
            .filtered(lambda mail: self.shop_a in mail.recipient_ids)
            .mapped("subject")
        )
        self.assertIn(
            "Maintenance préventive : "
            + check.with_context(lang="fr_FR")._gesticlean_format_slot(later),
            subjects,
        )
        # outside the shop's hours (a Monday): refused, kept
        monday = later + timedelta(days=(7 - later.weekday()) % 7 or 7)
        monday_local = (
            pytz.utc.localize(monday.replace(hour=9, minute=0))
            .astimezone(tz)
            .strftime("%Y-%m-%dT%H:%M")
        )
        response = self.url_open(
            f"/my/ticket/{check.id}/callback",
            data={
                "callback_date": monday_local,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertIn("callback_error=refused", response.headers["Location"])
        check.invalidate_recordset()
        self.assertEqual(check.appointment_start, later)

    def test_maintenance_line_and_report_own_shop_only(self):
        check = self._plan_check(self.shop_a)
        done = check.with_user(check.user_id)
        done.action_gesticlean_check_all_ok()
        done.action_gesticlean_complete_check()
        # the next one is planned ahead for B only
        self._plan_check(self.shop_b)
        self.env.flush_all()
        day = fields.Date.context_today(check, check.maintenance_done_date)
        self.authenticate("gc_portal_a", "gc_portal_a")
        page = self.url_open("/my/workstations")
        self.assertEqual(page.status_code, 200)
        text = " ".join(page.text.split())
        self.assertIn(
            "Maintenance préventive : dernière le " + day.strftime("%d/%m/%Y"), text
        )
        next_day = fields.Date.add(day, months=3)
        self.assertIn("prochaine le " + next_day.strftime("%d/%m/%Y"), text)
        self.assertIn(f'href="/my/ticket/{check.id}"', text)
        report = self.url_open(f"/my/ticket/{check.id}")
        self.assertIn("Rapport de maintenance préventive", report.text)
        self.assertIn("Poste A1", report.text)
        # B sees its own next check, not A's last one nor its report
        self.authenticate("gc_portal_b", "gc_portal_b")
        page = self.url_open("/my/workstations")
        text = " ".join(page.text.split())
        self.assertNotIn("dernière le", text)
        self.assertNotIn(f"/my/ticket/{check.id}", text)
        self.assertIn("Maintenance préventive : prochaine le", text)
        report = self.url_open(f"/my/ticket/{check.id}")
        self.assertNotIn("Poste A1", report.text)


@tagged("post_install", "-at_install")
class TestMaintenanceTour(HttpCase, MaintenanceCommon):
    def test_technician_completes_a_check_with_one_item_to_fix(self):
        technician = self.env.ref("gesticlean_support.user_technician")
        now = fields.Datetime.now()
        requests = [
            {"shop": self.shop_b, "earliest": now, "name": "Maintenance préventive"}
        ]
        # planned straight onto the demo technician: the slot is then free in
        # his own diary (the demo books callbacks for him relative to today)
        with patch.object(
            type(self.Ticket),
            "_gesticlean_planning_technicians",
            lambda model, company: technician.with_env(model.env),
        ):
            check, _left_out = self.Ticket._gesticlean_plan(
                "maintenance", requests, now + timedelta(weeks=4)
            )
        check._gesticlean_create_checklist()
        self.assertEqual(check.user_id, technician)
        self.start_tour(
            f"/odoo/helpdesk.ticket/{check.id}",
            "gesticlean_support_maintenance_check",
            login="technicien",
        )
        self.assertFalse(check.planned_open)
        self.assertTrue(check.maintenance_done_date)
        fixed = check.maintenance_result_ids.filtered(lambda r: r.state == "fix")
        self.assertEqual(len(fixed), 1)
        self.assertEqual(fixed.note, "Disque presque plein")
        self.assertEqual(fixed.fix_ticket_id.urgency, "degraded")
        self.assertEqual(fixed.fix_ticket_id.workstation_id, fixed.workstation_id)
        self.assertEqual(
            set(check.maintenance_result_ids.mapped("state")), {"ok", "fix"}
        )
        self.assertEqual(check.intervention_ids.user_id, technician)
