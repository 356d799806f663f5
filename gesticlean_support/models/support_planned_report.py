"""Reporting of planned interventions: done on time, late or missed, per month
and technician (a PostgreSQL view over the planned tickets and their
interventions: this file is imported after support_intervention.py, whose table
the view reads)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from .helpdesk_ticket_planning import PLANNED_KINDS


class GesticleanPlannedReport(models.Model):
    _name = "gesticlean.planned.report"
    _description = "Planned Interventions Analysis"
    _auto = False
    _order = "planned_date desc"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", readonly=True)
    planned_kind = fields.Selection(
        selection=PLANNED_KINDS,
        string="Planned Intervention",
        readonly=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Technician", readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Client", readonly=True
    )
    planned_date = fields.Datetime(string="Planned For", readonly=True)
    done_date = fields.Datetime(string="Done On", readonly=True)
    status = fields.Selection(
        selection=[
            ("on_time", "On time"),
            ("late", "Late"),
            ("missed", "Missed"),
            ("planned", "Planned"),
        ],
        readonly=True,
        help="On time: done on the planned day or before. Late: done after it. "
        "Missed: its day has passed and it is not done. Planned: to come.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT t.id AS id,
                           t.id AS ticket_id,
                           t.planned_kind,
                           t.company_id,
                           t.user_id,
                           t.commercial_partner_id AS partner_id,
                           t.appointment_start AS planned_date,
                           d.done_date,
                           CASE
                               WHEN d.done_date IS NOT NULL
                                AND d.done_date::date <= t.appointment_start::date
                                   THEN 'on_time'
                               WHEN d.done_date IS NOT NULL THEN 'late'
                               WHEN t.appointment_start::date < CURRENT_DATE
                                   THEN 'missed'
                               ELSE 'planned'
                           END AS status
                      FROM helpdesk_ticket t
                      LEFT JOIN LATERAL (
                          SELECT COALESCE(
                                     t.maintenance_done_date, MAX(i.date_end)
                                 ) AS done_date
                            FROM support_intervention i
                           WHERE i.ticket_id = t.id
                      ) d ON TRUE
                     WHERE t.planned_kind IS NOT NULL
                       AND t.appointment_start IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
            )
        )
