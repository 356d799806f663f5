"""Support managers change the support settings without being administrators."""

from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import GestiCleanCommon


@tagged("post_install", "-at_install")
class TestSupportSettings(GestiCleanCommon):
    def test_manager_changes_targets_and_reminder_user(self):
        company = self.env.company
        self.assertFalse(self.manager.has_group("base.group_system"))
        Settings = self.env["gesticlean.support.settings"].with_user(self.manager)
        with Form(Settings) as form:
            # the form opens with the company's values
            self.assertEqual(
                form.gesticlean_target_blocked, company.gesticlean_target_blocked
            )
            # the support hours in force, even before a calendar is chosen
            self.assertEqual(
                form.gesticlean_support_calendar_id,
                company._gesticlean_support_calendar(),
            )
            form.gesticlean_target_blocked = 0.5
            form.gesticlean_target_question = 7.0
            form.gesticlean_billing_unit = 15
            form.gesticlean_reminder_user_id = self.manager
            form.gesticlean_booking_horizon = 12
        form.record.action_save()
        self.assertEqual(company.gesticlean_target_blocked, 0.5)
        self.assertEqual(company.gesticlean_target_question, 7.0)
        self.assertEqual(company.gesticlean_billing_unit, 15)
        self.assertEqual(company.gesticlean_reminder_user_id, self.manager)
        self.assertEqual(company.gesticlean_booking_horizon, 12)
        self.assertEqual(company._gesticlean_manager_to_notify(), self.manager)

    def test_others_cannot(self):
        company = self.env.company
        before = company.gesticlean_target_blocked
        for user in (self.intake, self.technician):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["gesticlean.support.settings"].with_user(user).create(
                    {"gesticlean_target_blocked": 9.0}
                )
        # a record made for a manager, saved by someone else
        settings = (
            self.env["gesticlean.support.settings"]
            .with_user(self.manager)
            .create({"gesticlean_target_blocked": 9.0})
        )
        with self.assertRaises(AccessError):
            settings.with_user(self.technician).action_save()
        self.assertEqual(company.gesticlean_target_blocked, before)

    def test_company_rules_still_apply(self):
        """The company's own constraints check the values (billing unit >= 1)."""
        settings = (
            self.env["gesticlean.support.settings"]
            .with_user(self.manager)
            .create({"gesticlean_billing_unit": 0})
        )
        before = self.env.company.gesticlean_billing_unit
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                settings.action_save()
        self.assertIn("unité", str(caught.exception))
        self.assertEqual(self.env.company.gesticlean_billing_unit, before)

    def test_manager_adds_a_bridge_day(self):
        """The support calendar's *Closures* button (support managers) opens its
        time off, where a manager adds a bridge day: no support hours that day."""
        calendar = self.env.ref("gesticlean_support.resource_calendar_support")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gesticlean_support.action_support_closing_days"
        )
        form = (
            self.env["resource.calendar"]
            .with_user(self.manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(f'name="{action["id"]}"', form)
        context = safe_eval(action["context"], {"active_id": calendar.id})
        # Friday 15 May 2026, the day after Ascension (Paris time)
        day_start, day_end = datetime(2026, 5, 14, 22, 0), datetime(2026, 5, 15, 21, 59)
        self.assertGreater(
            calendar.get_work_hours_count(day_start, day_end, compute_leaves=True), 0
        )
        leave = (
            self.env["resource.calendar.leaves"]
            .with_user(self.manager)
            .with_context(**context)
            .create(
                {
                    "name": "Pont de l'Ascension",
                    "date_from": day_start,
                    "date_to": day_end,
                }
            )
        )
        self.assertEqual(leave.calendar_id, calendar)
        self.assertIn(
            leave,
            self.env["resource.calendar.leaves"]
            .with_user(self.manager)
            .search(safe_eval(action["domain"], {"active_id": calendar.id})),
        )
        self.assertEqual(
            calendar.get_work_hours_count(day_start, day_end, compute_leaves=True), 0
        )

    def test_menus(self):
        """Managers see *Support Settings*, not Odoo's Settings page (theirs is an
        access error); administrators see both."""
        ours = self.env.ref("gesticlean_support.menu_support_config_support_settings")
        odoo = self.env.ref("gesticlean_support.menu_support_config_settings")
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(ours.id, visible)
        self.assertNotIn(odoo.id, visible)
        admin = self.env.ref("base.user_admin")
        visible = self.env["ir.ui.menu"].with_user(admin)._visible_menu_ids()
        self.assertIn(ours.id, visible)
        self.assertIn(odoo.id, visible)
