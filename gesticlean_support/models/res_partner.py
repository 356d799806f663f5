"""Client shops: client code, support phone, TeamViewer ID, workstation, equipment
and opening hours, and who may change them."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# Who may change what on a client shop, on top of the ACLs on res.partner.
TECHNICIAN_FIELDS = {
    "support_phone",
    "teamviewer_id",
    "workstation_os",
    "stable_internet",
    "shop_equipment",
    "shop_calendar_id",
}
MANAGER_FIELDS = {"gesticlean_client", "gesticlean_code"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    gesticlean_client = fields.Boolean(
        string="GestiClean Client",
        index=True,
        copy=False,
        tracking=True,
        help="This company is a dry-cleaning shop using GestiClean.",
    )
    gesticlean_code = fields.Char(
        string="Client Code",
        index=True,
        copy=False,
        tracking=True,
        help="GestiClean client code, unique. Left empty, the next code of the "
        "sequence is given when the client is saved.",
    )
    support_phone = fields.Char(
        index="btree_not_null",
        tracking=True,
        help="Number the technicians call back. Type it in any format "
        "(04 50 37 15 29, +33 (0)4 50 37 15 29, 0033450371529): it is stored in the "
        "international E.164 format.",
    )
    phone_search = fields.Char(
        string="Phone (any format)",
        compute="_compute_phone_search",
        search="_search_phone_search",
    )
    teamviewer_id = fields.Char(
        string="TeamViewer ID",
        copy=False,
        tracking=True,
        help="9 or 10 digits, as shown by TeamViewer on the shop's workstation.",
    )
    workstation_os = fields.Selection(
        selection=[
            ("windows_xp", "Windows XP"),
            ("windows_7", "Windows 7"),
            ("windows_8", "Windows 8 / 8.1"),
            ("windows_10", "Windows 10"),
            ("windows_11", "Windows 11"),
            ("other", "Other"),
        ],
        string="Workstation OS",
        tracking=True,
        help="Operating system of the workstation running GestiClean. Automatic "
        "backups need Windows 10 or later.",
    )
    stable_internet = fields.Boolean(
        string="Stable Internet Connection",
        tracking=True,
        help="The shop has a stable internet connection (needed for remote sessions "
        "and automatic backups).",
    )
    backup_eligible = fields.Boolean(
        string="Eligible for Automatic Backups",
        compute="_compute_backup_eligible",
        help="A workstation under Windows 10 or later and a stable internet "
        "connection.",
    )
    shop_equipment = fields.Selection(
        selection=[
            ("none", "None"),
            ("conveyor", "Conveyor"),
            ("conveyor_arm", "Conveyor with restitution arm"),
        ],
        default="none",
        tracking=True,
        help="Equipment linked to GestiClean; it decides which conveyor option the "
        "support contract may include.",
    )
    shop_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Shop Opening Hours",
        tracking=True,
        help="When the shop is open: technicians plan callbacks inside these hours.",
    )

    _sql_constraints = [
        (
            "gesticlean_code_unique",
            "UNIQUE(gesticlean_code)",
            "This GestiClean client code is already used by another client.",
        ),
    ]

    # ------------------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------------------

    def _compute_phone_search(self):
        for partner in self:
            partner.phone_search = partner.support_phone

    def _search_phone_search(self, operator, value):
        """Find shops by a number typed in any format.

        A complete number is normalised and matched exactly on the support phone
        (indexed); a partial one (``37 15 29``) is matched on its digits.
        """
        if operator not in ("ilike", "=", "like", "=ilike") or not isinstance(
            value, str
        ):
            return [("support_phone", operator, value)]
        e164 = self._gesticlean_typed_phone(value)
        if e164:
            return [("support_phone", "=", e164)]
        digits = "".join(char for char in value if char.isdigit()).removeprefix("0")
        if not digits:
            return expression.FALSE_DOMAIN
        return [("support_phone", "like", digits)]

    @api.model
    def _search_display_name(self, operator, value):
        """Also find clients by client code and by support phone (any format)."""
        domain = super()._search_display_name(operator, value)
        if (
            operator in ("ilike", "=ilike", "=")
            and isinstance(value, str)
            and value.strip()
        ):
            extra = [("gesticlean_code", "=ilike", value.strip())]
            e164 = self._gesticlean_typed_phone(value)
            if e164:
                extra = expression.OR([extra, [("support_phone", "=", e164)]])
            domain = expression.OR([domain, extra])
        return domain

    # ------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------

    @api.constrains("gesticlean_client", "is_company", "gesticlean_code")
    def _check_gesticlean_client(self):
        for partner in self.filtered("gesticlean_client"):
            if not partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be a GestiClean client: a client is a "
                        "company (the shop), not a person.",
                        name=partner.display_name,
                    )
                )
            if not partner.gesticlean_code:
                raise ValidationError(
                    self.env._(
                        "The GestiClean client %(name)s has no client code.",
                        name=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gesticlean_check_rights(vals, creating=True)
            self._gesticlean_normalize_vals(vals)
            if vals.get("gesticlean_client") and not vals.get("gesticlean_code"):
                vals["gesticlean_code"] = self.env["ir.sequence"].next_by_code(
                    "gesticlean_support.client_code"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._gesticlean_check_rights(vals)
        vals = dict(vals)
        if "support_phone" in vals and len(self) > 1:
            # the region may differ from one partner to the next
            for partner in self:
                partner.write(vals)
            return True
        self._gesticlean_normalize_vals(vals)
        if vals.get("gesticlean_client"):
            for partner in self.filtered(lambda p: not p.gesticlean_code):
                partner.gesticlean_code = self.env["ir.sequence"].next_by_code(
                    "gesticlean_support.client_code"
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_gesticlean_client(self):
        clients = self.filtered("gesticlean_client")
        if clients:
            raise UserError(
                self.env._(
                    "GestiClean clients are never deleted, so that their history is "
                    "kept. Archive %(names)s instead.",
                    names=", ".join(clients.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------

    def _gesticlean_typed_phone(self, text):
        """Return ``text`` as an E.164 number if it is a complete one, else False."""
        return self._phone_format_number(
            text, self._gesticlean_phone_country(), force_format="E164"
        )

    def _gesticlean_phone_country(self):
        """Country used to read numbers typed without international prefix: the
        shop's, else the company's, else France."""
        country = (
            self.country_id
            if len(self) == 1 and self.country_id
            else self.env.company.country_id
        )
        return country or self.env.ref("base.fr")

    def _gesticlean_e164(self, number, country=None):
        """``number`` as typed, in E.164 (``+33450371529``), read with ``country``
        (default: :meth:`_gesticlean_phone_country`) by Odoo's phone_validation;
        a number that is not valid is refused with a clear message. The phone rule
        of the shops' support phone and of the tickets' callback number."""
        e164 = (number or "").strip() and self._phone_format_number(
            number, country or self._gesticlean_phone_country(), force_format="E164"
        )
        if not e164:
            raise ValidationError(
                self.env._(
                    "“%(number)s” is not a valid phone number. Type it as "
                    "04 50 37 15 29 or +33 4 50 37 15 29.",
                    number=number,
                )
            )
        return e164

    def _gesticlean_normalize_vals(self, vals):
        """Normalise the support phone and TeamViewer ID in ``vals``, or refuse them."""
        if vals.get("support_phone"):
            country = self.env["res.country"].browse(vals.get("country_id"))
            if not country and len(self) != 1:
                country = self.env.ref("base.fr")
            vals["support_phone"] = self._gesticlean_e164(
                vals["support_phone"], country
            )
        if vals.get("teamviewer_id"):
            vals["teamviewer_id"] = self.env[
                "gesticlean.workstation"
            ]._gesticlean_teamviewer_id(vals["teamviewer_id"])
        if vals.get("gesticlean_code"):
            vals["gesticlean_code"] = vals["gesticlean_code"].strip().upper()
            self._gesticlean_check_code_free(vals["gesticlean_code"])

    def _gesticlean_check_code_free(self, code):
        """Refuse a client code used by another client, naming it.

        The SQL constraint guarantees uniqueness; this check runs before it to give
        a message a user can act on.
        """
        other = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("gesticlean_code", "=", code), ("id", "not in", self.ids)], limit=1
            )
        )
        if other or (len(self) > 1 and code):
            raise ValidationError(
                self.env._(
                    "The client code %(code)s is already used by %(name)s.",
                    code=code,
                    name=other.display_name or self[1].display_name,
                )
            )

    def _gesticlean_check_rights(self, vals, creating=False):
        """Only technicians edit a shop's support data, only managers its client code.

        Values equal to the defaults a form sends on creation do not count.
        """
        if self.env.su:
            return
        user = self.env.user
        touched = {
            fname
            for fname, value in vals.items()
            if fname in TECHNICIAN_FIELDS | MANAGER_FIELDS
            and not (
                creating and (not value or (fname, value) == ("shop_equipment", "none"))
            )
        }
        if touched & MANAGER_FIELDS and not user.has_group(
            "gesticlean_support.group_support_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only support managers can make a company a GestiClean client or "
                    "change its client code."
                )
            )
        if touched & TECHNICIAN_FIELDS and not user.has_group(
            "gesticlean_support.group_support_technician"
        ):
            raise AccessError(
                self.env._(
                    "Only support technicians and managers can change a shop's "
                    "support data (phone, TeamViewer ID, workstation, equipment, "
                    "opening hours)."
                )
            )
