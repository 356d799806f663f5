"""Preventive maintenance: the checks planned four weeks ahead for every shop under
contract, the checklist the technician records, the tickets an item to fix opens,
the last and next check of a shop."""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools import APPOINTMENT_MINUTES
from .guards import SUPPORT_TECHNICIAN, check_caller
from .helpdesk_ticket_planning import _PLANNER_CHECKED, _PLANNER_KEY

#: how far ahead the scheduled action plans the preventive checks
MAINTENANCE_HORIZON = timedelta(weeks=4)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    maintenance_result_ids = fields.One2many(
        comodel_name="gesticlean.maintenance.result",
        inverse_name="ticket_id",
        string="Checklist",
    )
    maintenance_done_date = fields.Datetime(
        string="Check Completed On", readonly=True, copy=False
    )
    maintenance_source_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Opened by the Preventive Check",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    maintenance_fix_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="maintenance_source_id",
        string="Tickets Opened",
    )

    # ------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------

    def action_gesticlean_check_all_ok(self):
        """Every item not recorded yet is OK."""
        self._gesticlean_check_maintenance_technician()
        self._gesticlean_open_checks().maintenance_result_ids.filtered(
            lambda result: not result.state
        ).write({"state": "ok"})

    def action_gesticlean_complete_check(self):
        """Complete the preventive check: an item to fix opens a ticket for its
        workstation (Degraded, linked to the check), the check's intervention is
        recorded and the check closed."""
        self.ensure_one()
        self._gesticlean_check_maintenance_technician()
        check = self._gesticlean_open_checks()
        missing = check.maintenance_result_ids.filtered(lambda r: not r.state)
        if missing:
            raise UserError(
                self.env._(
                    "Record every item of the checklist first (OK, to fix or not "
                    "applicable): %(items)s.",
                    items=", ".join(
                        f"{r.item_id.name} ({r.workstation_id.name})" for r in missing
                    ),
                )
            )
        check._gesticlean_open_fix_tickets()
        now = fields.Datetime.now()
        # the check's slot, ending now (not from a past appointment: a check
        # done days late does not log days of work)
        start = now - timedelta(minutes=APPOINTMENT_MINUTES)
        intervention = self.env["support.intervention"].create(
            {
                "ticket_id": check.id,
                "user_id": self.env.uid,
                "date_start": start,
                "channel": "teamviewer",
                "outcome": "solved",
            }
        )
        intervention.action_done()
        check._gesticlean_protected_write().maintenance_done_date = now

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_check_maintenance_technician(self):
        check_caller(
            self.env,
            [SUPPORT_TECHNICIAN],
            self.env._("Only technicians record preventive checks."),
        )

    def _gesticlean_open_checks(self):
        """These tickets, when they are all open preventive checks."""
        if any(t.planned_kind != "maintenance" or not t.planned_open for t in self):
            raise UserError(
                self.env._("This is not a preventive check still to be done.")
            )
        return self

    def _gesticlean_open_fix_tickets(self):
        """One ticket per item to fix, for its workstation, linked to the check."""
        self.ensure_one()
        to_fix = self.maintenance_result_ids.filtered(
            lambda r: r.state == "fix" and not r.fix_ticket_id
        )
        lang = self.partner_id.lang or "fr_FR"
        for result in to_fix:
            env = self.with_context(lang=lang).env
            ticket = (
                self.env["helpdesk.ticket"]
                .sudo()
                ._gesticlean_protected_write()
                .create(
                    {
                        "name": env._(
                            "To fix after the preventive check: %(item)s (%(ws)s)",
                            item=result.item_id.with_context(lang=lang).name,
                            ws=result.workstation_id.name,
                        ),
                        "partner_id": self.partner_id.id,
                        "company_id": self.company_id.id,
                        "workstation_id": result.workstation_id.id,
                        "urgency": "degraded",
                        "description": Markup("<p>%s</p>")
                        % (result.note or result.item_id.name),
                        "maintenance_source_id": self.id,
                    }
                )
            )
            result._gesticlean_protected_write().fix_ticket_id = ticket

    @api.model
    def _cron_plan_maintenance(self):
        self._gesticlean_plan_maintenance(fields.Datetime.now())

    @api.model
    def _gesticlean_plan_maintenance(self, now):
        """Plan the preventive checks due within four weeks of ``now``: one per
        shop under contract with active workstations, every N months (company
        setting) after its last completed check, and none while one is open."""
        date_to = now + MAINTENANCE_HORIZON
        tickets = self.browse()
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("gesticlean_maintenance_months", ">", 0)])
        )
        for company in companies:
            requests = self.with_company(company)._gesticlean_maintenance_requests(
                company, now, date_to
            )
            if requests:
                planned, _left_out = self.with_company(company)._gesticlean_plan(
                    "maintenance", requests, date_to
                )
                planned._gesticlean_create_checklist()
                tickets |= planned
        return tickets

    @api.model
    def _gesticlean_maintenance_requests(self, company, now, date_to):
        """What to plan for ``company``: the shops under contract whose next check
        falls before ``date_to``, from when it falls due."""
        Ticket = self.sudo().with_context(active_test=False)
        workstations = (
            self.env["gesticlean.workstation"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        shops = workstations.partner_id.commercial_partner_id
        tz = company._gesticlean_support_tz()
        today = pytz.utc.localize(now).astimezone(tz).date()
        covered = shops._gesticlean_contracts_on(today, company)
        open_shops = {
            shop
            for [shop] in Ticket._read_group(
                [
                    ("planned_kind", "=", "maintenance"),
                    ("planned_open", "=", True),
                    ("company_id", "=", company.id),
                ],
                ["commercial_partner_id"],
            )
        }
        last_done = dict(
            Ticket._read_group(
                [
                    ("planned_kind", "=", "maintenance"),
                    ("maintenance_done_date", "!=", False),
                    ("company_id", "=", company.id),
                ],
                ["commercial_partner_id"],
                ["maintenance_done_date:max"],
            )
        )
        months = company.gesticlean_maintenance_months or 3
        requests = []
        for shop in shops:
            if not covered.get(shop) or shop in open_shops:
                continue
            earliest = now
            if shop in last_done:
                due = pytz.utc.localize(last_done[shop]).astimezone(tz).date()
                due += relativedelta(months=months)
                due_start = (
                    tz.localize(datetime.combine(due, time.min))
                    .astimezone(pytz.utc)
                    .replace(tzinfo=None)
                )
                earliest = max(now, due_start)
            if earliest >= date_to:
                continue
            requests.append(
                {
                    "shop": shop,
                    "earliest": earliest,
                    "name": self.with_context(lang=shop.lang or "fr_FR").env._(
                        "Preventive maintenance"
                    ),
                }
            )
        return requests

    def _gesticlean_create_checklist(self):
        """The checklist of each check: every active item for each active
        workstation of the shop."""
        items = (
            self.env["gesticlean.maintenance.item"]
            .sudo()
            .search([("active", "=", True)])
        )
        workstations = (
            self.env["gesticlean.workstation"]
            .sudo()
            .search([("partner_id", "in", self.commercial_partner_id.ids)])
        )
        by_shop = defaultdict(list)
        for workstation in workstations:
            by_shop[workstation.partner_id].append(workstation)
        self.env["gesticlean.maintenance.result"].sudo().create(
            [
                {
                    "ticket_id": check.id,
                    "workstation_id": workstation.id,
                    "item_id": item.id,
                }
                for check in self
                for workstation in by_shop[check.commercial_partner_id]
                for item in items
            ]
        )

    @api.model
    def _gesticlean_maintenance_summary(self, shop):
        """The shop's last completed check (its report) and the date of the next
        one, as the portal says them ("dernière le 12/10/2026, prochaine le
        12/01/2027")."""
        Ticket = self.sudo()
        base = [
            ("planned_kind", "=", "maintenance"),
            ("commercial_partner_id", "=", shop.id),
        ]
        last = Ticket.search(
            [*base, ("maintenance_done_date", "!=", False)],
            order="maintenance_done_date desc",
            limit=1,
        )
        upcoming = Ticket.search(
            [*base, ("planned_open", "=", True)], order="appointment_start", limit=1
        )
        company = (shop.company_id or self.env.company).sudo()
        tz = company._gesticlean_support_tz()
        next_day = (
            upcoming.appointment_start
            and pytz.utc.localize(upcoming.appointment_start).astimezone(tz).date()
        )
        if not next_day and last:
            next_day = pytz.utc.localize(last.maintenance_done_date).astimezone(
                tz
            ).date() + relativedelta(months=company.gesticlean_maintenance_months)
        last_day = (
            last and pytz.utc.localize(last.maintenance_done_date).astimezone(tz).date()
        )
        last_text = last_day and format_date(self.env, last_day)
        next_text = next_day and format_date(self.env, next_day)
        if last_text and next_text:
            text = self.env._(
                "Preventive maintenance: last on %(last)s, next on %(next)s",
                last=last_text,
                next=next_text,
            )
        elif next_text:
            text = self.env._(
                "Preventive maintenance: next on %(next)s", next=next_text
            )
        else:
            text = ""
        return {"last": last, "next": upcoming, "text": text}

    @api.model
    def _gesticlean_demo_planning(self):
        """Demo: checks planned three weeks ago (half of them done, one with an
        item to fix; one missed), the others moved to the coming days, two
        updates planned."""
        now = fields.Datetime.now()
        past = self._gesticlean_plan_maintenance(now - timedelta(weeks=3)).sorted(
            "appointment_start"
        )
        done = past[: max(1, len(past) // 2)]
        for check in past[len(done) + 1 :]:
            # moved as the planner does (the slot is free): the module's own
            # booking check reads in a new transaction, which would wait for
            # the installation's
            check.with_context(**{_PLANNER_KEY: _PLANNER_CHECKED}).write(
                {
                    "appointment_start": check._gesticlean_next_free_slots(
                        now + timedelta(days=2)
                    )[0]
                }
            )
        for index, check in enumerate(done):
            check.action_gesticlean_check_all_ok()
            if index == 0:
                check.maintenance_result_ids[:1].write(
                    {"state": "fix", "note": "Disque C: plein à 92 %"}
                )
            check.with_user(check.user_id).sudo().action_gesticlean_complete_check()
            check._gesticlean_protected_write().maintenance_done_date = (
                check.appointment_start + timedelta(minutes=30)
            )
        self._gesticlean_plan_maintenance(now)
        behind = self.env["gesticlean.workstation"].search(
            [("update_needed", "=", True)], limit=2
        )
        behind._gesticlean_plan_updates(now)
