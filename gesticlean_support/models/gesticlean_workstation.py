"""Workstations ("postes") of the client shops: one per GestiClean licence, with its
Windows version, TeamViewer ID, GestiClean version and backups."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import TeamViewerIdError, normalize_teamviewer_id


class GestiCleanWorkstation(models.Model):
    """A computer of a client shop running one GestiClean licence.

    Workstations are archived when retired, never deleted. The licence number is
    unique per company (SQL constraint, checked first to name the other
    workstation); the shop-level TeamViewer ID and OS are computed from the shop's
    first active workstation (res_partner_workstation.py).
    """

    _name = "gesticlean.workstation"
    _description = "Workstation"
    _inherit = ["mail.thread"]
    _order = "partner_id, sequence, id"
    _rec_names_search = ["name", "licence_number", "teamviewer_id"]

    name = fields.Char(
        required=True,
        tracking=True,
        help="What the shop calls it: Caisse, Poste atelier ...",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('gesticlean_client', '=', True)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    sequence = fields.Integer(default=10)
    licence_number = fields.Char(
        required=True,
        copy=False,
        tracking=True,
        default=lambda self: self.env["ir.sequence"].next_by_code(
            "gesticlean_support.licence_number"
        ),
        help="GestiClean licence installed on this workstation, unique per company.",
    )
    windows_version_id = fields.Many2one(
        comodel_name="gesticlean.windows.version",
        string="Windows",
        ondelete="restrict",
        tracking=True,
    )
    teamviewer_id = fields.Char(
        string="TeamViewer ID",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="9 or 10 digits, as shown by TeamViewer on this workstation.",
    )
    gesticlean_version_id = fields.Many2one(
        comodel_name="gesticlean.release",
        string="GestiClean Version",
        ondelete="restrict",
        tracking=True,
    )
    last_update_date = fields.Date(
        string="Last Update", tracking=True, help="Last update of GestiClean."
    )
    backups_enabled = fields.Boolean(
        string="Automatic Backups",
        tracking=True,
        help="The automatic backup option is set up on this workstation (billed per "
        "workstation; needs Windows 10 or later and a stable internet connection).",
    )
    installed_on = fields.Date(tracking=True)
    # the staff's notes: not for the shop (portal users may read the rest)
    notes = fields.Text(groups="base.group_user")
    active = fields.Boolean(default=True, tracking=True)
    update_needed = fields.Boolean(
        string="Behind Current Release",
        compute="_compute_update_needed",
        search="_search_update_needed",
        help="Not on the current GestiClean release of its company.",
    )
    coverage = fields.Selection(
        selection=[
            ("contract", "Under contract"),
            ("billable", "Out of contract (billable)"),
        ],
        compute="_compute_coverage",
        help="Today: under contract (the update is included) or billable.",
    )
    ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket", inverse_name="workstation_id"
    )

    _sql_constraints = [
        (
            "licence_number_unique",
            "UNIQUE(company_id, licence_number)",
            "This GestiClean licence number is already used by another workstation.",
        ),
    ]

    # ------------------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------------------

    @api.depends("gesticlean_version_id.current", "company_id")
    def _compute_update_needed(self):
        currents = {}
        for workstation in self:
            company = workstation.company_id
            if company not in currents:
                currents[company] = self.env["gesticlean.release"]._gesticlean_current(
                    company
                )
            workstation.update_needed = bool(
                currents[company]
                and workstation.gesticlean_version_id != currents[company]
            )

    def _search_update_needed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this field."))
        current = self.env["gesticlean.release"].search([("current", "=", True)])
        behind = [
            ("company_id", "in", current.company_id.ids),
            "|",
            ("gesticlean_version_id", "=", False),
            ("gesticlean_version_id", "not in", current.ids),
        ]
        if (operator == "=") == value:
            return behind
        return ["!", *behind]

    def _compute_coverage(self):
        today = self.env["contract.contract"]._date_ref()
        contracts = self.partner_id._gesticlean_contracts_on(today)
        for workstation in self:
            workstation.coverage = (
                "contract"
                if contracts.get(workstation.partner_id.commercial_partner_id)
                else "billable"
            )

    @api.depends("name", "licence_number")
    def _compute_display_name(self):
        for workstation in self:
            workstation.display_name = (
                f"{workstation.name} ({workstation.licence_number})"
                if workstation.licence_number
                else workstation.name
            )

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("backups_enabled", "windows_version_id", "partner_id")
    def _check_backups(self):
        for workstation in self.filtered("backups_enabled"):
            missing = workstation._backup_missing_conditions()
            if missing:
                raise ValidationError(
                    self.env._(
                        "Automatic backups cannot be enabled on %(workstation)s "
                        "(%(shop)s): it lacks %(missing)s.",
                        workstation=workstation.name,
                        shop=workstation.partner_id.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gesticlean_normalize_vals(vals)
            if vals.get("partner_id") and not vals.get("company_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                if partner.company_id:
                    vals["company_id"] = partner.company_id.id
            if vals.get("licence_number"):
                self._gesticlean_check_licence_free(
                    vals["licence_number"],
                    vals.get("company_id") or self.env.company.id,
                )
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._gesticlean_normalize_vals(vals)
        if vals.get("licence_number"):
            for company in self.company_id:
                self._gesticlean_check_licence_free(vals["licence_number"], company.id)
        if "partner_id" in vals:
            self._gesticlean_check_move(vals["partner_id"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Workstations are never deleted, so that their history is kept: "
                "archive them instead."
            )
        )

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _backup_missing_conditions(self):
        """Labels of what the automatic backup option lacks on this workstation."""
        self.ensure_one()
        missing = []
        if not self.windows_version_id.backup_supported:
            missing.append(self.env._("a workstation under Windows 10 or later"))
        if not self.partner_id.commercial_partner_id.stable_internet:
            missing.append(self.env._("a stable internet connection"))
        return missing

    @api.model
    def _gesticlean_teamviewer_id(self, value):
        """``value`` as a TeamViewer ID (digits only), or a clear refusal: the one
        check of TeamViewer IDs, for workstations and shops."""
        try:
            return normalize_teamviewer_id(value)
        except TeamViewerIdError:
            raise ValidationError(
                self.env._(
                    "“%(value)s” is not a TeamViewer ID: it has 9 or 10 digits, "
                    "such as 123 456 789.",
                    value=value,
                )
            ) from None

    def _gesticlean_normalize_vals(self, vals):
        """Normalise the TeamViewer ID and the licence number, check the Windows
        version exists, or refuse with a clear message."""
        if vals.get("teamviewer_id"):
            vals["teamviewer_id"] = self._gesticlean_teamviewer_id(
                vals["teamviewer_id"]
            )
        if "licence_number" in vals:
            number = (vals["licence_number"] or "").strip().upper()
            if not number:
                raise ValidationError(
                    self.env._("A workstation needs its GestiClean licence number.")
                )
            vals["licence_number"] = number
        version_id = vals.get("windows_version_id")
        if version_id and not (
            self.env["gesticlean.windows.version"]
            .with_context(active_test=False)
            .browse(version_id)
            .exists()
        ):
            raise ValidationError(
                self.env._("Unknown Windows version: choose one of the list.")
            )

    def _gesticlean_check_licence_free(self, number, company_id):
        """Refuse a licence number another workstation of the company has."""
        other = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("licence_number", "=", number),
                    ("company_id", "=", company_id),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
        )
        if other or len(self) > 1:
            raise ValidationError(
                self.env._(
                    "The licence number %(number)s is already used by the "
                    "workstation %(workstation)s of %(shop)s.",
                    number=number,
                    workstation=(other or self[1]).name,
                    shop=(other or self[1]).partner_id.display_name,
                )
            )

    def _gesticlean_check_shop(self, shop):
        """A ticket or an intervention of ``shop`` is on one of its workstations."""
        if self and self.partner_id != shop:
            raise ValidationError(
                self.env._(
                    "The workstation %(workstation)s belongs to %(owner)s, not "
                    "to %(shop)s.",
                    workstation=self.name,
                    owner=self.partner_id.display_name,
                    shop=shop.display_name,
                )
            )

    def _gesticlean_check_move(self, partner_id):
        """A workstation with open tickets stays with its client: the calls on
        it, its backup ticket, an open preventive check that lists it."""
        moving = self.filtered(lambda ws: ws.partner_id.id != partner_id)
        open_tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    "|",
                    ("workstation_id", "in", moving.ids),  # backup tickets too
                    ("maintenance_result_ids.workstation_id", "in", moving.ids),
                    ("stage_id.closed", "=", False),
                ]
            )
        )
        if open_tickets:
            raise UserError(
                self.env._(
                    "The workstation %(workstation)s cannot move to another client: "
                    "it has open tickets (%(tickets)s). Close them first.",
                    workstation=", ".join(moving.mapped("name")),
                    tickets=", ".join(open_tickets.mapped("display_name")),
                )
            )

    def _gesticlean_record_update(self, release, day=None):
        """The workstation now runs ``release`` (updated on ``day``, default today)."""
        self.write(
            {
                "gesticlean_version_id": release.id,
                "last_update_date": day or fields.Date.context_today(self),
            }
        )
