"""A client shop's workstations: the shop-level TeamViewer ID and OS computed from
them, the search by TeamViewer ID or licence number, and the comparison of the
contract's licences with the active workstations."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools import TeamViewerIdError, normalize_teamviewer_id


def installed_base_text(env, licences, workstations):
    """« 1 licence facturée, 2 postes actifs »: the licences billed and the
    active workstations, each in the singular up to one (as French counts)."""
    return ", ".join(
        (
            env._("%(count)s licence billed", count=licences)
            if licences <= 1
            else env._("%(count)s licences billed", count=licences),
            env._("%(count)s active workstation", count=workstations)
            if workstations <= 1
            else env._("%(count)s active workstations", count=workstations),
        )
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    workstation_ids = fields.One2many(
        comodel_name="gesticlean.workstation",
        inverse_name="partner_id",
        string="Workstations",
    )
    workstation_count = fields.Integer(
        string="Active Workstations", compute="_compute_workstation_count"
    )
    # The shop's first active workstation, for the code that reads one value per
    # shop; written here, they write that workstation (or create the first one).
    teamviewer_id = fields.Char(
        compute="_compute_shop_workstation",
        inverse="_inverse_shop_workstation",
        store=True,
        readonly=False,
        help="TeamViewer ID of the shop's first active workstation (9 or 10 "
        "digits). Each workstation has its own: see the Workstations tab.",
    )
    workstation_os = fields.Selection(
        compute="_compute_shop_workstation",
        inverse="_inverse_shop_workstation",
        store=True,
        readonly=False,
        help="Windows of the shop's first active workstation. Automatic backups "
        "need Windows 10 or later.",
    )
    licence_mismatch = fields.Boolean(
        string="Licences ≠ Workstations",
        compute="_compute_licence_mismatch",
        search="_search_licence_mismatch",
        help="The support contract bills another number of licences than the "
        "client's active workstations.",
    )
    licence_mismatch_text = fields.Char(
        string="Installed Base", compute="_compute_licence_mismatch"
    )

    # ------------------------------------------------------------------------------
    # Computes, inverses, searches
    # ------------------------------------------------------------------------------

    @api.depends("workstation_ids.active")
    def _compute_workstation_count(self):
        counts = self._gesticlean_workstation_counts()
        for partner in self:
            partner.workstation_count = counts.get(partner.id, 0)

    @api.depends(
        "workstation_ids.teamviewer_id",
        "workstation_ids.windows_version_id",
        "workstation_ids.sequence",
        "workstation_ids.active",
    )
    def _compute_shop_workstation(self):
        os_keys = dict(self._fields["workstation_os"].selection)
        for partner in self:
            first = partner.workstation_ids.sorted(lambda ws: (ws.sequence, ws.id))[:1]
            code = first.windows_version_id.code
            partner.teamviewer_id = first.teamviewer_id
            partner.workstation_os = (
                code if code in os_keys else ("other" if code else False)
            )

    def _inverse_shop_workstation(self):
        Version = self.env["gesticlean.windows.version"].with_context(active_test=False)
        for partner in self:
            version = (
                Version.search([("code", "=", partner.workstation_os)], limit=1)
                if partner.workstation_os
                else Version
            )
            values = {
                "teamviewer_id": partner.teamviewer_id or False,
                "windows_version_id": version.id,
            }
            workstations = partner.workstation_ids
            if len(workstations) > 1:
                raise UserError(
                    self.env._(
                        "%(shop)s has several workstations: change the TeamViewer ID "
                        "or Windows on the workstation concerned.",
                        shop=partner.display_name,
                    )
                )
            if workstations:
                workstations.write(values)
            elif partner.teamviewer_id or partner.workstation_os:
                self.env["gesticlean.workstation"].create(
                    {
                        **values,
                        "name": self.env._("Main workstation"),
                        "partner_id": partner.id,
                        "company_id": (partner.company_id or self.env.company).id,
                    }
                )

    @api.depends("workstation_ids.windows_version_id", "stable_internet")
    def _compute_backup_eligible(self):
        for partner in self:
            partner.backup_eligible = not partner._backup_missing_conditions()

    @api.depends_context("date_ref")
    def _compute_licence_mismatch(self):
        counts = self._gesticlean_workstation_counts()
        contracts = self._gesticlean_contracts_on(
            self.env["contract.contract"]._date_ref()
        )
        for partner in self:
            contract = contracts.get(partner.commercial_partner_id)
            licences = contract.sudo().licence_count if contract else 0
            workstations = counts.get(partner.id, 0)
            mismatch = bool(contract) and licences != workstations
            partner.licence_mismatch = mismatch
            partner.licence_mismatch_text = (
                installed_base_text(self.env, licences, workstations)
                if mismatch
                else False
            )

    def _search_licence_mismatch(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this field."))
        mismatched = self._gesticlean_licence_mismatch_ids()
        if (operator == "=") == value:
            return [("id", "in", mismatched)]
        return [("id", "not in", mismatched)]

    @api.model
    def _search_display_name(self, operator, value):
        """Also find shops by a workstation's TeamViewer ID or licence number."""
        domain = super()._search_display_name(operator, value)
        if (
            operator in ("ilike", "=ilike", "=")
            and isinstance(value, str)
            and value.strip()
        ):
            extra = [
                (
                    "workstation_ids.licence_number",
                    "=ilike",
                    value.strip(),
                )
            ]
            try:
                digits = normalize_teamviewer_id(value)
            except TeamViewerIdError:
                digits = None
            if digits:
                extra = expression.OR(
                    [extra, [("workstation_ids.teamviewer_id", "=", digits)]]
                )
            domain = expression.OR([domain, extra])
        return domain

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _backup_missing_conditions(self):
        """Labels of what the automatic backup option lacks: an active workstation
        under Windows 10 or later, a stable internet connection."""
        self.ensure_one()
        missing = []
        if not any(
            self.sudo().workstation_ids.mapped("windows_version_id.backup_supported")
        ):
            missing.append(self.env._("a workstation under Windows 10 or later"))
        if not self.stable_internet:
            missing.append(self.env._("a stable internet connection"))
        return missing

    def _gesticlean_workstation_counts(self):
        """{partner id: number of active workstations}, one query."""
        ids = [pid for pid in self.ids if pid]
        if not ids:
            return {}
        groups = (
            self.env["gesticlean.workstation"]
            .sudo()
            ._read_group([("partner_id", "in", ids)], ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}

    def _gesticlean_backup_workstation_count(self):
        """Active workstations of this shop with automatic backups enabled: what
        the contract's backup option bills."""
        self.ensure_one()
        return (
            self.env["gesticlean.workstation"]
            .sudo()
            .search_count(
                [("partner_id", "=", self.id), ("backups_enabled", "=", True)]
            )
        )

    @api.model
    def _gesticlean_licence_mismatch_ids(self):
        """Ids of the clients whose contract covering them today bills another
        number of licences than their active workstations (a fixed number of
        queries, whatever the number of clients)."""
        clients = self.sudo().search([("gesticlean_client", "=", True)])
        contracts = clients._gesticlean_contracts_on(
            self.env["contract.contract"]._date_ref()
        )
        counts = clients._gesticlean_workstation_counts()
        return [
            shop.id
            for shop, contract in contracts.items()
            if contract.sudo().licence_count != counts.get(shop.id, 0)
        ]
