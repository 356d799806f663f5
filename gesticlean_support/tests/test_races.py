"""Races settled by the database: parallel transactions, each with its own cursor
(issue 11, class 3)."""

import random
import threading
import time
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.contract_contract_invoicing import INVOICING_LOCK
from .common import delete_committed_chatter
from .common_contract import ContractCommon

PARALLEL = 20


def run_in_parallel(registry, target, count=PARALLEL):
    """Run ``target(env, n)`` in ``count`` threads, each in its own transaction,
    all released together; commit each one that returns. Returns (results,
    errors) by thread number."""
    barrier = threading.Barrier(count, timeout=30)
    results, errors = {}, {}

    def run(n):
        try:
            with registry.cursor() as cr:
                # the test runner holds the Registry lock: no registry look-up
                cr.transaction = api.Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait()
                results[n] = target(env, n)
                env.flush_all()
                cr.commit()  # pylint: disable=invalid-commit
        except Exception as error:  # reported by the caller
            errors[n] = repr(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors


@tagged("post_install", "-at_install")
class TestConcurrentBooking(TransactionCase):
    """Twenty clients booking the same callback slot at the same moment."""

    def test_one_slot_one_booking(self):
        registry = self.env.registry
        # committed, so that every transaction sees them
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shops = env["res.partner"].create(
                [
                    {"name": f"Pressing Concurrent {n}", "is_company": True}
                    for n in range(PARALLEL)
                ]
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": "Rappel",
                        "description": "<p>Rappelez-moi</p>",
                        "partner_id": shop.id,
                    }
                    for shop in shops
                ]
            )
            slot = tickets[0]._gesticlean_next_free_slots(fields.Datetime.now())[0]
            committed = (shops.ids, tickets.ids)
        self.addCleanup(self._cleanup_committed, *committed)
        ticket_ids = committed[1]

        def book(env, n):
            ticket = env["helpdesk.ticket"].browse(ticket_ids[n])
            try:
                # as the portal does: a refused booking leaves nothing behind
                with env.cr.savepoint():
                    ticket.appointment_start = slot
                    env.flush_all()
            except ValidationError as error:
                return error.args[0]
            return "booked"

        results, errors = run_in_parallel(registry, book)
        self.assertEqual(errors, {})
        self.assertEqual(list(results.values()).count("booked"), 1, results)
        refusals = [message for message in results.values() if message != "booked"]
        self.assertEqual(len(refusals), PARALLEL - 1)
        for message in refusals:
            self.assertIn("already booked for another client", message)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM helpdesk_ticket "
                "WHERE id = ANY(%s) AND appointment_start = %s",
                [ticket_ids, slot],
            )
            self.assertEqual(cr.fetchone()[0], 1)
            # the refusal offers three free slots, the one taken not among them
            env = api.Environment(cr, SUPERUSER_ID, {})
            loser = (
                env["helpdesk.ticket"]
                .browse(ticket_ids)
                .filtered(lambda ticket: not ticket.appointment_start)[:1]
            )
            slots = loser._gesticlean_next_free_slots(fields.Datetime.now())
            self.assertEqual(len(slots), 3)
            self.assertNotIn(slot, slots)

    def _cleanup_committed(self, shop_ids, ticket_ids):
        """Remove what this test committed (test data only)."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tickets = env["helpdesk.ticket"].browse(ticket_ids)
            tickets.appointment_event_id.unlink()
            delete_committed_chatter(cr, "helpdesk.ticket", ticket_ids)
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [ticket_ids])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [shop_ids])


@tagged("post_install", "-at_install")
class TestConcurrentRatingPosts(TransactionCase):
    """A double-clicked unhappy rating, twenty times at once, through Odoo's
    retry of transactions that fail to serialize (as for an HTTP request)."""

    def test_twenty_identical_posts(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shop = env["res.partner"].create(
                {"name": "Pressing Double Clic", "is_company": True}
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Double clic",
                    "description": "<p>Test</p>",
                    "partner_id": shop.id,
                }
            )
            intervention = env["support.intervention"].create(
                {
                    "ticket_id": ticket.id,
                    "date_start": "2026-06-09 08:00:00",
                    "date_end": "2026-06-09 08:20:00",
                    "outcome": "solved",
                }
            )
            rating_id = intervention._gesticlean_rating().id
            committed = (shop.id, ticket.id, intervention.id)
        self.addCleanup(self._cleanup_committed, *committed)
        intervention_id = committed[2]

        def rate(env, n):
            # what Odoo does for an HTTP request that fails to serialize (without
            # its registry look-ups, the test runner holding the Registry lock)
            env = env(context={"mail_notify_force_send": False})
            for _try in range(10):
                try:
                    intervention = env["support.intervention"].browse(intervention_id)
                    rating = env["rating.rating"].browse(rating_id)
                    changed = intervention._gesticlean_apply_rating(
                        rating, 1, "Pas content"
                    )
                    env.flush_all()
                    return changed
                except SerializationFailure:
                    env.cr.rollback()
                    env.clear()
                    time.sleep(random.uniform(0, 0.2))
            raise AssertionError("ten serialization failures in a row")

        results, errors = run_in_parallel(registry, rate)
        self.assertEqual(errors, {})
        self.assertEqual(list(results.values()).count(True), 1, results)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            intervention = env["support.intervention"].browse(intervention_id)
            rating = env["rating.rating"].browse(rating_id)
            self.assertEqual((rating.rating, rating.feedback), (1, "Pas content"))
            self.assertEqual(len(intervention._gesticlean_sad_calls()), 1)
            self.assertEqual(len(intervention.message_ids.rating_ids), 1)
            self.assertEqual(len(intervention.message_follower_ids), 1)

    def _cleanup_committed(self, shop_id, ticket_id, intervention_id):
        with self.env.registry.cursor() as cr:
            delete_committed_chatter(cr, "support.intervention", [intervention_id])
            delete_committed_chatter(cr, "helpdesk.ticket", [ticket_id])
            cr.execute(
                "DELETE FROM rating_rating WHERE res_model = 'support.intervention' "
                "AND res_id = %s",
                [intervention_id],
            )
            cr.execute(
                "DELETE FROM support_intervention WHERE id = %s", [intervention_id]
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [ticket_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [shop_id])


@tagged("post_install", "-at_install")
class TestCronSkipsLockedContracts(ContractCommon):
    """While *Invoice Now* holds contracts, the cron skips them, and skipped is
    not done: not counted, tried again later, not at once."""

    def test_skipped_is_not_done(self):
        contracts = self.Contract.create(
            [self._contract_values(self.shop_a, licences=n) for n in (1, 2, 3)]
        )
        day = date(2026, 1, 15)
        others = self.Contract.search(self.Contract._support_due_domain(day))
        (others - contracts).write({"invoicing_error_date": day})  # demo contracts
        held = contracts[1:]
        locked, release = threading.Event(), threading.Event()

        def invoice_now_elsewhere():
            # another transaction holding the contracts' invoicing locks
            with self.env.registry.cursor() as cr:
                cr.execute(
                    "SELECT pg_advisory_xact_lock(%s, id) FROM unnest(%s::int[]) id",
                    [INVOICING_LOCK, held.ids],
                )
                locked.set()
                release.wait(30)
                cr.rollback()

        thread = threading.Thread(target=invoice_now_elsewhere)
        thread.start()
        self.addCleanup(thread.join, 30)
        self.addCleanup(release.set)
        self.assertTrue(locked.wait(30))
        cron = self.env.ref("gesticlean_support.ir_cron_support_invoicing")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        with freeze_time("2026-01-15 03:00:00"):
            # one invoiced, two skipped: one done, none left for an immediate rerun
            self.assertEqual(self.Contract._gesticlean_invoice_batch(day, 100), (1, 0))
            self.assertEqual(self.Contract._gesticlean_invoice_batch(day, 1), (0, 0))
        self.assertTrue(contracts[0].support_invoice_ids)
        self.assertFalse(held.support_invoice_ids)
        self.assertFalse(held.filtered("invoicing_error"))
        new_triggers = (
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        )
        self.assertTrue(new_triggers)
        self.assertEqual(
            min(new_triggers.mapped("call_at")), datetime(2026, 1, 15, 3, 15)
        )
        # released, the next run invoices them
        release.set()
        thread.join(30)
        with freeze_time("2026-01-15 03:15:00"):
            self.assertEqual(self.Contract._gesticlean_invoice_batch(day, 100), (2, 0))
        self.assertEqual(len(held.support_invoice_ids), 2)
