from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval


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

    def test_clients_action(self):
        """Support > Clients opens the client shops, in their list, and creates
        client shops."""
        menu = self.env.ref("gesticlean_support.menu_support_clients_list")
        self.assertEqual(menu.parent_id.name, "Clients")
        self.assertEqual(
            menu.action, self.env.ref("gesticlean_support.action_gesticlean_clients")
        )
        action = self.env["ir.actions.actions"]._for_xml_id(
            "gesticlean_support.action_gesticlean_clients"
        )
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(
            [tuple(view) for view in action["views"]],
            [
                (
                    self.env.ref("gesticlean_support.view_partner_gesticlean_list").id,
                    "list",
                ),
                (False, "kanban"),
                (False, "form"),
            ],
        )
        self.assertEqual(
            action["search_view_id"][0],
            self.env.ref("gesticlean_support.view_partner_gesticlean_search").id,
        )
        supplier = self.env["res.partner"].create(
            {"name": "Papeterie Fournisseur", "is_company": True}
        )
        listed = self.env["res.partner"].search(safe_eval(action["domain"]))
        self.assertIn(self.shop, listed)
        self.assertNotIn(supplier, listed)
        self.assertNotIn(self.env.user.partner_id, listed)
        # a shop created from this list, in the form, is a client shop with a code
        form = Form(
            self.env["res.partner"].with_context(**safe_eval(action["context"]))
        )
        form.name = "Pressing Nouveau"
        created = form.save()
        self.assertTrue(created.gesticlean_client)
        self.assertTrue(created.is_company)
        self.assertRegex(created.gesticlean_code, r"^GC-\d{5}$")

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
