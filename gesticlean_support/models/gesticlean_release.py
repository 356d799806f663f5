"""GestiClean releases (versions of the software), one of them the current one per
company, kept by the support managers."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GestiCleanRelease(models.Model):
    """A GestiClean version published by the vendor.

    A company has at most one current release (a partial unique index): the
    workstations on another version are the ones to update.
    """

    _name = "gesticlean.release"
    _description = "GestiClean Version"
    _inherit = ["mail.thread"]
    _order = "release_date desc, id desc"

    name = fields.Char(string="Version", required=True, tracking=True)
    release_date = fields.Date(required=True, tracking=True)
    current = fields.Boolean(
        string="Current Release",
        copy=False,
        tracking=True,
        help="The version every workstation should run. Marking a release current "
        "takes the mark off the previous one.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    notes = fields.Text()
    active = fields.Boolean(default=True)
    workstation_count = fields.Integer(
        string="Workstations", compute="_compute_workstation_count"
    )

    _sql_constraints = [
        (
            "name_unique",
            "UNIQUE(company_id, name)",
            "This GestiClean version already exists.",
        ),
    ]

    def init(self):
        # the database keeps "one current release per company", whatever runs at once
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS gesticlean_release_one_current
                ON gesticlean_release (company_id) WHERE current AND active
            """
        )

    def _compute_workstation_count(self):
        counts = dict(
            self.env["gesticlean.workstation"]._read_group(
                [("gesticlean_version_id", "in", self.ids)],
                ["gesticlean_version_id"],
                ["__count"],
            )
        )
        for release in self:
            release.workstation_count = counts.get(release, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("current"):
                company = vals.get("company_id") or self.env.company.id
                self._gesticlean_drop_current(company)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("current"):
            if len(self) > 1:
                raise ValidationError(
                    self.env._("Only one GestiClean version can be the current one.")
                )
            company = vals.get("company_id") or self.company_id.id
            self._gesticlean_drop_current(company, exclude=self)
        return super().write(vals)

    def _gesticlean_drop_current(self, company_id, exclude=None):
        previous = self.search(
            [("company_id", "=", company_id), ("current", "=", True)]
        )
        if exclude:
            previous -= exclude
        if previous:
            previous.write({"current": False})
            # before the INSERT/UPDATE of the new current one (unique index)
            previous.flush_recordset(["current"])

    @api.model
    def _gesticlean_current(self, company=None):
        """The current release of ``company`` (default: the user's), or empty."""
        company = company or self.env.company
        return self.search(
            [("company_id", "=", company.id), ("current", "=", True)], limit=1
        )
