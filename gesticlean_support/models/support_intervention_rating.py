"""Client ratings of interventions (one smiley per intervention) and the figures
of the public satisfaction page."""

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from ..tools import rating_statistics_values
from .support_rating_statistic import RATING_SINCE_DEFAULT, RATING_SINCE_PARAM

#: Longest comment a client may leave with a rating (characters).
RATING_FEEDBACK_MAX = 1000
#: The three smileys of the rating e-mail and page: score -> icon. The only scores
#: a client may give.
RATING_SMILEYS = {5: "\N{GRINNING FACE}", 3: "\N{NEUTRAL FACE}", 1: "\u2639\ufe0f"}


class SupportIntervention(models.Model):
    _inherit = "support.intervention"

    # The managers' dashboard: which smiley, and shares that average per month or
    # technician into "% of 😀" (a pivot cannot show a count as a share).
    rating_smiley = fields.Selection(
        selection=[
            ("happy", "\N{GRINNING FACE} Satisfied"),
            ("neutral", "\N{NEUTRAL FACE} Neutral"),
            ("sad", "\u2639\ufe0f Dissatisfied"),
        ],
        string="Smiley",
        compute="_compute_rating_shares",
        store=True,
    )
    rating_happy_share = fields.Float(
        string="% Satisfied",
        compute="_compute_rating_shares",
        store=True,
        aggregator="avg",
    )
    rating_neutral_share = fields.Float(
        string="% Neutral",
        compute="_compute_rating_shares",
        store=True,
        aggregator="avg",
    )
    rating_sad_share = fields.Float(
        string="% Dissatisfied",
        compute="_compute_rating_shares",
        store=True,
        aggregator="avg",
    )
    rating_comment = fields.Text(
        string="Comment", related="rating_ids.feedback", compute_sudo=True
    )
    rating_followup = fields.Selection(
        selection=[("to_call", "To call back"), ("called", "Called back")],
        string="Follow-up",
        compute="_compute_rating_followup",
        help="For a dissatisfied rating: whether the manager's call to the client "
        "is still to do.",
    )

    @api.depends("rating_last_value")
    def _compute_rating_shares(self):
        smileys = {5: "happy", 3: "neutral", 1: "sad"}
        for intervention in self:
            smiley = smileys.get(int(intervention.rating_last_value or 0))
            intervention.rating_smiley = smiley
            # the dashboard lists rated interventions only (its action's domain)
            for key in ("happy", "neutral", "sad"):
                intervention[f"rating_{key}_share"] = 100.0 if smiley == key else 0.0

    @api.depends("rating_smiley", "activity_ids")
    def _compute_rating_followup(self):
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        for intervention in self:
            if intervention.rating_smiley != "sad":
                intervention.rating_followup = False
                continue
            open_call = intervention.sudo().activity_ids.filtered(
                lambda activity, call=call: activity.activity_type_id == call
            )
            intervention.rating_followup = "to_call" if open_call else "called"

    def _compute_rating_last_value(self):
        # rating.mixin's query filters rating_rating.res_model, a stored related
        # field it does not flush: a rating created in the same transaction (demo
        # data, imports) would count for nothing
        self.env["rating.rating"].flush_model(["res_model", "res_id"])
        return super()._compute_rating_last_value()

    def _rating_get_partner(self):
        return self.partner_id

    def _gesticlean_rating(self):
        """The one rating of the intervention, created on first use (sudo)."""
        self.ensure_one()
        self.check_access("read")
        # checked above; sudo as portal users may read neither ratings nor users
        intervention = self.sudo()
        rating = intervention.rating_ids[:1]
        if not rating:
            rating = (
                self.env["rating.rating"]
                .sudo()
                .create(
                    {
                        "partner_id": intervention.partner_id.id,
                        "rated_partner_id": intervention.user_id.partner_id.id,
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": intervention.id,
                        "is_internal": False,
                    }
                )
            )
        return rating

    def _gesticlean_rating_token(self):
        return self._gesticlean_rating().access_token

    def _gesticlean_send_rating_request(self):
        """Ask the client for a rating by e-mail, in the client's language, when
        the client was actually helped: the problem is solved, or a follow-up was
        agreed in a real conversation. A planned callback (nobody reached, or call
        back later) asks nothing, nor a preventive check (the vendor's own remote
        check, nobody at the shop helped: its report is on the portal)."""
        template = self.env.ref(
            "gesticlean_support.mail_template_intervention_rating",
            raise_if_not_found=False,
        )
        if not template:
            return
        helped = self.filtered(
            lambda i: (
                i.partner_id
                and i.outcome in ("solved", "followup")
                and i.ticket_id.planned_kind != "maintenance"
            )
        )
        for intervention in helped:
            intervention._gesticlean_rating()
            intervention.rating_send_request(template, force_send=False)

    def _gesticlean_apply_rating(self, rating, score, feedback):
        """Record the client's choice; a repeated identical submission is a no-op.

        ``rating`` is the sudo rating.rating of this intervention. Returns True when
        something changed. The rating's row is locked before deciding: a double
        click waits for the first submission, then (its snapshot being older than
        that change, REPEATABLE READ) fails to serialize and is retried by Odoo,
        and the retry finds nothing to do.
        """
        self.ensure_one()
        feedback = (feedback or "").strip()
        self.env.cr.execute(
            SQL("SELECT id FROM rating_rating WHERE id = %s FOR UPDATE", rating.id),
            log_exceptions=False,  # a serialization failure is retried, not an error
        )
        if (
            rating.consumed
            and int(rating.rating) == score
            and (rating.feedback or "") == feedback
        ):
            return False
        self.sudo().rating_apply(score, rating=rating, feedback=feedback or False)
        if score == 1:
            self._gesticlean_schedule_sad_call()
        elif score == 5:
            self._gesticlean_close_sad_call()
        return True

    def _gesticlean_sad_calls(self):
        """The open "call the client" activities of the intervention (sudo)."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        return self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == call_type
        )

    def _gesticlean_schedule_sad_call(self):
        """Ask a manager to call the client back. While a call is planned, another
        unhappy rating adds nothing; once a call was planned (and closed by a happy
        re-rating), it is planned again without a second e-mail."""
        if self._gesticlean_sad_calls():
            return
        call_type = self.env.ref("mail.mail_activity_data_call")
        planned_before = self.sudo().message_ids.filtered(
            lambda message: message.mail_activity_type_id == call_type
        )
        company = self.company_id or self.env.company
        manager = company._gesticlean_manager_to_notify()
        self.sudo().with_context(
            mail_activity_quick_update=bool(planned_before)
        ).activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._("Call the client: unhappy rating"),
            note=self.env._(
                "%(client)s gave the lowest rating to intervention %(name)s.",
                client=self.partner_id.display_name,
                name=self.display_name,
            ),
            user_id=manager.id,
        )

    def _gesticlean_close_sad_call(self):
        """The client is happy now: the planned call is done, with a note."""
        self._gesticlean_sad_calls().action_feedback(
            feedback=self.env._("The client has changed the rating to happy.")
        )

    @api.model
    def _gesticlean_rating_statistics(self, date_from=None):
        """The figures of the public statistics page, in a fixed number of queries.

        Summed from the daily totals kept by ``support.rating.statistic``: an
        intervention counts on the day it ended, under contract, rated, rated top.

        :param date_from: first day counted (date); defaults to the configured
            ``gesticlean_support.rating_statistics_since`` (22/01/2020).
        :return: dict with ``since``, ``rating_count``, ``top_count``,
            ``top_share`` (0-100, rounded), ``contract_count``, ``last_update``.
        """
        if date_from is None:
            date_from = fields.Date.to_date(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(RATING_SINCE_PARAM, RATING_SINCE_DEFAULT)
            )
        contract_count, rating_count, top_count, last_change = (
            self.env["support.rating.statistic"].sudo()._gesticlean_totals(date_from)
        )
        return {
            "since": date_from,
            "rating_count": rating_count,
            "top_count": top_count,
            "top_share": round(100 * top_count / rating_count) if rating_count else 0,
            "contract_count": contract_count,
            "last_update": last_change.date() if last_change else None,
        }

    @api.model
    def _gesticlean_rating_statistics_page(self, lang=None):
        """The values of the public statistics page: the figures formatted the
        French way, the dates in ``lang``'s format."""
        return rating_statistics_values(
            self._gesticlean_rating_statistics(),
            lambda day: format_date(self.env, day, lang_code=lang),
        )
