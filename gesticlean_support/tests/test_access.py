from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GestiCleanCommon


@tagged("post_install", "-at_install")
class TestAccessRights(GestiCleanCommon):
    """Each role against each model the module adds or extends."""

    def _can(self, user, model, operation, record=None):
        """Return True if ``user`` may do ``operation``, False on AccessError."""
        Model = self.env[model].with_user(user)
        try:
            with self.env.cr.savepoint():
                if operation == "create":
                    Model.create(self._new_values(model))
                elif operation == "read":
                    record.with_user(user).read(["name"])
                elif operation == "write":
                    record.with_user(user).write(self._write_values(model))
                elif operation == "unlink":
                    record.with_user(user).unlink()
        except AccessError:
            return False
        except UserError:
            # allowed by the access rights, refused by a business rule
            return "refused"
        return True

    def _new_values(self, model):
        return {
            "res.partner": {
                "name": "Nouveau pressing",
                "is_company": True,
                "gesticlean_client": True,
            },
            "contract.contract": {
                "name": "Contrat test",
                "partner_id": self.shop_a.id,
            },
        }[model]

    def _write_values(self, model):
        return {
            "res.partner": {
                "support_phone": "04 50 11 22 33",
                "teamviewer_id": "111222333",
            },
            "contract.contract": {"name": "Contrat renommé"},
        }[model]

    def _assert_matrix(self, model, record, matrix):
        for user, expected in matrix.items():
            for operation, allowed in zip(
                ("read", "write", "create", "unlink"), expected, strict=True
            ):
                with self.subTest(model=model, user=user.login, operation=operation):
                    self.assertEqual(self._can(user, model, operation, record), allowed)

    def test_client_shops(self):
        self._assert_matrix(
            "res.partner",
            self.shop_b,
            {
                # read, write support data, create a client, delete
                self.intake: (True, False, False, False),
                self.technician: (True, True, False, "refused"),
                self.manager: (True, True, True, "refused"),
                self.accountant: (True, False, False, False),
            },
        )

    def test_contracts(self):
        contract = self.env["contract.contract"].create(
            self._new_values("contract.contract")
        )
        self._assert_matrix(
            "contract.contract",
            contract,
            {
                self.intake: (True, False, False, False),
                self.technician: (True, False, False, False),
                self.manager: (True, True, True, False),
                self.accountant: (True, False, False, False),
            },
        )

    def test_roles_imply_each_other(self):
        self.assertTrue(
            self.manager.has_group("gesticlean_support.group_support_technician")
        )
        self.assertTrue(
            self.manager.has_group("gesticlean_support.group_support_intake")
        )
        self.assertTrue(
            self.technician.has_group("gesticlean_support.group_support_intake")
        )
        self.assertFalse(
            self.technician.has_group("gesticlean_support.group_support_manager")
        )
        self.assertFalse(
            self.intake.has_group("gesticlean_support.group_support_technician")
        )
        self.assertTrue(self.intake.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertTrue(
            self.technician.has_group("hr_timesheet.group_hr_timesheet_user")
        )
        self.assertFalse(self.intake.has_group("hr_timesheet.group_hr_timesheet_user"))
        self.assertTrue(self.manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertEqual(
            self.env.ref("gesticlean_support.group_support_manager").category_id.name,
            "Support GestiClean",
        )

    def test_portal_sees_only_its_own_shop(self):
        own = self.shop_a.with_user(self.portal_a)
        self.assertEqual(own.read(["name"])[0]["name"], "Pressing Test A")
        with self.assertRaises(AccessError):
            self.shop_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.shop_b.with_user(self.portal_a).support_phone  # noqa: B018
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.portal_a)
            .search([("gesticlean_client", "=", True)]),
            self.shop_a,
        )
        with self.assertRaises(AccessError):
            own.write({"support_phone": "04 50 11 22 33"})
        self.assertEqual(self.shop_a.support_phone, "+33450371529")

    def test_support_menu_visibility(self):
        root = self.env.ref("gesticlean_support.menu_support_root")
        config = self.env.ref("gesticlean_support.menu_support_config")
        reporting = self.env.ref("gesticlean_support.menu_support_reporting")

        def visible(user):
            return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        self.assertIn(root.id, visible(self.intake))
        self.assertNotIn(config.id, visible(self.intake))
        self.assertNotIn(reporting.id, visible(self.technician))
        self.assertIn(config.id, visible(self.manager))
        self.assertIn(reporting.id, visible(self.manager))
        self.assertNotIn(root.id, visible(self.accountant))
        for xmlid in (
            "menu_support_tickets",
            "menu_support_callback_queue",
            "menu_support_contracts",
            "menu_support_clients",
        ):
            with self.subTest(menu=xmlid):
                menu = self.env.ref(f"gesticlean_support.{xmlid}")
                self.assertIn(menu.id, visible(self.intake))
