import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GestiCleanCommon

# one number as intake staff type it
FRENCH_FORMATS = (
    "04 50 37 15 29",
    "+33 (0)4 50 37 15 29",
    "0033450371529",
    "04.50.37.15.29",
    "04-50-37-15-29",
    "+33 4 50 37 15 29",
    "0450371529",
)
PARIS_SHOP = {
    "name": "Pressing Saint-Honoré",
    "is_company": True,
    "gesticlean_client": True,
}


@tagged("post_install", "-at_install")
class TestClientData(GestiCleanCommon):
    def _create_shop(self, **values):
        return self.env["res.partner"].create(dict(PARIS_SHOP, **values))

    def test_phone_formats_stored_as_e164(self):
        for typed in FRENCH_FORMATS:
            with self.subTest(typed=typed):
                shop = self._create_shop(support_phone=typed)
                self.assertEqual(shop.support_phone, "+33450371529")
                shop.support_phone = "06 71 23 45 89"
                self.assertEqual(shop.support_phone, "+33671234589")

    def test_invalid_phone_refused_nothing_saved(self):
        partners = self.env["res.partner"].with_context(active_test=False)
        count = partners.search_count([])
        for typed in ("12", "abc", "04 50 37 15", "04 50 37 15 29 99", "+33 1 23"):
            with self.subTest(typed=typed):
                with self.assertRaises(ValidationError) as caught:
                    self._create_shop(name=f"Shop {typed}", support_phone=typed)
                self.assertIn(
                    "n'est pas un numéro de téléphone valide", str(caught.exception)
                )
                self.assertIn(typed, str(caught.exception))
                self.assertEqual(partners.search_count([]), count)
                with self.assertRaises(ValidationError):
                    self.shop_a.write({"support_phone": typed, "name": "Renamed"})
                self.assertEqual(self.shop_a.support_phone, "+33450371529")
                self.assertEqual(self.shop_a.name, "Pressing Test A")

    def test_phone_read_with_shop_country(self):
        swiss = self._create_shop(
            support_phone="022 345 67 89", country_id=self.env.ref("base.ch").id
        )
        self.assertEqual(swiss.support_phone, "+41223456789")

    def test_search_by_phone_in_any_format(self):
        partners = self.env["res.partner"]
        for typed in (
            "04 50 37 15 29",
            "+33 (0)4 50 37 15 29",
            "0033450371529",
            "0450371529",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(
                    partners.search([("phone_search", "ilike", typed)]), self.shop_a
                )
                self.assertIn(
                    self.shop_a, partners.search([("display_name", "ilike", typed)])
                )
                found = [pid for pid, _name in partners.name_search(typed)]
                self.assertIn(self.shop_a.id, found)
                self.assertNotIn(self.shop_b.id, found)
        # a partial number matches on digits
        self.assertIn(
            self.shop_a, partners.search([("phone_search", "ilike", "37 15 29")])
        )
        self.assertNotIn(
            self.shop_b, partners.search([("phone_search", "ilike", "37 15 29")])
        )

    def test_search_by_client_code(self):
        found = [pid for pid, _name in self.env["res.partner"].name_search("t-0002")]
        self.assertEqual(found, [self.shop_b.id])

    def test_teamviewer_id(self):
        self.shop_a.teamviewer_id = "123 456 789"
        self.assertEqual(self.shop_a.teamviewer_id, "123456789")
        self.shop_a.teamviewer_id = "1 234 567 890"
        self.assertEqual(self.shop_a.teamviewer_id, "1234567890")
        for typed in ("12345678", "12345678901", "ABC123456"):
            with (
                self.subTest(typed=typed),
                self.assertRaises(ValidationError) as caught,
            ):
                self.shop_a.teamviewer_id = typed
            self.assertIn("n'est pas un identifiant TeamViewer", str(caught.exception))
        self.assertEqual(self.shop_a.teamviewer_id, "1234567890")

    def test_client_code_unique(self):
        with self.assertRaises(ValidationError) as caught:
            self._create_shop(gesticlean_code="t-0001")
        self.assertIn("T-0001", str(caught.exception))
        self.assertIn("déjà utilisé", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.shop_b.gesticlean_code = "T-0001"
        self.assertEqual(self.shop_b.gesticlean_code, "T-0002")

    def test_client_code_unique_in_database(self):
        """The unique index holds even when the ORM check is bypassed."""
        with (
            self.assertRaises(psycopg2.IntegrityError) as caught,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE res_partner SET gesticlean_code = %s WHERE id = %s",
                ("T-0001", self.shop_b.id),
            )
        self.assertIn("gesticlean_code_unique", str(caught.exception))

    def test_client_code_from_sequence(self):
        shop = self._create_shop()
        self.assertRegex(shop.gesticlean_code, r"^GC-\d{5}$")
        other = self._create_shop(name="Pressing Montmartre")
        self.assertNotEqual(shop.gesticlean_code, other.gesticlean_code)

    def test_client_is_a_company(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "Jean Dupont", "is_company": False, "gesticlean_client": True}
            )

    def test_backup_eligibility(self):
        shop = self.shop_a
        cases = (
            ("windows_11", True, True),
            ("windows_10", True, True),
            ("windows_10", False, False),
            ("windows_8", True, False),
            ("windows_7", False, False),
            (False, True, False),
        )
        for os_version, internet, eligible in cases:
            with self.subTest(os=os_version, internet=internet):
                shop.write({"workstation_os": os_version, "stable_internet": internet})
                self.assertEqual(shop.backup_eligible, eligible)
        shop.write({"workstation_os": "windows_7", "stable_internet": False})
        self.assertEqual(
            shop._backup_missing_conditions(),
            [
                "un poste sous Windows 10 ou version ultérieure",
                "une connexion internet stable",
            ],
        )

    def test_clients_are_archived_not_deleted(self):
        with self.assertRaises(UserError) as caught:
            self.shop_a.with_user(self.manager).unlink()
        self.assertIn("Archivez", str(caught.exception))
        self.assertTrue(self.shop_a.exists())
        self.shop_a.with_user(self.manager).action_archive()
        self.assertFalse(self.shop_a.active)

    def test_field_rights(self):
        shop = self.shop_a
        with self.assertRaises(AccessError):
            shop.with_user(self.intake).write({"support_phone": "04 78 37 41 02"})
        shop.with_user(self.technician).write(
            {"support_phone": "04 78 37 41 99", "teamviewer_id": "987654321"}
        )
        self.assertEqual(shop.support_phone, "+33478374199")
        with self.assertRaises(AccessError):
            shop.with_user(self.technician).write({"gesticlean_code": "T-9999"})
        shop.with_user(self.manager).write({"gesticlean_code": "T-9999"})
        self.assertEqual(shop.gesticlean_code, "T-9999")

    def test_changes_tracked(self):
        # end the class set-up's pending tracking (it discards the shops' values)
        self.env.cr.precommit.run()
        shop = self.shop_a.with_context(tracking_disable=False, mail_notrack=False)
        shop.with_user(self.technician).shop_equipment = "conveyor_arm"
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        self.shop_a.invalidate_recordset(["message_ids"])
        tracked = self.shop_a.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "shop_equipment"
        )
        self.assertEqual(tracked.new_value_char, "Convoyeur avec bras de restitution")


@tagged("post_install", "-at_install")
class TestPhoneRule(TransactionCase):
    """The one phone rule (Odoo's phone_validation) of shops and tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.Partner = cls.env["res.partner"]
        cls.france = cls.env.ref("base.fr")

    def _e164(self, typed, country=None):
        return self.Partner._gesticlean_e164(typed, country or self.france)

    def test_french_formats_give_one_e164(self):
        for typed in (
            *FRENCH_FORMATS,
            "+33450371529",
            "00 33 4 50 37 15 29",
            " 0450371529 ",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(self._e164(typed), "+33450371529")

    def test_other_numbers(self):
        self.assertEqual(self._e164("06 71 23 45 89"), "+33671234589")
        # a Swiss shop across the border, typed with its prefix
        self.assertEqual(self._e164("+41 22 345 67 89"), "+41223456789")
        # a Swiss number typed nationally is read with the shop's country
        self.assertEqual(
            self._e164("022 345 67 89", self.env.ref("base.ch")), "+41223456789"
        )

    def test_invalid_numbers_refused(self):
        for typed in (
            "",
            "   ",
            "abc",
            "12",
            "0450",
            "04 50 37 15 2",
            "04 50 37 15 29 99",
            "+33 1",
        ):
            with (
                self.subTest(typed=typed),
                self.assertRaises(ValidationError) as caught,
            ):
                self._e164(typed)
            self.assertIn(
                "n'est pas un numéro de téléphone valide", str(caught.exception)
            )
