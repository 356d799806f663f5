"""Support contracts follow the installed base: the licences billed compared with
the client's active workstations, aligning them in one click, and the backup
option billed per workstation with backups enabled."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner_workstation import installed_base_text


class ContractContract(models.Model):
    _inherit = "contract.contract"

    active_workstation_count = fields.Integer(
        string="Active Workstations",
        compute="_compute_installed_base",
        help="Active workstations of the client.",
    )
    installed_base_text = fields.Char(
        string="Installed Base",
        compute="_compute_installed_base",
        help="Shown when the licences billed and the active workstations differ.",
    )

    @api.depends("licence_count", "partner_id", "is_support_contract")
    def _compute_installed_base(self):
        counts = self.partner_id.commercial_partner_id._gesticlean_workstation_counts()
        for contract in self:
            workstations = counts.get(contract.partner_id.commercial_partner_id.id, 0)
            contract.active_workstation_count = workstations
            contract.installed_base_text = (
                installed_base_text(self.env, contract.licence_count, workstations)
                if contract.is_support_contract
                and contract.licence_count != workstations
                else False
            )

    def action_gesticlean_align_licences(self):
        """Bill as many licences as the client has active workstations (tracked,
        priced from the next invoice as any licence change)."""
        if not self.env.user.has_group("gesticlean_support.group_support_manager"):
            raise AccessError(
                self.env._("Only support managers can change a contract's licences.")
            )
        for contract in self:
            count = contract.active_workstation_count
            if not contract.is_support_contract:
                continue
            if count < 1:
                raise UserError(
                    self.env._(
                        "%(contract)s: the client has no active workstation, a "
                        "contract bills at least one licence.",
                        contract=contract.display_name,
                    )
                )
            if count != contract.licence_count:
                contract.licence_count = count
        return True

    @api.model
    def _gesticlean_sync_backup_lines(self, shops):
        """Reprice the backup line of ``shops``' running support contracts with
        the backup option after their workstations with backups enabled (from
        the next invoice, as a licence change), noted in the contract's chatter."""
        if not shops:
            return
        today = self._date_ref()
        contracts = self.search(
            [
                ("is_support_contract", "=", True),
                ("backup_option", "=", True),
                ("partner_id.commercial_partner_id", "in", shops.ids),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        ).filtered(lambda contract: not contract.is_terminated)
        for contract in contracts:
            before = contract._gesticlean_backup_quantity()
            contract._sync_support_lines()
            after = contract._gesticlean_backup_quantity()
            if before != after:
                env = contract.with_context(
                    lang=contract.company_id.partner_id.lang or "fr_FR"
                ).env
                contract.message_post(
                    body=env._(
                        "Automatic backups: %(before)s → %(after)s workstations "
                        "billed, from the next invoice.",
                        before=before,
                        after=after,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _gesticlean_backup_quantity(self):
        """Workstations the running backup line bills (0 without a line)."""
        self.ensure_one()
        return int(
            sum(
                self._support_lines_running()
                .filtered(lambda line: line.support_line_kind == "backup")
                .mapped("quantity")
            )
        )
