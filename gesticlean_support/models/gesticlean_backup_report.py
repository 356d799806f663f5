"""Reports of the automatic backups of workstations: what each backup agent sent
(status, times, size, message), by HTTP or by e-mail, kept for a retention."""

import json
import re
from datetime import UTC, datetime, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import formatLang, html2plaintext

#: reports accepted per workstation and minute (the 61st answers 429)
RATE_LIMIT = 60
#: largest report body, in bytes
MAX_BODY = 64 * 1024
#: tolerance on the agent's clock for times "in the future"
CLOCK_SKEW = timedelta(minutes=5)
#: a backup token as it appears in a URL, a subject or a body
TOKEN_RE = re.compile(r"gcb_[A-Za-z0-9_-]{43}")
REPORT_KEYS = {"status", "started", "finished", "size", "message"}
MESSAGE_MAX = 2000


class BackupReportError(ValueError):
    """A report that cannot be taken; ``args[0]`` is the French message."""


class GesticleanBackupReport(models.Model):
    """One report of a workstation's backup agent; machine logs, removed after
    the company's retention (the last success of each workstation is kept)."""

    _name = "gesticlean.backup.report"
    _description = "Backup Report"
    # mail.thread: the e-mail path (mail alias) creates reports with message_new
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "workstation_id"

    workstation_id = fields.Many2one(
        comodel_name="gesticlean.workstation",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        related="workstation_id.partner_id", string="Client", store=True
    )
    company_id = fields.Many2one(
        related="workstation_id.company_id", store=True, index=True
    )
    status = fields.Selection(
        selection=[("ok", "Succeeded"), ("failed", "Failed")],
        required=True,
        readonly=True,
    )
    started = fields.Datetime(readonly=True)
    finished = fields.Datetime(required=True, readonly=True)
    size = fields.Float(string="Size (bytes)", digits=(16, 0), readonly=True)
    size_text = fields.Char(string="Size", compute="_compute_size_text")
    message = fields.Text(readonly=True)
    source = fields.Selection(
        selection=[("http", "HTTP"), ("mail", "E-mail")], required=True, readonly=True
    )

    def init(self):
        # the rate limit counts a workstation's reports of the last minute
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS gesticlean_backup_report_ws_date_idx "
            "ON gesticlean_backup_report (workstation_id, create_date)"
        )

    def _compute_size_text(self):
        for report in self:
            report.size_text = format_size(self.env, report.size) if report.size else ""

    # ------------------------------------------------------------------------------
    # Parsing (HTTP and e-mail)
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_parse(self, body, now=None):
        """The report values of a JSON ``body`` (bytes or str), or
        BackupReportError with the reason in French."""
        if len(body) > MAX_BODY:
            raise BackupReportError(self.env._("The report is larger than 64 KB."))
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):  # [[[…]]] too deep
            raise BackupReportError(
                self.env._("The report is not valid JSON.")
            ) from None
        if not isinstance(data, dict):
            raise BackupReportError(self.env._("The report must be a JSON object."))
        unknown = set(data) - REPORT_KEYS
        if unknown:
            raise BackupReportError(
                self.env._(
                    "Unknown fields: %(fields)s.", fields=", ".join(sorted(unknown))
                )
            )
        if data.get("status") not in ("ok", "failed"):
            raise BackupReportError(self.env._("“status” must be “ok” or “failed”."))
        now = now or fields.Datetime.now()
        started = self._gesticlean_parse_time(data.get("started"), "started", now)
        finished = self._gesticlean_parse_time(data.get("finished"), "finished", now)
        if not finished:
            raise BackupReportError(self.env._("“finished” is required."))
        if started and started > finished:
            raise BackupReportError(self.env._("“started” is after “finished”."))
        size = data.get("size")
        if size is not None and (
            isinstance(size, bool) or not isinstance(size, int) or not 0 <= size < 2**53
        ):
            raise BackupReportError(
                self.env._("“size” must be a whole number of bytes.")
            )
        message = data.get("message")
        if message is not None and (
            not isinstance(message, str)
            or len(message) > MESSAGE_MAX
            or "\0" in message
        ):
            raise BackupReportError(
                self.env._("“message” must be a text of at most 2,000 characters.")
            )
        return {
            "status": data["status"],
            "started": started,
            "finished": finished,
            "size": size or 0,
            "message": message or False,
        }

    @api.model
    def _gesticlean_parse_time(self, value, name, now):
        """An ISO 8601 time (with its offset; UTC without one) as naive UTC."""
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise BackupReportError(
                self.env._(
                    "“%(name)s” must be an ISO 8601 time, such as "
                    "2026-03-02T01:30:00+01:00.",
                    name=name,
                )
            ) from None
        try:
            if moment.tzinfo:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00:00+14:00, 9999-12-31T23:59-14:00
            raise BackupReportError(
                self.env._("“%(name)s” is out of range.", name=name)
            ) from None
        if moment > now + CLOCK_SKEW:
            raise BackupReportError(
                self.env._("“%(name)s” is in the future.", name=name)
            )
        return moment

    # ------------------------------------------------------------------------------
    # E-mail path (mail alias)
    # ------------------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A report e-mailed to the backup alias: the token in the subject or the
        body, the report as the JSON object of the HTTP route in the body. Called
        by the mail gateway only (which runs it as superuser)."""
        if not self.env.su:
            raise AccessError(
                self.env._("Backup reports arrive by e-mail or over HTTP only.")
            )
        subject = msg_dict.get("subject") or ""
        text = html2plaintext(msg_dict.get("body") or "")
        found = TOKEN_RE.search(subject) or TOKEN_RE.search(text)
        workstation = self.env["gesticlean.workstation"].sudo()
        workstation = workstation._gesticlean_backup_from_token(
            found.group(0) if found else None
        )
        if not workstation:
            raise BackupReportError(self.env._("Unknown or revoked backup token."))
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end < start:
            raise BackupReportError(self.env._("The report is not valid JSON."))
        values = self._gesticlean_parse(text[start : end + 1])
        report = workstation._gesticlean_backup_ingest(values, "mail")
        if report is None:
            raise BackupReportError(
                self.env._("Too many reports for this workstation: wait a minute.")
            )
        return report

    def message_post(self, **kwargs):
        """The gateway keeps the e-mail of a report on it: without its token,
        which support staff reading the report must not see (the token is shown
        once, to managers)."""
        for key in ("subject", "body"):
            value = kwargs.get(key)
            if isinstance(value, Markup):  # a token cut short is still safe HTML
                kwargs[key] = Markup(redact_tokens(value))
            elif isinstance(value, str):
                kwargs[key] = redact_tokens(value)
        kwargs.pop("attachments", None)
        kwargs.pop("attachment_ids", None)
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------------------

    @api.model
    def _cron_purge(self):
        """Remove the reports older than their company's retention, keeping the
        last success of each workstation."""
        self.env.cr.execute(
            """
            SELECT r.id
              FROM gesticlean_backup_report r
              JOIN res_company c ON c.id = r.company_id
             WHERE r.create_date < (now() AT TIME ZONE 'UTC')
                   - make_interval(days => c.gesticlean_backup_retention_days)
               AND r.id NOT IN (
                   SELECT DISTINCT ON (workstation_id) id
                     FROM gesticlean_backup_report
                    WHERE status = 'ok'
                 ORDER BY workstation_id, finished DESC, id DESC)
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), 1000):
            self.sudo().browse(ids[start : start + 1000]).unlink()
        return len(ids)


def redact_tokens(text):
    """``text`` with each backup token cut to its first characters."""
    return TOKEN_RE.sub(lambda found: found.group(0)[:8] + "…", text)


def format_size(env, size):
    """« 5,2 Go » in the reader's language (decimal units, as disks are sold)."""
    units = ["B", "KB", "MB", "GB", "TB"]
    value = float(size or 0)
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    labels = {
        "B": env._("bytes"),
        "KB": env._("KB"),
        "MB": env._("MB"),
        "GB": env._("GB"),
        "TB": env._("TB"),
    }
    number = formatLang(env, value, digits=1 if unit else 0)
    return f"{number}\N{NO-BREAK SPACE}{labels[units[unit]]}"


class GesticleanBackupReportDemo(models.Model):
    _inherit = "gesticlean.backup.report"

    @api.model
    def _gesticlean_demo_reports(self, workstations, days):
        """Demo: each workstation (xml ids) reports as its history in ``days``
        says, from the oldest: (hours ago, status, size in GB, message)."""
        now = fields.Datetime.now()
        for xmlid, history in zip(workstations, days, strict=True):
            workstation = self.env.ref(xmlid).sudo()
            workstation.backup_since = now - timedelta(days=30)
            for hours, status, size, message in history:
                finished = now - timedelta(hours=hours)
                workstation._gesticlean_backup_ingest(
                    {
                        "status": status,
                        "started": finished - timedelta(minutes=25),
                        "finished": finished,
                        "size": int(size * 1e9),
                        "message": message or False,
                    },
                    "http",
                )
        self.env["gesticlean.workstation"]._cron_check_backups(now)
