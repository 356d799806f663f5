"""Windows versions a workstation can run, kept as data (and which of them can take
the automatic backup option)."""

from odoo import fields, models


class GestiCleanWindowsVersion(models.Model):
    """One Windows version (Windows 7, 8.1, 10, 11, Server 2016 ...).

    The list is data of the module; managers may add or archive versions. ``code``
    is the key the shops' former OS field used (``windows_10``), kept for the
    migration and for the shop-level field computed from the workstations.
    """

    _name = "gesticlean.windows.version"
    _description = "Windows Version"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    backup_supported = fields.Boolean(
        string="Automatic Backups Possible",
        help="The automatic backup option can be set up on this version (vendor's "
        "terms: Windows 10 or later).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "This Windows version code already exists."),
    ]
