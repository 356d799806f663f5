"""Two technicians planning the updates of the same workstations at the same
moment: PostgreSQL plans each workstation once."""

from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged

from .common import delete_committed_chatter
from .test_races import run_in_parallel

RUNS = 4


@tagged("post_install", "-at_install")
class TestConcurrentUpdatePlanning(TransactionCase):
    def test_each_workstation_planned_once(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shop = env["res.partner"].create(
                {"name": "Pressing Concurrent Planning", "is_company": True}
            )
            workstations = env["gesticlean.workstation"].create(
                [{"name": f"Poste {n}", "partner_id": shop.id} for n in range(3)]
            )
            technician = env.ref("gesticlean_support.user_technician")
            committed = (shop.id, workstations.ids)
        self.addCleanup(self._cleanup_committed, *committed)

        def plan(env, n):
            tickets, _left_out = (
                env["gesticlean.workstation"]
                .browse(committed[1])
                ._gesticlean_plan_updates(fields.Datetime.now())
            )
            env.flush_all()
            return len(tickets)

        Ticket = type(self.env["helpdesk.ticket"])
        with patch.object(
            Ticket,
            "_gesticlean_planning_technicians",
            lambda model, company: model.env["res.users"].browse(technician.id),
        ):
            results, errors = run_in_parallel(registry, plan, count=RUNS)
        self.assertEqual(errors, {})
        self.assertEqual(sorted(results.values()), [0] * (RUNS - 1) + [3])
        with registry.cursor() as cr:
            cr.execute(
                "SELECT workstation_id, count(*) FROM helpdesk_ticket "
                "WHERE workstation_id = ANY(%s) AND planned_kind = 'update' "
                "GROUP BY workstation_id",
                [committed[1]],
            )
            self.assertEqual(dict(cr.fetchall()), dict.fromkeys(committed[1], 1))

    def _cleanup_committed(self, shop_id, workstation_ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tickets = env["helpdesk.ticket"].search(
                [("workstation_id", "in", workstation_ids)]
            )
            tickets.appointment_event_id.unlink()
            delete_committed_chatter(cr, "helpdesk.ticket", tickets.ids)
            tickets.activity_ids.unlink()
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [tickets.ids])
            delete_committed_chatter(cr, "gesticlean.workstation", workstation_ids)
            cr.execute(
                "DELETE FROM gesticlean_workstation WHERE id = ANY(%s)",
                [workstation_ids],
            )
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [[shop_id]])
