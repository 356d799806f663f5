"""Backup monitoring of workstations: the backup fields (status OK, late,
failing, never reported; last success; size warning), the report token, and the
contract's backup line following the workstations with backups enabled."""

import hashlib
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .gesticlean_backup_report import TOKEN_RE
from .guards import SUPPORT_MANAGER, check_caller

BACKUP_STATUSES = [
    ("ok", "OK"),
    ("late", "Late"),
    ("failing", "Failing"),
    ("never", "Never reported"),
]


def token_hash(token):
    """The stored form of a backup token (its SHA-256): the token itself is shown
    once and never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class GestiCleanWorkstation(models.Model):
    _name = "gesticlean.workstation"
    _inherit = ["gesticlean.workstation", "gesticlean.protected.fields"]
    # written by the backup reports and the module's actions only
    _gesticlean_protected_fields = (
        "backup_token_hash",
        "backup_since",
        "backup_status",
        "backup_last_status",
        "backup_last_success",
        "backup_last_report",
        "backup_missing_alert",
        "backup_size_warning",
    )

    backup_token_hash = fields.Char(
        copy=False, index="btree_not_null", groups="base.group_system"
    )
    backup_since = fields.Datetime(
        string="Backups Enabled On", copy=False, readonly=True
    )
    backup_status = fields.Selection(
        selection=BACKUP_STATUSES,
        default="never",
        copy=False,
        readonly=True,
        index=True,
        help="OK: a successful backup within the company's delay (26 h by "
        "default). Late: none within it. Failing: the last report failed. Never "
        "reported: no report received yet.",
    )
    backup_last_status = fields.Selection(
        selection=[("ok", "Succeeded"), ("failed", "Failed")],
        string="Last Report",
        copy=False,
        readonly=True,
    )
    backup_last_success = fields.Datetime(
        string="Last Successful Backup", copy=False, readonly=True
    )
    backup_last_report = fields.Datetime(
        string="Last Report Received", copy=False, readonly=True
    )
    backup_missing_alert = fields.Datetime(copy=False, readonly=True)
    backup_size_warning = fields.Char(copy=False, readonly=True)
    backup_report_ids = fields.One2many(
        comodel_name="gesticlean.backup.report", inverse_name="workstation_id"
    )
    backup_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        compute="_compute_backup_ticket_id",
        help="The open ticket of this workstation's failing backups.",
    )
    backup_has_token = fields.Boolean(
        string="Report Token Set", compute="_compute_backup_has_token"
    )

    def _compute_backup_ticket_id(self):
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [("backup_workstation_id", "in", self.ids), ("backup_open", "=", True)]
            )
        )
        by_workstation = {ticket.backup_workstation_id.id: ticket for ticket in tickets}
        for workstation in self:
            workstation.backup_ticket_id = by_workstation.get(workstation.id)

    def _compute_backup_has_token(self):
        for workstation in self:
            workstation.backup_has_token = bool(workstation.sudo().backup_token_hash)

    # ------------------------------------------------------------------------------
    # CRUD: backups switched on or off
    # ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("backups_enabled"):
                vals.setdefault("backup_since", now)
        workstations = super().create(vals_list)
        workstations.filtered("backups_enabled")._gesticlean_backup_reprice()
        return workstations

    def write(self, vals):
        # only the workstations whose value changes: a form (or a data file)
        # sending back the current values reprices and resets nothing
        switched = self.browse()
        if "backups_enabled" in vals:
            switched = self.filtered(
                lambda ws: ws.backups_enabled != bool(vals["backups_enabled"])
            )
        moved = self.filtered(
            lambda ws: (
                ("active" in vals and ws.active != bool(vals["active"]))
                or ("partner_id" in vals and ws.partner_id.id != vals["partner_id"])
            )
        )
        repriced = (switched | moved).partner_id
        result = super().write(vals)
        if switched:
            values = {
                "backup_since": fields.Datetime.now()
                if vals["backups_enabled"]
                else False,
                "backup_missing_alert": False,
            }
            if not vals["backups_enabled"]:
                # the token dies with the option: re-enabling needs a new one
                values.update(backup_token_hash=False, backup_size_warning=False)
            super(GestiCleanWorkstation, switched.sudo()).write(values)
        if repriced:
            (switched | moved)._gesticlean_backup_reprice(
                repriced | (switched | moved).partner_id
            )
        return result

    # ------------------------------------------------------------------------------
    # Actions (support managers)
    # ------------------------------------------------------------------------------

    def action_gesticlean_backup_new_token(self):
        """A new report token for this workstation, shown once (the previous one
        stops working at once): only its hash is stored."""
        self.ensure_one()
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers handle backup tokens."),
        )
        if not self.backups_enabled or not self.active:
            raise UserError(
                self.env._(
                    "Enable automatic backups on %(workstation)s first.",
                    workstation=self.display_name,
                )
            )
        token = "gcb_" + secrets.token_urlsafe(32)
        self.sudo().write({"backup_token_hash": token_hash(token)})
        self.message_post(
            body=self.env._(
                "New backup report token generated by %(user)s; the previous one "
                "no longer works.",
                user=self.env.user.name,
            )
        )
        url = f"{self.get_base_url()}/support/backup/{token}"
        alias = self.env.ref(
            "gesticlean_support.mail_alias_backup_reports", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Backup token of %(name)s", name=self.display_name),
                "message": self.env._(
                    "Copy it now, it will not be shown again: %(token)s — reports "
                    "to POST %(url)s or by e-mail to %(alias)s with the token in "
                    "the subject.",
                    token=token,
                    url=url,
                    alias=alias.display_name if alias else "-",
                ),
                "sticky": True,
                "type": "warning",
                # the form shows the token is set
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_gesticlean_backup_revoke_token(self):
        """Revoke the report token: its reports answer 404 from now on."""
        check_caller(
            self.env,
            [SUPPORT_MANAGER],
            self.env._("Only support managers handle backup tokens."),
        )
        self.sudo().write({"backup_token_hash": False})
        for workstation in self:
            workstation.message_post(
                body=self.env._(
                    "Backup report token revoked by %(user)s.", user=self.env.user.name
                )
            )
        return True

    @api.model
    def _gesticlean_backup_from_token(self, token):
        """The active workstation with backups enabled of a token, else empty."""
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return self.browse()
        return (
            self.sudo()
            .search(
                [
                    ("backup_token_hash", "=", token_hash(token)),
                    ("backups_enabled", "=", True),
                ],
                limit=1,
            )
            .sudo(False)
        )

    # ------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------

    def _gesticlean_backup_lang(self):
        """The language of the backup tickets and notes: the company's."""
        return self.company_id.partner_id.lang or "fr_FR"

    def _gesticlean_backup_time(self, moment):
        """« 2 mars 2026, 03:10 » in the support hours' time zone."""
        tz = self.company_id._gesticlean_support_tz().zone
        return format_datetime(self.env, moment, tz=tz, dt_format="d MMMM y, HH:mm")

    def _gesticlean_backup_reprice(self, partners=None):
        """The backup line of the support contracts of these workstations'
        clients follows their workstations with backups enabled (from the next
        invoice, noted on the contract)."""
        if self.pool._init or self.env.context.get("install_module"):
            # while modules load (data files, migration scripts): the contracts
            # keep their lines (an upgrade leaves billing as it was; demo
            # contracts are created after the demo workstations)
            return
        shops = partners if partners is not None else self.partner_id
        self.env["contract.contract"].sudo()._gesticlean_sync_backup_lines(
            shops.commercial_partner_id
        )
