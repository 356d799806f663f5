"""Planned callbacks: an intervention ending with « callback planned » says when,
and the ticket's appointment (support and shop hours, a free slot) is booked."""

from odoo import fields, models
from odoo.exceptions import UserError


class SupportIntervention(models.Model):
    _inherit = "support.intervention"

    callback_start = fields.Datetime(
        string="Call Back On",
        copy=False,
        help="Callback planned: when the client is to be called back. Booked as "
        "the ticket's callback appointment, so it must fall within support hours "
        "and the shop's opening hours, on a free slot.",
    )

    def action_done(self):
        """A planned callback is booked on its ticket before the intervention
        ends: refused (with the next free slots) when the slot is not open."""
        self._gesticlean_check_technician()
        for intervention in self.filtered(
            lambda i: i.outcome == "callback" and not i.date_end
        ):
            if not intervention.callback_start:
                raise UserError(
                    self.env._(
                        "A callback is planned: give the day and time of the "
                        "callback (within support hours and the shop's opening "
                        "hours)."
                    )
                )
            if intervention.callback_start <= fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "The planned callback must be later than now. Next free "
                        "slots: %(slots)s.",
                        slots=intervention.ticket_id._gesticlean_free_slots_text(
                            date_ref=fields.Datetime.now()
                        ),
                    )
                )
            # the ticket's constraint checks the slot and names free ones; its
            # appointment puts the callback in the calendar and the queue
            intervention.ticket_id.appointment_start = intervention.callback_start
        return super().action_done()
