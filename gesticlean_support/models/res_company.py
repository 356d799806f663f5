from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    gesticlean_support_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Support Hours",
        help="When the technical support is open: callback targets and waiting times "
        "are counted in these hours, appointments are taken inside them.",
    )
    gesticlean_billing_unit = fields.Integer(
        string="Billing Unit (minutes)",
        default=30,
        help="Out-of-contract time is billed per started unit of this many minutes "
        "(vendor's terms: the half-hour).",
    )
    gesticlean_target_blocked = fields.Float(
        string="Callback Target: Blocked",
        default=1.0,
        help="Support hours within which a blocked client is called back.",
    )
    gesticlean_target_degraded = fields.Float(
        string="Callback Target: Degraded",
        default=4.0,
        help="Support hours within which a client working in degraded mode is "
        "called back.",
    )
    gesticlean_target_question = fields.Float(
        string="Callback Target: Question",
        default=14.0,
        help="Support hours within which a question is answered (14 h = 2 working "
        "days of 7 support hours).",
    )

    def _gesticlean_support_calendar(self):
        """The support hours of this company (the default support calendar); empty
        while the module's data is not loaded yet."""
        self.ensure_one()
        return (
            self.sudo().gesticlean_support_calendar_id
            or self.env.ref(
                "gesticlean_support.resource_calendar_support", raise_if_not_found=False
            )
            or self.env["resource.calendar"]
        )

    def _gesticlean_callback_target(self, urgency):
        """Callback target of ``urgency``, in support hours."""
        self.ensure_one()
        return {
            "blocked": self.gesticlean_target_blocked,
            "degraded": self.gesticlean_target_degraded,
            "question": self.gesticlean_target_question,
        }.get(urgency, self.gesticlean_target_question)
