import threading
from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.res_partner_workstation import installed_base_text
from .test_helpdesk import HelpdeskCommon


class WorkstationCommon(HelpdeskCommon):
    """Shop A with two workstations (till under Windows 11, back office under
    Windows 8.1), shop B with one; releases 2025.1 and 2025.2 (current)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Workstation = cls.env["gesticlean.workstation"]
        cls.Release = cls.env["gesticlean.release"]
        cls.win = {
            code: cls.env.ref(f"gesticlean_support.{code}")
            for code in ("windows_7", "windows_8", "windows_10", "windows_11")
        }
        cls.old_release = cls.Release.create(
            {"name": "T-2025.1", "release_date": date(2025, 3, 17)}
        )
        cls.release = cls.Release.create(
            {"name": "T-2025.2", "release_date": date(2025, 9, 22), "current": True}
        )
        cls.shop_a.stable_internet = True
        cls.till_a = cls.Workstation.create(
            {
                "name": "Caisse",
                "partner_id": cls.shop_a.id,
                "licence_number": "t-lic-a1",
                "windows_version_id": cls.win["windows_11"].id,
                "teamviewer_id": "111 222 333",
                "gesticlean_version_id": cls.release.id,
                "sequence": 1,
            }
        )
        cls.office_a = cls.Workstation.create(
            {
                "name": "Poste atelier",
                "partner_id": cls.shop_a.id,
                "licence_number": "T-LIC-A2",
                "windows_version_id": cls.win["windows_8"].id,
                "teamviewer_id": "1 444 555 666",
                "gesticlean_version_id": cls.old_release.id,
                "sequence": 2,
            }
        )
        cls.till_b = cls.Workstation.create(
            {
                "name": "Caisse",
                "partner_id": cls.shop_b.id,
                "licence_number": "T-LIC-B1",
                "windows_version_id": cls.win["windows_10"].id,
                "teamviewer_id": "777888999",
            }
        )


@tagged("post_install", "-at_install")
class TestWorkstation(WorkstationCommon):
    def test_normalised_and_tracked(self):
        self.assertEqual(self.till_a.licence_number, "T-LIC-A1")
        self.assertEqual(self.till_a.teamviewer_id, "111222333")
        self.assertEqual(self.office_a.teamviewer_id, "1444555666")
        self.assertEqual(self.till_a.display_name, "Caisse (T-LIC-A1)")
        self.env.cr.precommit.run()  # the set-up's pending tracking
        self.till_a.with_context(
            tracking_disable=False, mail_notrack=False
        ).teamviewer_id = "222 333 444"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.till_a.invalidate_recordset(["message_ids"])
        self.assertIn(
            "222333444",
            self.till_a.message_ids.tracking_value_ids.mapped("new_value_char"),
        )

    def test_licence_number_default_from_sequence(self):
        workstation = self.Workstation.create(
            {"name": "Poste 3", "partner_id": self.shop_a.id}
        )
        self.assertTrue(workstation.licence_number.startswith("LIC-"))

    def test_bad_input_refused_in_french(self):
        cases = (
            ({"licence_number": "T-LIC-A2"}, "déjà utilisé par le poste Poste atelier"),
            ({"licence_number": " t-lic-a2 "}, "déjà utilisé"),
            ({"teamviewer_id": "12345"}, "n'est pas un identifiant TeamViewer"),
            ({"teamviewer_id": "12345678901"}, "n'est pas un identifiant TeamViewer"),
            ({"windows_version_id": 999999}, "Version de Windows inconnue"),
        )
        for values, message in cases:
            with self.subTest(values=values):
                with self.assertRaisesRegex(ValidationError, message):
                    self.Workstation.create(
                        {"name": "Nouveau", "partner_id": self.shop_b.id, **values}
                    )
                with (
                    self.assertRaisesRegex(ValidationError, message),
                    self.env.cr.savepoint(),
                ):
                    self.till_b.write(values)
                self.assertEqual(self.till_b.licence_number, "T-LIC-B1")
                self.assertEqual(self.till_b.teamviewer_id, "777888999")
        self.assertEqual(
            self.Workstation.search_count([("partner_id", "=", self.shop_b.id)]), 1
        )

    @mute_logger("odoo.sql_db")
    def test_licence_number_unique_in_database(self):
        """The database refuses a duplicate even when the check is bypassed."""
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE gesticlean_workstation SET licence_number = %s WHERE id = %s",
                ["T-LIC-A1", self.till_b.id],
            )

    def test_same_licence_number_in_another_company(self):
        other = self.env["res.company"].create({"name": "Autre éditeur"})
        workstation = self.Workstation.create(
            {
                "name": "Caisse",
                "partner_id": self.shop_b.id,
                "company_id": other.id,
                "licence_number": "T-LIC-A1",
            }
        )
        self.assertEqual(workstation.licence_number, "T-LIC-A1")

    def test_never_deleted(self):
        with self.assertRaisesRegex(UserError, "jamais supprimés"):
            self.till_b.unlink()
        self.till_b.action_archive()
        self.assertFalse(self.till_b.active)
        self.assertFalse(self.shop_b.workstation_ids)

    def test_move_with_open_ticket_refused(self):
        ticket = self._ticket(self.shop_b)
        self.assertEqual(ticket.workstation_id, self.till_b)
        with (
            self.assertRaisesRegex(UserError, "tickets ouverts"),
            self.env.cr.savepoint(),
        ):
            self.till_b.partner_id = self.shop_a
        self.assertEqual(self.till_b.partner_id, self.shop_b)
        ticket.stage_id = self.stage_done
        self.till_b.partner_id = self.shop_a
        self.assertEqual(self.till_b.partner_id, self.shop_a)

    def test_access(self):
        Workstation = self.Workstation.with_user(self.intake)
        self.assertTrue(Workstation.search([("partner_id", "=", self.shop_a.id)]))
        with self.assertRaises(AccessError):
            Workstation.create({"name": "X", "partner_id": self.shop_a.id})
        with self.assertRaises(AccessError):
            self.till_a.with_user(self.intake).name = "Caisse 2"
        self.till_a.with_user(self.technician).name = "Caisse 1"
        with self.assertRaises(AccessError):
            self.Release.with_user(self.technician).create(
                {"name": "T-2026.1", "release_date": date(2026, 1, 5)}
            )

    def test_users_without_workstation_rights_save_partners(self):
        """An internal user outside the support (sales, accounting) creates and
        edits contacts; a helpdesk user outside the support creates a ticket."""
        user = new_test_user(
            self.env,
            login="gc_plain_user",
            groups="base.group_user,base.group_partner_manager",
        )
        Partner = self.env["res.partner"].with_user(user)
        partner = Partner.create({"name": "Fournisseur", "is_company": True})
        partner.write({"city": "Annecy"})
        self.assertFalse(partner.teamviewer_id)
        self.assertEqual(
            self.shop_b.with_user(user).teamviewer_id, self.till_b.teamviewer_id
        )
        helpdesk_user = new_test_user(
            self.env,
            login="gc_helpdesk_only",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(helpdesk_user)
            .create(
                {
                    "name": "Question",
                    "description": "<p>Question</p>",
                    "partner_id": self.portal_b.partner_id.id,
                }
            )
        )
        self.assertEqual(ticket.workstation_id, self.till_b)

    def test_portal_isolation(self):
        Workstation = self.Workstation.with_user(self.portal_a)
        self.assertEqual(Workstation.search([]), self.till_a | self.office_a)
        with self.assertRaises(AccessError):
            self.till_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.till_a.with_user(self.portal_a).write({"name": "X"})
        # its own workstation, but not the staff's notes on it
        self.till_a.notes = "Client difficile, appeler le gérant"
        own = self.till_a.with_user(self.portal_a)
        self.assertEqual(own.read(["name"])[0]["name"], self.till_a.name)
        with self.assertRaises(AccessError):
            own.read(["notes"])


@tagged("post_install", "-at_install")
class TestShopFromWorkstations(WorkstationCommon):
    def test_shop_fields_read_from_first_workstation(self):
        self.assertEqual(self.shop_a.teamviewer_id, "111222333")
        self.assertEqual(self.shop_a.workstation_os, "windows_11")
        self.assertEqual(self.shop_a.workstation_count, 2)
        self.till_a.action_archive()
        self.assertEqual(self.shop_a.teamviewer_id, "1444555666")
        self.assertEqual(self.shop_a.workstation_os, "windows_8")
        self.assertEqual(self.shop_a.workstation_count, 1)

    def test_shop_fields_write_the_only_workstation(self):
        self.shop_b.teamviewer_id = "123 123 123"
        self.assertEqual(self.till_b.teamviewer_id, "123123123")
        shop = self.env["res.partner"].create(
            {
                "name": "Pressing Neuf",
                "is_company": True,
                "gesticlean_client": True,
                "teamviewer_id": "321 321 321",
                "workstation_os": "windows_10",
            }
        )
        self.assertEqual(shop.workstation_ids.teamviewer_id, "321321321")
        self.assertEqual(
            shop.workstation_ids.windows_version_id, self.win["windows_10"]
        )
        with self.assertRaisesRegex(UserError, "plusieurs postes"):
            self.shop_a.teamviewer_id = "999 999 999"

    def test_search_shop_by_teamviewer_or_licence(self):
        Partner = self.env["res.partner"].with_user(self.intake)
        for typed in ("1 444 555 666", "1444555666", "t-lic-a2", "T-LIC-A1"):
            with self.subTest(typed=typed):
                found = Partner.name_search(typed)
                self.assertIn(self.shop_a.id, [pid for pid, __ in found])
                self.assertNotIn(self.shop_b.id, [pid for pid, __ in found])

    def test_backups_rule_on_the_workstation(self):
        self.till_a.backups_enabled = True
        with (
            self.assertRaisesRegex(ValidationError, "Windows 10 ou version ultérieure"),
            self.env.cr.savepoint(),
        ):
            self.office_a.backups_enabled = True
        self.assertFalse(self.office_a.backups_enabled)
        self.shop_b.stable_internet = False
        with (
            self.assertRaisesRegex(ValidationError, "connexion internet stable"),
            self.env.cr.savepoint(),
        ):
            self.till_b.backups_enabled = True
        self.assertFalse(self.till_b.backups_enabled)
        for code, allowed in (("windows_7", False), ("windows_10", True)):
            with self.subTest(windows=code):
                self.shop_b.stable_internet = True
                self.till_b.windows_version_id = self.win[code]
                if allowed:
                    self.till_b.backups_enabled = True
                    self.till_b.backups_enabled = False
                else:
                    with self.assertRaises(ValidationError), self.env.cr.savepoint():
                        self.till_b.backups_enabled = True


@tagged("post_install", "-at_install")
class TestReleases(WorkstationCommon):
    def test_one_current_release_per_company(self):
        self.assertTrue(self.release.current)
        newer = self.Release.create(
            {"name": "T-2026.1", "release_date": date(2026, 1, 5), "current": True}
        )
        self.assertFalse(self.release.current)
        self.assertEqual(self.Release._gesticlean_current(), newer)
        self.release.current = True
        self.assertFalse(newer.current)

    @mute_logger("odoo.sql_db")
    def test_one_current_release_in_database(self):
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE gesticlean_release SET current = TRUE WHERE id = %s",
                [self.old_release.id],
            )

    def test_workstations_to_update(self):
        to_update = self.Workstation.search(
            [("update_needed", "=", True), ("partner_id", "in", self.shop_a.ids)]
        )
        self.assertEqual(to_update, self.office_a)
        self.assertTrue(self.office_a.update_needed)
        self.assertFalse(self.till_a.update_needed)
        # no version recorded: to update too
        self.assertTrue(self.till_b.update_needed)
        self.assertIn(
            self.till_b, self.Workstation.search([("update_needed", "=", True)])
        )
        self.assertNotIn(
            self.till_a, self.Workstation.search([("update_needed", "=", True)])
        )

    def test_coverage(self):
        self.assertEqual(self.office_a.coverage, "billable")
        self._support_contract(self.shop_a, date(2025, 1, 1), licences=2)
        self.office_a.invalidate_recordset(["coverage"])
        self.assertEqual(self.office_a.coverage, "contract")


@tagged("post_install", "-at_install")
class TestContractsFollowInstalledBase(WorkstationCommon):
    def test_licences_against_workstations(self):
        contract = self._support_contract(self.shop_a, date(2025, 1, 1), licences=3)
        self.assertEqual(contract.active_workstation_count, 2)
        self.assertEqual(
            contract.installed_base_text, "3 licences facturées, 2 postes actifs"
        )
        self.assertEqual(
            self.shop_a.licence_mismatch_text, "3 licences facturées, 2 postes actifs"
        )
        Partner = self.env["res.partner"]
        self.assertIn(self.shop_a, Partner.search([("licence_mismatch", "=", True)]))
        self.assertNotIn(self.shop_b, Partner.search([("licence_mismatch", "=", True)]))
        with self.assertRaises(AccessError):
            contract.with_user(self.technician).action_gesticlean_align_licences()
        self.assertEqual(contract.licence_count, 3)
        self.env.cr.precommit.run()  # the set-up's pending tracking
        contract.with_user(self.manager).with_context(
            tracking_disable=False, mail_notrack=False
        ).action_gesticlean_align_licences()
        self.assertEqual(contract.licence_count, 2)
        self.assertFalse(contract.installed_base_text)
        self.shop_a.invalidate_recordset(["licence_mismatch_text", "licence_mismatch"])
        self.assertFalse(self.shop_a.licence_mismatch_text)
        self.assertNotIn(self.shop_a, Partner.search([("licence_mismatch", "=", True)]))
        line = contract._support_lines_running().filtered(
            lambda line: line.support_line_kind == "licence"
        )
        self.assertEqual(line.quantity, 2)
        self.env.flush_all()
        self.env.cr.precommit.run()
        contract.invalidate_recordset(["message_ids"])
        self.assertIn(
            "Licences",
            contract.message_ids.tracking_value_ids.field_id.mapped(
                "field_description"
            ),
        )
        # one of each reads in the singular
        self.office_a.action_archive()
        contract.invalidate_recordset(["installed_base_text"])
        self.assertEqual(
            contract.installed_base_text, "2 licences facturées, 1 poste actif"
        )
        self.assertEqual(
            installed_base_text(contract.env, 1, 0),
            "1 licence facturée, 0 poste actif",
        )


@tagged("post_install", "-at_install")
class TestIntakeAndInterventions(WorkstationCommon):
    def test_ticket_picks_the_only_workstation(self):
        ticket_b = self._ticket(self.shop_b)
        self.assertEqual(ticket_b.workstation_id, self.till_b)
        self.assertEqual(ticket_b.shop_teamviewer_id, "777888999")
        ticket_a = self._ticket(self.shop_a)
        self.assertFalse(ticket_a.workstation_id)
        ticket_a.workstation_id = self.office_a
        self.assertEqual(ticket_a.shop_teamviewer_id, "1444555666")
        self.assertEqual(ticket_a.workstation_version_id, self.old_release)
        with self.assertRaisesRegex(ValidationError, "appartient à"):
            ticket_a.workstation_id = self.till_b

    def test_intake_form(self):
        form = Form(
            self.env["helpdesk.ticket"].with_user(self.intake),
            view="gesticlean_support.helpdesk_ticket_view_form_intake",
        )
        form.partner_id = self.shop_b
        self.assertEqual(form.workstation_id, self.till_b)
        self.assertEqual(form.shop_teamviewer_id, "777888999")

    def _update(self, shop, workstation, day=2):
        with freeze_time(datetime(2026, 3, day, 9, 0)):
            ticket = self._ticket(shop, workstation_id=workstation.id)
            intervention = (
                self.env["support.intervention"]
                .with_user(self.technician)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "date_start": datetime(2026, 3, day, 9, 0),
                    }
                )
            )
        self.assertEqual(intervention.workstation_id, workstation)
        self.assertEqual(intervention.version_before_id, self.old_release)
        intervention.version_after_id = self.release
        return intervention

    def test_update_out_of_contract_bills_the_fee(self):
        intervention = self._update(self.shop_a, self.office_a)
        self.assertEqual(self.office_a.gesticlean_version_id, self.release)
        self.assertEqual(self.office_a.last_update_date, date(2026, 3, 2))
        self.assertFalse(self.office_a.update_needed)
        self.assertTrue(intervention.billable)
        self.assertTrue(intervention.version_update)
        self.assertEqual(intervention.version_update_amount, 145.0)
        self.assertEqual(intervention.billed_amount, 145.0)

    def test_intervention_on_its_own_shop_workstation(self):
        intervention = self._update(self.shop_a, self.office_a)
        other = self.env["gesticlean.workstation"].create(
            {"name": "Caisse", "partner_id": self.shop_b.id}
        )
        with self.assertRaises(ValidationError) as caught:
            intervention.with_user(self.technician).workstation_id = other
        self.assertIn("appartient à", str(caught.exception))
        self.assertEqual(intervention.workstation_id, self.office_a)

    def test_update_under_contract_is_included(self):
        self._support_contract(self.shop_a, date(2025, 1, 1), licences=2)
        intervention = self._update(self.shop_a, self.office_a)
        self.assertEqual(self.office_a.gesticlean_version_id, self.release)
        self.assertFalse(intervention.billable)
        self.assertEqual(intervention.billed_amount, 0.0)


@tagged("post_install", "-at_install")
class TestWorkstationPortal(WorkstationCommon, HttpCase):
    def test_portal_page_shows_own_workstations(self):
        self.portal_a.password = "portal-a-password"
        self.authenticate(self.portal_a.login, "portal-a-password")
        page = self.url_open("/my/workstations")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Poste atelier", page.text)
        self.assertIn("Windows 8.1", page.text)
        self.assertIn("T-2025.1", page.text)
        self.assertEqual(page.text.count("o_gesticlean_update_needed"), 1)
        self.assertNotIn("Windows 10", page.text)
        self.assertEqual(page.text.count("o_gesticlean_workstation_row"), 2)


@tagged("post_install", "-at_install")
class TestWorkstationTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "Pressing des Deux Postes",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "UI-0201",
                "support_phone": "+33 4 50 45 77 88",
            }
        )
        Release = cls.env["gesticlean.release"]
        cls.old_release = Release.create(
            {"name": "UI-2025.1", "release_date": date(2025, 3, 17)}
        )
        cls.release = Release.create(
            {"name": "UI-2025.2", "release_date": date(2025, 9, 22), "current": True}
        )
        windows = cls.env.ref("gesticlean_support.windows_10")
        cls.till, cls.office = cls.env["gesticlean.workstation"].create(
            [
                {
                    "name": "Caisse",
                    "partner_id": cls.shop.id,
                    "windows_version_id": windows.id,
                    "teamviewer_id": "111 555 999",
                    "gesticlean_version_id": cls.release.id,
                    "sequence": 1,
                },
                {
                    "name": "Poste atelier",
                    "partner_id": cls.shop.id,
                    "windows_version_id": windows.id,
                    "teamviewer_id": "1 444 555 666",
                    "gesticlean_version_id": cls.old_release.id,
                    "sequence": 2,
                },
            ]
        )
        for login, group in (
            ("gc_intake_ws", "gesticlean_support.group_support_intake"),
            ("gc_tech_ws", "gesticlean_support.group_support_technician"),
        ):
            new_test_user(cls.env, login=login, groups=group, lang="fr_FR")

    def test_call_for_the_second_workstation_then_update(self):
        self.start_tour(
            "/odoo/action-gesticlean_support.action_helpdesk_ticket_intake",
            "gesticlean_support_workstation_intake",
            login="gc_intake_ws",
        )
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.shop.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.workstation_id, self.office)
        self.assertEqual(ticket.shop_teamviewer_id, "1444555666")
        technician = self.env["res.users"].search([("login", "=", "gc_tech_ws")])
        intervention = (
            self.env["support.intervention"]
            .with_user(technician)
            .create({"ticket_id": ticket.id})
        )
        self.assertEqual(intervention.workstation_id, self.office)
        self.start_tour(
            "/odoo/action-gesticlean_support.action_support_intervention/"
            f"{intervention.id}",
            "gesticlean_support_workstation_update",
            login="gc_tech_ws",
        )
        self.assertEqual(intervention.version_before_id, self.old_release)
        self.assertEqual(intervention.version_after_id, self.release)
        self.assertEqual(self.office.gesticlean_version_id, self.release)
        self.assertFalse(self.office.update_needed)
        self.assertEqual(self.till.gesticlean_version_id, self.release)
        # out of contract: the version update fee is billed by itself
        self.assertTrue(intervention.version_update)
        self.assertEqual(intervention.version_update_amount, 145.0)


@tagged("post_install", "-at_install")
class TestConcurrentCurrentRelease(TransactionCase):
    """Two managers marking two new releases current at the same moment, in two
    real transactions: the database keeps one current release."""

    def test_two_current_releases_at_once(self):
        registry = self.env.registry
        company_id = self.env.company.id
        self.env.cr.execute(
            "SELECT id FROM gesticlean_release WHERE current AND company_id = %s",
            [company_id],
        )
        previous = [row[0] for row in self.env.cr.fetchall()]
        barrier = threading.Barrier(2, timeout=20)
        created, errors = {}, []

        def mark(name):
            try:
                with registry.cursor() as cr:
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    barrier.wait()
                    release = env["gesticlean.release"].create(
                        {"name": name, "release_date": "2026-01-05", "current": True}
                    )
                    env.flush_all()
                    release_id = release.id
                # committed when the cursor closes
                created[name] = release_id
            except Exception as error:  # the loser's unique violation, expected
                errors.append(type(error).__name__)

        threads = [
            threading.Thread(target=mark, args=(name,))
            for name in ("RACE-2026.1", "RACE-2026.2")
        ]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        self.addCleanup(self._cleanup, list(created.values()), previous)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT name FROM gesticlean_release WHERE current AND company_id = %s",
                [company_id],
            )
            current = [row[0] for row in cr.fetchall()]
        self.assertEqual(len(current), 1, current)
        self.assertEqual(len(created), 1, errors)
        self.assertEqual(current, list(created))
        self.assertEqual(len(errors), 1)

    def _cleanup(self, created, previous):
        with self.env.registry.cursor() as cr:
            cr.execute("DELETE FROM gesticlean_release WHERE id = ANY(%s)", [created])
            cr.execute(
                "UPDATE gesticlean_release SET current = TRUE WHERE id = ANY(%s)",
                [previous],
            )
