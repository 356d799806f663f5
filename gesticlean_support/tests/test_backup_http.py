"""The backup report route over real HTTP: good and bad input, rate limit, the
portal's last backups, and the managers' dashboard tour."""

import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_backup import BackupCommon


@tagged("post_install", "-at_install")
class TestBackupRoute(BackupCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        action = cls.till.with_user(cls.manager).action_gesticlean_backup_new_token()
        cls.token = "gcb_" + action["params"]["message"].split("gcb_", 1)[1][:43]

    def _post(self, body, token=None, headers=None):
        if not isinstance(body, bytes | str):
            body = json.dumps(body)
        return self.url_open(
            f"/support/backup/{token or self.token}",
            data=body,
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def _good(self, **values):
        finished = datetime.utcnow() - timedelta(minutes=5)
        return {
            "status": "ok",
            "started": (finished - timedelta(minutes=20)).isoformat() + "Z",
            "finished": finished.isoformat() + "+00:00",
            "size": 5_000_000_000,
            "message": "Sauvegarde terminée",
            **values,
        }

    def _count(self):
        return self.Report.search_count([])

    def test_report_stored(self):
        response = self._post(self._good())
        self.assertEqual(response.status_code, 201, response.text)
        report = self.Report.browse(response.json()["id"])
        self.assertEqual(
            (report.workstation_id, report.status, report.size, report.source),
            (self.till, "ok", 5_000_000_000, "http"),
        )
        self.assertEqual(self.till.backup_status, "ok")
        response = self._post(self._good(status="failed", size=None, message=None))
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(len(self._tickets(self.till)), 1)

    def test_bad_input(self):
        count = self._count()
        future = (datetime.utcnow() + timedelta(hours=1)).isoformat()
        cases = {
            "not json": b"{status: ok",
            "not an object": [1, 2],
            "no status": {"finished": self._good()["finished"]},
            "status": self._good(status="OK"),
            "status type": self._good(status=1),
            "size as text": self._good(size="12"),
            "size as bool": self._good(size=True),
            "negative size": self._good(size=-1),
            "size as float": self._good(size=1.5),
            "time as number": self._good(started=1700000000),
            "time unreadable": self._good(finished="hier soir"),
            "finished in the future": self._good(finished=future),
            "started in the future": self._good(started=future),
            "started after finished": self._good(
                started=self._good()["finished"],
                finished=(datetime.utcnow() - timedelta(hours=2)).isoformat(),
            ),
            "no finish": {"status": "ok"},
            "message type": self._good(message={"a": 1}),
            "unknown field": self._good(sise=12),
            "too large": self._good(message="x" * (65 * 1024)),
            "invalid utf-8": b'{"status": "ok", "message": "\xff"}',
            "nested too deep": b"[" * 60_000,
            "time before year 1 in UTC": self._good(
                finished="0001-01-01T00:00:00+14:00"
            ),
            "time after year 9999 in UTC": self._good(
                started="9999-12-31T23:59:59-14:00"
            ),
        }
        for name, body in cases.items():
            with self.subTest(name):
                response = self._post(body)
                self.assertEqual(response.status_code, 400, response.text)
                error = response.json()["error"]
                self.assertTrue(error)
                self.assertNotIn("must", error)  # French, not the English source
        self.assertEqual(self._count(), count)
        self.assertEqual(self.till.backup_status, "never")

    def test_unknown_revoked_token_and_get(self):
        count = self._count()
        for token in ("gcb_" + "a" * 43, "nimportequoi", self.token[:-1]):
            with self.subTest(token=token):
                response = self._post(self._good(), token=token)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(
                    response.json()["error"], "Jeton de sauvegarde inconnu ou révoqué."
                )
        # rotated: the old token answers 404, the new one works
        action = self.till.with_user(self.manager).action_gesticlean_backup_new_token()
        new = "gcb_" + action["params"]["message"].split("gcb_", 1)[1][:43]
        self.assertEqual(self._post(self._good()).status_code, 404)
        self.assertEqual(self._post(self._good(), token=new).status_code, 201)
        self.till.with_user(self.manager).action_gesticlean_backup_revoke_token()
        self.assertEqual(self._post(self._good(), token=new).status_code, 404)
        # POST only
        with mute_logger("werkzeug"):
            response = self.url_open(f"/support/backup/{new}")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._count(), count + 1)

    def test_rate_limit(self):
        for n in range(60):
            response = self._post(self._good(message=f"rapport {n}"))
            self.assertEqual(response.status_code, 201, n)
        count = self._count()
        response = self._post(self._good())
        self.assertEqual(response.status_code, 429)
        self.assertIn("Trop de rapports", response.json()["error"])
        self.assertEqual(self._count(), count)
        # another workstation is not held back
        action = self.till_b.with_user(
            self.manager
        ).action_gesticlean_backup_new_token()
        token_b = "gcb_" + action["params"]["message"].split("gcb_", 1)[1][:43]
        self.assertEqual(self._post(self._good(), token=token_b).status_code, 201)


@tagged("post_install", "-at_install")
class TestBackupPortal(BackupCommon, HttpCase):
    def test_each_shop_sees_its_own_last_backups(self):
        self._report(self.till, "ok", datetime(2026, 3, 1, 2, 15))
        self._report(self.till_b, "ok", datetime(2026, 2, 27, 2, 15))
        self.authenticate("gc_portal_a", "gc_portal_a")
        page = self.url_open("/my/workstations").text
        self.assertIn("Dernière sauvegarde réussie", page)
        self.assertIn("1 mars 2026", page)
        self.assertNotIn("27 février 2026", page)
        self.assertNotIn("Caisse B", page)
        self.authenticate("gc_portal_b", "gc_portal_b")
        page = self.url_open("/my/workstations").text
        self.assertIn("27 février 2026", page)
        self.assertNotIn("1 mars 2026", page)


@tagged("post_install", "-at_install")
class TestBackupTour(HttpCase):
    def test_manager_sees_a_failing_workstation_and_its_ticket(self):
        """On the demo data: Pressing du Lac's back office fails, with its ticket."""
        workstation = self.env.ref("gesticlean_support.workstation_lac_annecy_2")
        self.assertEqual(workstation.backup_status, "failing")
        self.assertTrue(workstation.backup_ticket_id)
        self.start_tour(
            "/odoo", "gesticlean_support_backup_dashboard", login="responsable"
        )
