"""The backup rules of workstations: a report stored one at a time per
workstation (rate limit), its effects (status, ticket, size drop), and the
15-minute check of missing backups."""

import statistics

from odoo import api, fields, models

from .gesticlean_backup_report import RATE_LIMIT, format_size


class GestiCleanWorkstation(models.Model):
    _inherit = "gesticlean.workstation"

    # ------------------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------------------

    def _gesticlean_backup_ingest(self, values, source):
        """Store a report of this workstation and apply the backup rules; None
        when it sent more than RATE_LIMIT reports in the last minute (nothing
        written).

        The workstation's row is locked first, so that its reports are counted
        and its ticket opened one report at a time, whatever the number of
        workers; the write of the workstation makes a concurrent report that
        started earlier retry (serialization failure) and count again.
        """
        self.ensure_one()
        cr = self.env.cr
        cr.execute(
            "SELECT id FROM gesticlean_workstation WHERE id = %s FOR NO KEY UPDATE",
            [self.id],
            log_exceptions=False,  # a serialization failure is retried, not an error
        )
        cr.execute(
            """SELECT count(*) FROM gesticlean_backup_report
                WHERE workstation_id = %s
                  AND create_date > (now() AT TIME ZONE 'UTC') - interval '1 minute'""",
            [self.id],
        )
        if cr.fetchone()[0] >= RATE_LIMIT:
            return None
        report = (
            self.env["gesticlean.backup.report"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
            .create({**values, "workstation_id": self.id, "source": source})
        )
        self.sudo()._gesticlean_backup_apply(report)
        return report

    def _gesticlean_backup_apply(self, report):
        """The rules at each report: status and last success; a failure opens
        (or adds to, or reopens) the workstation's ticket; a success closes it
        and checks the size."""
        self.ensure_one()
        workstation = self.with_context(lang=self._gesticlean_backup_lang())
        now = fields.Datetime.now()
        vals = {"backup_last_report": now, "backup_last_status": report.status}
        if report.status == "ok":
            if (
                not self.backup_last_success
                or report.finished > self.backup_last_success
            ):
                vals["backup_last_success"] = report.finished
            vals["backup_size_warning"] = workstation._gesticlean_backup_size_drop(
                report
            )
        workstation.write(vals)
        workstation._gesticlean_backup_refresh_status(now)
        Ticket = workstation.env["helpdesk.ticket"].sudo()
        if report.status == "failed":
            Ticket._gesticlean_backup_alert(
                workstation,
                workstation.env._(
                    "The backup of %(finished)s failed: %(message)s",
                    finished=workstation._gesticlean_backup_time(report.finished),
                    message=report.message or workstation.env._("no message"),
                ),
                now,
            )
        else:
            Ticket._gesticlean_backup_recovered(workstation, report)
            if vals["backup_size_warning"]:
                workstation.message_post(body=vals["backup_size_warning"])

    def _gesticlean_backup_size_drop(self, report):
        """A warning when ``report``'s size is below half the median of the last
        seven successes before it (at least three), else False."""
        previous = (
            self.env["gesticlean.backup.report"]
            .sudo()
            .search(
                [
                    ("workstation_id", "=", self.id),
                    ("status", "=", "ok"),
                    ("id", "!=", report.id),
                    ("size", ">", 0),
                ],
                order="finished desc, id desc",
                limit=7,
            )
        )
        if len(previous) < 3 or not report.size:
            return False
        median = statistics.median(previous.mapped("size"))
        if report.size >= median / 2:
            return False
        return self.env._(
            "Backup size drop: %(size)s on %(finished)s, against a median of "
            "%(median)s over the last %(count)s successful backups.",
            size=format_size(self.env, report.size),
            finished=self._gesticlean_backup_time(report.finished),
            median=format_size(self.env, median),
            count=len(previous),
        )

    # ------------------------------------------------------------------------------
    # Status and missing backups (the 15-minute scheduled action)
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_backup_missing_ids(self, now):
        """Ids of the workstations with backups enabled that have had no
        successful backup for their company's delay and were not yet told (one
        query)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT w.id
              FROM gesticlean_workstation w
              JOIN res_company c ON c.id = w.company_id
             WHERE w.active AND w.backups_enabled
               AND w.backup_last_status IS DISTINCT FROM 'failed'
               AND COALESCE(w.backup_last_success, w.backup_since, w.create_date)
                   < %(now)s - make_interval(hours => c.gesticlean_backup_missing_hours)
               AND (w.backup_missing_alert IS NULL
                    OR w.backup_missing_alert
                       < COALESCE(w.backup_last_success, w.backup_since, w.create_date))
            """,
            {"now": now},
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _gesticlean_backup_refresh_status(self, now):
        """Write the backup status of ``self`` (or of every workstation with
        backups enabled) as of ``now``, in one statement."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE gesticlean_workstation w
               SET backup_status = s.status
              FROM (
                SELECT w2.id,
                CASE WHEN w2.backup_last_status = 'failed' THEN 'failing'
                     WHEN w2.backup_last_success IS NULL THEN 'never'
                     WHEN w2.backup_last_success < %(now)s - make_interval(
                          hours => c.gesticlean_backup_missing_hours)
                     THEN 'late'
                     ELSE 'ok' END AS status
                  FROM gesticlean_workstation w2
                  JOIN res_company c ON c.id = w2.company_id
                 WHERE w2.backups_enabled AND (%(all)s OR w2.id = ANY(%(ids)s))
              ) s
             WHERE w.id = s.id AND w.backup_status IS DISTINCT FROM s.status
            RETURNING w.id
            """,
            {"now": now, "all": not self, "ids": self.ids},
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["backup_status"])
        return changed

    @api.model
    def _cron_check_backups(self, now=None):
        """Every 15 minutes: a ticket for each workstation whose backups stopped
        (no success for the company's delay), then the statuses."""
        now = now or fields.Datetime.now()
        Ticket = self.env["helpdesk.ticket"].sudo()
        for workstation in self.sudo().browse(self._gesticlean_backup_missing_ids(now)):
            workstation = workstation.with_context(
                lang=workstation._gesticlean_backup_lang()
            )
            last = workstation.backup_last_success
            Ticket._gesticlean_backup_alert(
                workstation,
                workstation.env._(
                    "No successful backup since %(last)s.",
                    last=workstation._gesticlean_backup_time(last),
                )
                if last
                else workstation.env._("No backup report received yet."),
                now,
            )
            workstation.write({"backup_missing_alert": now})
        self._gesticlean_backup_refresh_status(now)
