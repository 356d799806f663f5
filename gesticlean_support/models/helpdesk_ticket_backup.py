"""Tickets of failing backups: one open ticket per workstation (a partial unique
index), opened, added to, closed and reopened by the backup reports."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

#: a failure within this delay after a recovery reopens the ticket
REOPEN_DELAY = timedelta(hours=24)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    backup_workstation_id = fields.Many2one(
        comodel_name="gesticlean.workstation",
        string="Backups of",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="Set on the tickets opened by failing automatic backups.",
    )
    backup_open = fields.Boolean(
        compute="_compute_backup_open",
        store=True,
        copy=False,
        help="An open ticket of failing backups (one per workstation).",
    )

    def init(self):
        # one open backup ticket per workstation, whatever runs at the same time
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS helpdesk_ticket_backup_open_uniq "
            "ON helpdesk_ticket (backup_workstation_id) WHERE backup_open"
        )

    @api.depends("backup_workstation_id", "stage_id.closed")
    def _compute_backup_open(self):
        for ticket in self:
            ticket.backup_open = bool(
                ticket.backup_workstation_id and not ticket.stage_id.closed
            )

    # ------------------------------------------------------------------------------
    # Backup rules
    # ------------------------------------------------------------------------------

    @api.model
    def _gesticlean_backup_alert(self, workstation, text, now):
        """A failure of ``workstation``'s backups: a message on its open ticket,
        or its ticket closed less than 24 h ago reopened, or a new ticket."""
        env = workstation.env
        body = Markup("<p>%s</p>") % text
        ticket = self.search(
            [
                ("backup_workstation_id", "=", workstation.id),
                ("backup_open", "=", True),
            ],
            limit=1,
        )
        if ticket:
            ticket.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
            return ticket
        ticket = self.search(
            [
                ("backup_workstation_id", "=", workstation.id),
                ("closed_date", ">=", now - REOPEN_DELAY),
            ],
            order="closed_date desc",
            limit=1,
        )
        if ticket:
            ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
            ticket.message_post(
                body=Markup("<p>%s</p>") % env._("Backups failing again: reopened.")
                + body,
                subtype_xmlid="mail.mt_note",
            )
            return ticket
        return self.with_context(lang=env.lang).create(
            {
                "name": env._(
                    "Backup failing – %(workstation)s",
                    workstation=workstation.display_name,
                ),
                "description": body,
                "partner_id": workstation.partner_id.id,
                "company_id": workstation.company_id.id,
                "workstation_id": workstation.id,
                "backup_workstation_id": workstation.id,
                "urgency": "degraded",
                "user_id": False,
                "channel_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_channel_other"
                ).id,
            }
        )

    def _track_template(self, tracking):
        """A backup ticket is the vendor's watch on the shop's backups, not a
        request of the client: its closing (backup restored) e-mails nobody."""
        res = super()._track_template(tracking)
        if self.backup_workstation_id:
            res.pop("stage_id", None)
        return res

    @api.model
    def _gesticlean_backup_recovered(self, workstation, report):
        """A successful backup closes the workstation's open ticket, with a note."""
        ticket = self.search(
            [
                ("backup_workstation_id", "=", workstation.id),
                ("backup_open", "=", True),
            ],
            limit=1,
        )
        if not ticket:
            return ticket
        ticket.message_post(
            body=Markup("<p>%s</p>")
            % workstation.env._(
                "Backup restored on %(finished)s.",
                finished=workstation._gesticlean_backup_time(report.finished),
            ),
            subtype_xmlid="mail.mt_note",
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        return ticket
