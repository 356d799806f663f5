from odoo import models


class ResPartner(models.Model):
    # Kept apart from res_partner.py: the contracts work owns this extension point.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _gesticlean_contract_on(self, date):
        """The support contract covering this client on ``date``, or an empty record.

        For now an OCA sale contract of the commercial partner with a line running
        on ``date`` (not canceled); the contracts work refines this method.
        """
        self.ensure_one()
        lines = (
            self.env["contract.line"]
            .sudo()
            .search(
                [
                    (
                        "contract_id.partner_id",
                        "child_of",
                        self.commercial_partner_id.id,
                    ),
                    ("contract_id.contract_type", "=", "sale"),
                    ("contract_id.active", "=", True),
                    ("is_canceled", "=", False),
                    ("date_start", "<=", date),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", date),
                ],
                order="date_start desc",
                limit=1,
            )
        )
        return lines.contract_id
