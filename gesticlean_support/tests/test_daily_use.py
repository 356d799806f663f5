from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from ..tools import phone_for_people
from .test_billing import BillingCommon
from .test_helpdesk import HelpdeskCommon
from .test_support_calendar import paris


@tagged("post_install", "-at_install")
class TestPlannedCallback(HelpdeskCommon):
    """Issue 12.4: a planned callback says when, within support and shop hours."""

    def _running(self, shop):
        with freeze_time(paris(2026, 6, 5, 10, 0)):
            ticket = self._ticket(shop, "degraded", user_id=self.technician.id)
            intervention = ticket.with_user(
                self.technician
            )._gesticlean_start_intervention(paris(2026, 6, 5, 10, 0))
        intervention.outcome = "callback"
        return ticket, intervention

    def test_callback_asks_when(self):
        ticket, intervention = self._running(self.shop_b)
        with freeze_time(paris(2026, 6, 5, 10, 15)):
            with self.assertRaises(UserError) as error:
                intervention.action_done()
        self.assertIn("donnez le jour et l'heure du rappel", str(error.exception))
        self.assertEqual(intervention.state, "running")
        self.assertFalse(ticket.appointment_start)

    @mute_logger("odoo.sql_db")
    def test_callback_outside_hours_refused_with_free_slots(self):
        ticket, intervention = self._running(self.shop_b)
        # Monday 8 June: support is open, shop B is closed on Mondays
        intervention.callback_start = paris(2026, 6, 8, 9, 0)
        with freeze_time(paris(2026, 6, 5, 10, 15)):
            with self.assertRaises(ValidationError) as error:
                intervention.action_done()
        self.assertIn(
            "Un rappel le lundi 8 juin 2026 à 09:00 n'est pas possible",
            str(error.exception),
        )
        self.assertIn(
            "mardi 9 juin 2026 à 09:00, mardi 9 juin 2026 à 09:30, "
            "mardi 9 juin 2026 à 10:00",
            str(error.exception),
        )
        self.assertEqual(intervention.state, "running")
        self.assertFalse(ticket.appointment_start)

    def test_callback_booked_on_the_ticket_no_rating(self):
        ticket, intervention = self._running(self.shop_b)
        intervention.callback_start = paris(2026, 6, 9, 16, 0)
        with freeze_time(paris(2026, 6, 5, 10, 15)):
            intervention.action_done()
            self.assertFalse(ticket.in_callback_queue)
        self.assertEqual(intervention.state, "done")
        self.assertEqual(ticket.appointment_start, paris(2026, 6, 9, 16, 0))
        self.assertEqual(ticket.appointment_event_id.start, paris(2026, 6, 9, 16, 0))
        self.assertEqual(ticket.activity_ids.user_id, self.technician)
        self.assertEqual(ticket.activity_ids.date_deadline, date(2026, 6, 9))
        self.assertTrue(ticket.callback_waiting)
        with freeze_time(paris(2026, 6, 9, 16, 0)):
            ticket.invalidate_recordset(["in_callback_queue"])
            self.assertTrue(ticket.in_callback_queue)
        # nobody was helped yet: no rating request
        self.assertFalse(intervention.rating_ids)


@tagged("post_install", "-at_install")
class TestBillingNotice(BillingCommon):
    """Issue 12.17: the time of a client nobody told is not billed."""

    def _not_told(self, minutes=40):
        intervention = self._intervention(self.shop_b, minutes=(minutes,))
        intervention.ticket_id.sudo().billing_notice_given = False
        return intervention

    def test_not_told_not_billed(self):
        intervention = self._not_told()
        self.assertEqual(intervention.invoice_state, "to_invoice")
        invoices, skipped = self._invoice()
        self.assertFalse(invoices)
        self.assertIn(
            "le client n'a jamais été prévenu que l'appel est facturable",
            skipped[intervention],
        )
        self.assertEqual(intervention.invoice_state, "to_invoice")

    def test_technician_confirms_then_billed(self):
        intervention = self._not_told()
        with self.assertRaises(AccessError):
            intervention.with_user(self.accountant).action_confirm_billing_notice()
        intervention.with_user(self.technician).action_confirm_billing_notice()
        self.assertTrue(intervention.ticket_id.billing_notice_given)
        invoices, skipped = self._invoice()
        self.assertEqual(invoices.amount_untaxed, 90.0)
        self.assertNotIn(intervention, skipped)

    @mute_logger("odoo.sql_db")
    def test_who_may_tick(self):
        intervention = self._intervention(self.shop_b, minutes=(40,))
        ticket = intervention.ticket_id
        # once the client was told and called back, it is kept
        with self.assertRaises(UserError):
            ticket.with_user(self.technician).billing_notice_given = False
        with self.assertRaises(UserError):
            ticket.with_user(self.intake).write({"billing_notice_given": False})
        self.assertTrue(ticket.billing_notice_given)
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            new = self._ticket(self.shop_b, billing_notice_given=False)
        new.with_user(self.intake).billing_notice_given = True
        self.assertTrue(new.billing_notice_given)


@tagged("post_install", "-at_install")
class TestPhoneForPeople(HelpdeskCommon):
    """Issue 12.8: E.164 stored, the national format shown to people."""

    def test_phone_rule(self):
        self.assertEqual(phone_for_people("+33450451234"), "04 50 45 12 34")
        self.assertEqual(phone_for_people("+41223456789"), "+41 22 345 67 89")
        self.assertEqual(phone_for_people("pas un numéro"), "pas un numéro")
        self.assertEqual(phone_for_people(False), "")

    def test_shown_national_stored_e164(self):
        self.assertEqual(self.shop_a.support_phone, "+33450371529")
        self.assertEqual(self.shop_a.support_phone_display, "04 50 37 15 29")
        with freeze_time(paris(2026, 6, 8, 10, 0)):
            ticket = self._ticket(
                self.shop_a, callback_phone="+33 6 12 34 56 78", user_id=False
            )
            ticket.appointment_start = paris(2026, 6, 9, 10, 0)
        self.assertEqual(ticket.callback_phone, "+33612345678")
        self.assertEqual(ticket.callback_phone_display, "06 12 34 56 78")
        intervention = ticket.with_user(self.technician)._gesticlean_start_intervention(
            paris(2026, 6, 9, 10, 0)
        )
        self.assertEqual(intervention.callback_phone_display, "06 12 34 56 78")
        # the reminder a technician reads
        self.assertIn("06 12 34 56 78", ticket.activity_ids.note)
        self.assertIn("06 12 34 56 78", ticket.appointment_event_id.description)


@tagged("post_install", "-at_install")
class TestDemoCalls(HelpdeskCommon):
    def test_waiting_calls_assigned_to_nobody(self):
        """Issue 12.15/16: the demo's waiting calls are the queue's, not OdooBot's
        (the portal showed OdooBot as their responsible)."""
        for xmlid in (
            "ticket_lac_blocked",
            "ticket_mont_blanc_degraded",
            "ticket_bellecour_question",
        ):
            with self.subTest(ticket=xmlid):
                ticket = self.env.ref(f"gesticlean_support.{xmlid}")
                self.assertFalse(ticket.user_id)
                self.assertTrue(ticket.callback_waiting)


@tagged("post_install", "-at_install")
class TestDatesForPeople(TransactionCase):
    """Issue 12.8: dates and times read "27/11/2026 08:20" in the module's forms,
    lists and kanbans, not "27/11/2026 08:20:00"."""

    def test_no_seconds_in_the_module_views(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search(
                [("module", "=", "gesticlean_support"), ("model", "=", "ir.ui.view")]
            )
            .mapped("res_id")
        )
        checked = []
        for view in views.filtered(lambda v: v.type in ("form", "list", "kanban")):
            arch = etree.fromstring(view.arch_db)
            for node, model in self._fields_with_model(arch, self.env[view.model]):
                field = model._fields.get(node.get("name"))
                if not field or field.type != "datetime":
                    continue
                hidden = ("True", "1")
                if node.get("invisible") in hidden:
                    continue
                if node.get("column_invisible") in hidden:
                    continue
                if view.type == "kanban" and not any(
                    parent.tag == "templates" for parent in node.iterancestors()
                ):
                    continue  # only loaded, not shown
                options = safe_eval(  # the web client's JS literals
                    node.get("options") or "{}", {"false": False, "true": True}
                )
                with self.subTest(view=view.xml_id, field=field.name):
                    self.assertIs(options.get("show_seconds"), False)
                checked.append(field.name)
        # the check reaches the fields that matter
        for name in ("appointment_start", "date_start", "callback_start"):
            self.assertIn(name, checked)
        # the forms as shown, helpdesk_mgmt's own dates included
        for model in ("helpdesk.ticket", "support.intervention"):
            arch = etree.fromstring(
                self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
            )
            for node, owner in self._fields_with_model(arch, self.env[model]):
                field = owner._fields.get(node.get("name"))
                if not field or field.type != "datetime":
                    continue
                options = safe_eval(
                    node.get("options") or "{}", {"false": False, "true": True}
                )
                with self.subTest(form=model, field=field.name):
                    self.assertIs(options.get("show_seconds"), False)

    def test_no_seconds_on_the_portal_ticket_pages(self):
        for xmlid in (
            "helpdesk_mgmt.portal_ticket_list",
            "helpdesk_mgmt.portal_helpdesk_ticket_page",
        ):
            arch = self.env["ir.qweb"]._get_template(xmlid)[0]
            spans = arch.xpath("//span[starts-with(@t-field, 'ticket.')]")
            Ticket = self.env["helpdesk.ticket"]
            dates = [
                span
                for span in spans
                if getattr(
                    Ticket._fields.get(span.get("t-field").split(".", 1)[1]),
                    "type",
                    None,
                )
                == "datetime"
            ]
            self.assertTrue(dates, xmlid)
            for span in dates:
                with self.subTest(template=xmlid, field=span.get("t-field")):
                    options = safe_eval(span.get("t-options") or "{}")
                    self.assertTrue(options.get("hide_seconds"))

    def _fields_with_model(self, node, model):
        """Each ``<field>`` of the arch with the model it belongs to (one2many
        sub-views belong to the relation's model)."""
        for child in node.iterchildren(tag=etree.Element):
            if child.tag == "field" and child.get("position"):
                # an inheritance locator, not a field shown: what it adds is
                yield from self._fields_with_model(child, model)
            elif child.tag == "field":
                yield child, model
                field = model._fields.get(child.get("name"))
                if field is not None and field.relational:
                    yield from self._fields_with_model(
                        child, self.env[field.comodel_name]
                    )
            else:
                yield from self._fields_with_model(child, model)
