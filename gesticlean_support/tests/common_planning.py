from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import pairwise
from unittest.mock import patch

from odoo.addons.base.tests.common import new_test_user

from .common_contract import ContractCommon

# Monday 1 March 2027, 8:00 in Paris: far from the demo's planned interventions
NOW = datetime(2027, 3, 1, 7, 0)
STEP = timedelta(minutes=30)


class PlanningCommon(ContractCommon):
    """Two shops under contract with workstations (A closed on Mondays), two
    technicians who take the planned interventions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician2 = new_test_user(
            cls.env,
            login="gc_technician2",
            name="Technician Two",
            groups="gesticlean_support.group_support_technician",
            lang="fr_FR",
        )
        cls.technicians = cls.technician | cls.technician2
        # Pressing A opens Tuesday to Saturday, 8:30-12:30 and 14:00-19:00
        cls.shop_a_hours = cls.env["resource.calendar"].create(
            {
                "name": "Horaires Pressing A",
                "tz": "Europe/Paris",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        },
                    )
                    for day in range(1, 6)
                    for start, end in ((8.5, 12.5), (14.0, 19.0))
                ],
            }
        )
        cls.shop_a.shop_calendar_id = cls.shop_a_hours
        cls.shop_a.lang = "fr_FR"
        cls.shop_b.lang = "fr_FR"
        cls.shop_a.email = "pressing.a@example.com"
        cls.shop_b.email = "pressing.b@example.com"
        windows = cls.env.ref("gesticlean_support.windows_10")
        Workstation = cls.env["gesticlean.workstation"]
        cls.ws_a = Workstation.create(
            [
                {
                    "name": f"Poste A{n}",
                    "partner_id": cls.shop_a.id,
                    "windows_version_id": windows.id,
                }
                for n in range(1, 4)
            ]
        )
        cls.ws_b = Workstation.create(
            [
                {
                    "name": f"Poste B{n}",
                    "partner_id": cls.shop_b.id,
                    "windows_version_id": windows.id,
                }
                for n in range(1, 3)
            ]
        )
        cls.contract_a = cls._make_contract(cls.shop_a, start="2026-01-15")
        cls.contract_b = cls._make_contract(cls.shop_b, start="2026-01-15")
        cls.Ticket = cls.env["helpdesk.ticket"]

    @contextmanager
    def our_technicians(self):
        """The planned interventions go to this test's two technicians (the demo
        has its own)."""
        technicians = self.technicians
        with patch.object(
            type(self.Ticket),
            "_gesticlean_planning_technicians",
            lambda model, company: technicians.with_env(model.env),
        ):
            yield

    def assert_no_overlap(self, tickets):
        by_user = {}
        for ticket in tickets:
            by_user.setdefault(ticket.user_id, []).append(ticket.appointment_start)
        for user, starts in by_user.items():
            starts.sort()
            for first, second in pairwise(starts):
                self.assertGreaterEqual(second - first, STEP, user.name)
