from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestClientsUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "Pressing des Aravis",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "UI-0001",
                "support_phone": "04 50 45 99 88",
                "teamviewer_id": "555 666 777",
                "shop_equipment": "conveyor",
            }
        )

    def test_find_client_by_phone_tour(self):
        """A manager finds a shop by a phone number typed in another format."""
        self.start_tour(
            "/odoo/action-gesticlean_support.action_gesticlean_clients",
            "gesticlean_support_client_search",
            login="admin",
        )

    def test_clients_action_loads(self):
        self.authenticate("admin", "admin")
        response = self.url_open(
            "/odoo/action-gesticlean_support.action_gesticlean_clients"
        )
        self.assertEqual(response.status_code, 200)

    def test_portal_account_page(self):
        """A client shop's user reaches its portal."""
        user = self.env["res.users"].create(
            {
                "name": "Gérante Aravis",
                "login": "aravis",
                "password": "aravis-password",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        user.partner_id.parent_id = self.shop
        self.authenticate("aravis", "aravis-password")
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pressing des Aravis", response.text)
