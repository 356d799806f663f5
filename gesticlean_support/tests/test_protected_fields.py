"""A role changes only what its forms let it change: protected fields refused in
write()/create() from a client, through the ORM and through JSON-RPC.

The table below is role x model x field: add a row for each field a model of the
module protects (see models/protected_fields.py).
"""

import json

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_contract import ContractCommon


@tagged("post_install", "-at_install")
class TestProtectedFields(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("gesticlean_support.terminate_reason_closing")
        cls.contract = cls._make_contract(licences=3, start="2026-01-15")
        cls.other_contract = cls._make_contract(cls.shop_b, licences=1)
        with freeze_time("2026-06-10"):
            cls.request = cls._termination_request(cls.contract)

    @classmethod
    def _termination_request(cls, contract, **values):
        return (
            cls.env["gesticlean.termination.request"]
            .with_user(cls.intake)
            .create(
                {
                    "contract_id": contract.id,
                    "channel": "letter",
                    "received_date": "2026-06-10",
                    "document": "UERGIGxldHRyZQ==",
                    "document_name": "courrier.pdf",
                    "reason_id": cls.reason.id,
                    **values,
                }
            )
        )

    def _protected_rows(self):
        """(role, record, field, value a client might send)."""
        request = self.request
        return [
            (role, request, field, value)
            for role in (self.intake, self.technician, self.manager)
            for field, value in (
                ("state", "confirmed"),
                ("confirmed_by_id", role.id),
                ("confirmed_date", "2026-06-11"),
                ("withdrawn_date", "2026-06-11"),
                ("effective_date", "2026-06-30"),
                ("contract_id", self.other_contract.id),
                ("partner_id", self.shop_b.id),
            )
        ]

    def _assert_refused(self, role, record, field, value, method="write"):
        before = record[field]
        with self.subTest(role=role.login, model=record._name, field=field):
            with self.assertRaises(AccessError) as caught:
                if method == "write":
                    record.with_user(role).write({field: value})
                else:
                    record.with_user(role).create({field: value})
            # the message is French (the users' language) and names the field
            label = record._fields[field]._description_string(
                record.with_context(lang="fr_FR").env
            )
            self.assertIn(label, str(caught.exception))
            record.invalidate_recordset()
            self.assertEqual(record[field], before, "nothing changed")

    def test_write_refused_for_every_role(self):
        for role, record, field, value in self._protected_rows():
            self._assert_refused(role, record, field, value)
        self.assertEqual(self.contract.partner_id, self.shop_a)

    def test_create_refused_with_protected_values(self):
        with self.assertRaises(AccessError):
            self._termination_request(self.other_contract, state="confirmed")
        with self.assertRaises(AccessError):
            self._termination_request(
                self.other_contract, confirmed_by_id=self.manager.id
            )
        self.assertFalse(self.other_contract.termination_request_ids)

    def test_context_default_is_not_taken(self):
        request = (
            self.env["gesticlean.termination.request"]
            .with_context(default_state="confirmed")
            .with_user(self.intake)
            .create(
                {
                    "contract_id": self.other_contract.id,
                    "channel": "email",
                    "received_date": "2026-06-10",
                    "document": "UERGIGxldHRyZQ==",
                    "reason_id": self.reason.id,
                }
            )
        )
        self.assertEqual(request.state, "requested")

    def test_current_value_and_editable_fields_accepted(self):
        request = self.request.with_user(self.intake)
        # what the form shows may be sent back unchanged
        request.write({"state": "requested", "contract_id": self.contract.id})
        # the pending request's own fields stay editable
        request.write({"channel": "email", "comment": "Reçu par courriel"})
        self.assertEqual(request.channel, "email")

    def test_actions_move_the_state(self):
        with freeze_time("2026-06-11"):
            self.request.with_user(self.manager).action_confirm()
        self.assertEqual(self.request.state, "confirmed")
        self.assertEqual(self.request.confirmed_by_id, self.manager)
        # once confirmed, what the client wrote is kept as received
        with self.assertRaises(UserError):
            self.request.with_user(self.manager).write({"received_date": "2026-01-01"})
        self.assertEqual(str(self.request.received_date), "2026-06-10")

    def test_json_rpc_cannot_forge_the_action_context(self):
        """Through the web client's own endpoint, with the marker's key in the
        context: refused, nothing written."""
        self.authenticate("gc_intake", "gc_intake")
        response = self.url_open(
            "/web/dataset/call_kw/gesticlean.termination.request/write",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "gesticlean.termination.request",
                        "method": "write",
                        "args": [[self.request.id], {"state": "confirmed"}],
                        "kwargs": {
                            "context": {
                                "lang": "fr_FR",
                                "gesticlean_protected_write": True,
                            }
                        },
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("actions du module de support", error["message"])
        self.request.invalidate_recordset()
        self.assertEqual(self.request.state, "requested")
