"""What a client receives when a call ends, read from a real SMTP server.

A small SMTP server runs in a thread on 127.0.0.1; an outgoing mail server points at
it and Odoo's mail queue is processed for real (Odoo's test mode, which skips
sending, is turned off for the queue run only; the test thread still never
commits).
"""

import email
import email.policy
import socketserver
import threading
from datetime import datetime
from unittest.mock import patch

from odoo import fields, modules
from odoo.tests import tagged

from .test_helpdesk import HelpdeskCommon


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 localhost test SMTP")
        recipients = []
        while True:
            line = self.rfile.readline().decode("utf-8", "replace").strip()
            if not line:
                return
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                for raw in self.rfile:
                    if raw in (b".\r\n", b".\n"):
                        break
                    data.append(raw[1:] if raw.startswith(b"..") else raw)
                message = email.message_from_bytes(
                    b"".join(data), policy=email.policy.default
                )
                self.server.received.append((recipients, message))
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class _SMTPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.received = []


@tagged("post_install", "-at_install")
class TestCallEndMail(HelpdeskCommon):
    @classmethod
    def default_env_context(cls):
        # mail as in production: tracking (and the stage templates it sends) on
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = _SMTPServer()
        thread = threading.Thread(target=cls.smtp.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.smtp.server_close)
        cls.addClassCleanup(cls.smtp.shutdown)
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp.server_address[1],
                "smtp_encryption": "none",
            }
        )
        cls.env.company.email = "support@gesticlean.example"
        cls.shop_a.write({"email": "bellecour@example.com", "lang": "fr_FR"})

    def _end_call(self, outcome):
        ticket = self._ticket(self.shop_a, "blocked")
        intervention = self.env["support.intervention"].create(
            {
                "ticket_id": ticket.id,
                "user_id": self.technician.id,
                "date_start": datetime(2026, 6, 9, 8, 0),
                "outcome": outcome,
            }
        )
        if outcome == "callback":
            intervention.callback_start = ticket._gesticlean_next_free_slots(
                fields.Datetime.now()
            )[0]
        return ticket, intervention.action_done

    def _sent(self, action):
        """Run ``action`` with mail sent for real through the test SMTP server
        (directly or through the queue); what reached the client."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.smtp.received.clear()
        with patch.object(modules.module, "current_test", None):
            action()
            self.env.flush_all()
            # tracking, and the stage templates it sends, is finalised before commit
            self.env.cr.precommit.run()
            self.env["mail.mail"].sudo().process_email_queue()
        return [
            message
            for recipients, message in self.smtp.received
            if "bellecour@example.com" in recipients
        ]

    def test_solved_call_one_french_mail(self):
        """Solving a call sends the client one e-mail, the French rating request;
        helpdesk_mgmt's English "ticket closed" notice never reaches it."""
        ticket, end = self._end_call("solved")
        messages = self._sent(end)
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(len(messages), 1, [m["Subject"] for m in messages])
        body = messages[0].get_body(("html", "plain")).get_content()
        self.assertIn("Comment s'est passée notre intervention", messages[0]["Subject"])
        self.assertNotIn("has been closed", body)
        self.assertNotIn("Hello", body)

    def test_callback_planned_asks_no_rating(self):
        """Nobody was helped yet: no rating request, no closing notice."""
        ticket, end = self._end_call("callback")
        self.assertEqual(self._sent(end), [])
        self.assertFalse(ticket.stage_id.closed)

    def test_cancelled_call_french_notice(self):
        """A call closed without a solved intervention gets the module's French
        notice instead of helpdesk_mgmt's English one."""
        ticket = self._ticket(self.shop_a, "blocked")
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        messages = self._sent(lambda: ticket.write({"stage_id": cancelled.id}))
        self.assertEqual(len(messages), 1)
        self.assertIn("est close", messages[0]["Subject"])
        body = messages[0].get_body(("html", "plain")).get_content()
        self.assertIn("Bonjour", body)
        self.assertNotIn("has been closed", body)
