import re
from html import unescape

from psycopg2 import sql

from odoo.addons.base.tests.common import BaseCommon, new_test_user


def delete_committed_chatter(cr, model, res_ids):
    """Delete the messages, followers and activities of records a test committed
    (before deleting the records themselves in SQL)."""
    cr.execute(
        "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)",
        [model, res_ids],
    )
    for table in ("mail_followers", "mail_activity"):
        cr.execute(
            sql.SQL("DELETE FROM {} WHERE res_model = %s AND res_id = ANY(%s)").format(
                sql.Identifier(table)
            ),
            [model, res_ids],
        )


def contract_pdf_text(contract):
    """The text of a contract's "Contrat de support GestiClean" (tags removed,
    entities decoded, spaces collapsed), as its reader sees it."""
    html = (
        contract.env["ir.actions.report"]
        ._render_qweb_html("gesticlean_support.report_support_contract", contract.ids)[
            0
        ]
        .decode()
    )
    text = unescape(re.sub(r"<[^>]+>", "", html)).replace("\xa0", " ")
    return " ".join(text.split())


class GestiCleanCommon(BaseCommon):
    """Users of each role and two client shops, for the tests of gesticlean_support."""

    @classmethod
    def setup_main_company(cls, currency_code="EUR"):
        # BaseCommon switches the company to USD; INFORUM bills in euros
        return super().setup_main_company(currency_code=currency_code)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.intake = new_test_user(
            cls.env,
            login="gc_intake",
            name="Intake",
            groups="gesticlean_support.group_support_intake",
            lang="fr_FR",
        )
        cls.technician = new_test_user(
            cls.env,
            login="gc_technician",
            name="Technician",
            groups="gesticlean_support.group_support_technician",
            lang="fr_FR",
        )
        cls.manager = new_test_user(
            cls.env,
            login="gc_manager",
            name="Manager",
            groups="gesticlean_support.group_support_manager",
            lang="fr_FR",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="gc_accountant",
            name="Accountant",
            groups="account.group_account_invoice",
            lang="fr_FR",
        )
        cls.shop_a = cls.env["res.partner"].create(
            {
                "name": "Pressing Test A",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "T-0001",
                "support_phone": "04 50 37 15 29",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.shop_b = cls.env["res.partner"].create(
            {
                "name": "Pressing Test B",
                "is_company": True,
                "gesticlean_client": True,
                "gesticlean_code": "T-0002",
                "support_phone": "04 78 37 41 02",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="gc_portal_a",
            name="Gérante A",
            groups="base.group_portal",
            lang="fr_FR",
        )
        cls.portal_a.partner_id.parent_id = cls.shop_a
        cls.portal_b = new_test_user(
            cls.env,
            login="gc_portal_b",
            name="Gérant B",
            groups="base.group_portal",
            lang="fr_FR",
        )
        cls.portal_b.partner_id.parent_id = cls.shop_b
