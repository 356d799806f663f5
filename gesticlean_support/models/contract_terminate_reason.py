"""Termination reasons in the client's and the staff's language."""

from odoo import fields, models


class ContractTerminateReason(models.Model):
    _inherit = "contract.terminate.reason"

    # OCA's reason names are plain text; the module's reasons (data) are shown to
    # French staff and clients, so they are translated like any other term.
    name = fields.Char(translate=True)
