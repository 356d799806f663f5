"""Rating pages of interventions (choose, comment, validate), the client's
interventions on the portal, and the public satisfaction page."""

import re

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.rating.controllers.main import Rating

from ..models.support_intervention_rating import RATING_FEEDBACK_MAX, RATING_SMILEYS
from .errors import not_found, parse_id

# Odoo's rating tokens are uuid4().hex: anything else is not worth a query
TOKEN = re.compile(r"[0-9a-f]{32}")
# the scores as the pages send them ("5"), from the one list of smileys
SCORES = {str(score): score for score in RATING_SMILEYS}


class GestiCleanRating(CustomerPortal):
    """Rating of an intervention by the client: choose, comment, validate.

    Our own routes rather than Odoo's ``/rate``: opening a link records nothing,
    invalid scores answer 400 (not 500), the POST is CSRF-checked here to answer a
    readable page, and a replayed POST changes nothing.
    """

    # ------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------

    def _gesticlean_rating_from_token(self, token):
        """(rating, intervention) in sudo, or a 404 for any invalid access."""
        if not TOKEN.fullmatch(token or ""):
            raise not_found()
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("access_token", "=", token),
                    ("res_model", "=", "support.intervention"),
                ],
                limit=1,
            )
        )
        intervention = request.env["support.intervention"].sudo().browse(rating.res_id)
        if not rating or not intervention.exists() or intervention.state != "done":
            raise not_found()
        user = request.env.user
        if (
            not user._is_public()
            and user.partner_id.commercial_partner_id != intervention.partner_id
        ):
            raise not_found()
        # the client's language (French by default), as in the e-mail
        request.update_context(lang=self._gesticlean_rating_lang(intervention))
        return rating, intervention

    def _gesticlean_rating_lang(self, intervention=None):
        user = request.env.user
        if not user._is_public():
            return user.lang
        partner = intervention.ticket_id.partner_id if intervention else None
        if partner and partner.lang:
            return partner.lang
        # the company's partner, which the public user may not read
        return request.env.company.sudo().partner_id.lang or "fr_FR"

    def _gesticlean_rating_values(self, rating, intervention, token, **values):
        return {
            "rating": rating,
            "intervention": intervention,
            "token": token,
            "smileys": RATING_SMILEYS,
            "feedback_max": RATING_FEEDBACK_MAX,
            **values,
        }

    def _gesticlean_invalid_score(self):
        *first, last = sorted(SCORES.values())
        return self._gesticlean_rating_error(
            request.env._(
                "Invalid rating: choose %(scores)s or %(last)s.",
                scores=", ".join(str(score) for score in first),
                last=last,
            )
        )

    def _gesticlean_rating_error(self, message, status=400, **values):
        return request.render(
            "gesticlean_support.rating_error_page",
            {"error": message, **values},
            status=status,
        )

    # ------------------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------------------

    @http.route(
        "/support/evaluation/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def gesticlean_rating_page(self, token, score=None, **kw):
        """Steps 1 and 2: the page, the smiley of the link preselected."""
        rating, intervention = self._gesticlean_rating_from_token(token)
        if score is not None and score not in SCORES:
            return self._gesticlean_invalid_score()
        request.session.touch()  # keep the session the CSRF token is bound to
        if score is None and rating.consumed:
            score = str(int(rating.rating))
        return request.render(
            "gesticlean_support.rating_page",
            self._gesticlean_rating_values(
                rating,
                intervention,
                token,
                score=SCORES.get(score),
                feedback=rating.feedback or "",
            ),
        )

    @http.route(
        "/support/evaluation/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,  # checked below, to answer a readable page
    )
    def gesticlean_rating_submit(self, token, score=None, feedback="", **kw):
        """Step 3: validation. Sent twice, the same form records once."""
        rating, intervention = self._gesticlean_rating_from_token(token)
        if not request.validate_csrf(kw.get("csrf_token")):
            return self._gesticlean_rating_error(
                request.env._(
                    "Your session has expired: open the link of the e-mail again."
                ),
                status=403,
            )
        return self._gesticlean_submit(rating, intervention, token, score, feedback)

    def _gesticlean_submit(self, rating, intervention, token, score, feedback):
        """Check and record a rating (the request's CSRF token checked)."""
        if score not in SCORES:
            return self._gesticlean_invalid_score()
        feedback = (feedback or "").strip()
        if "\x00" in feedback:
            return self._gesticlean_rating_error(
                request.env._("Your comment contains an invalid character.")
            )
        if len(feedback) > RATING_FEEDBACK_MAX:
            return self._gesticlean_rating_error(
                request.env._(
                    "Your comment is too long (%(max)s characters at most).",
                    max=RATING_FEEDBACK_MAX,
                )
            )
        intervention._gesticlean_apply_rating(rating, SCORES[score], feedback)
        return request.render(
            "gesticlean_support.rating_thanks_page",
            self._gesticlean_rating_values(rating, intervention, token),
        )

    @http.route(
        ["/my/interventions", "/my/interventions/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def gesticlean_portal_interventions(self, page=1, **kw):
        """The client's interventions, rated or to rate (own company only), a page
        at a time."""
        Intervention = request.env["support.intervention"]
        domain = [
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)
        ]
        pager = portal_pager(
            url="/my/interventions",
            total=Intervention.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        interventions = Intervention.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        ratings = {
            rating.res_id: rating
            for rating in request.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "support.intervention"),
                    ("res_id", "in", interventions.ids),
                ]
            )
        }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # read with the user's rights above, shown in sudo (ticket, technician)
                "interventions": interventions.sudo(),
                "ratings": ratings,
                "smileys": RATING_SMILEYS,
                "page_name": "gesticlean_interventions",
                "pager": pager,
            }
        )
        return request.render("gesticlean_support.portal_my_interventions", values)

    @http.route(
        "/my/interventions/<int:intervention_id>/rate",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def gesticlean_portal_rate(self, intervention_id, **kw):
        """Open the rating page of an intervention that has no token yet."""
        if parse_id(str(intervention_id)) is None:  # beyond PostgreSQL's integers
            raise not_found()
        intervention = request.env["support.intervention"].search(
            [
                ("id", "=", intervention_id),
                (
                    "partner_id",
                    "=",
                    request.env.user.partner_id.commercial_partner_id.id,
                ),
                ("state", "=", "done"),
            ]
        )
        if not intervention:
            raise not_found()
        return request.redirect(
            f"/support/evaluation/{intervention._gesticlean_rating_token()}"
        )

    @http.route(
        "/support/statistiques",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def gesticlean_rating_statistics(self, **kw):
        """Public satisfaction figures, computed live."""
        lang = self._gesticlean_rating_lang()
        request.update_context(lang=lang)
        return request.render(
            "gesticlean_support.rating_statistics_page",
            request.env["support.intervention"]
            .sudo()
            ._gesticlean_rating_statistics_page(lang),
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "gesticlean_intervention_count" in counters:
            values["gesticlean_intervention_count"] = request.env[
                "support.intervention"
            ].search_count(
                [
                    (
                        "partner_id",
                        "=",
                        request.env.user.partner_id.commercial_partner_id.id,
                    )
                ]
            )
        return values


class GestiCleanCoreRating(Rating):
    """Odoo's own ``/rate`` pages send an intervention's client to the module's page
    (same rules: scores 1, 3 or 5, comments of 1,000 characters at most, the
    manager called on an unhappy rating), and answer 400 to any other score."""

    def _gesticlean_intervention_token(self, token):
        return TOKEN.fullmatch(token or "") and request.env[
            "rating.rating"
        ].sudo().search_count(
            [
                ("access_token", "=", token),
                ("res_model", "=", "support.intervention"),
            ],
            limit=1,
        )

    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        if rate not in SCORES.values():
            return GestiCleanRating()._gesticlean_invalid_score()
        if self._gesticlean_intervention_token(token):
            return request.redirect(f"/support/evaluation/{token}?score={rate}")
        return super().action_open_rating(token, rate, **kwargs)

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        if self._gesticlean_intervention_token(token):
            if request.httprequest.method != "POST":
                return request.redirect(f"/support/evaluation/{token}")
            # the route checked the CSRF token of the POST
            page = GestiCleanRating()
            rating, intervention = page._gesticlean_rating_from_token(token)
            return page._gesticlean_submit(
                rating, intervention, token, str(rate), kwargs.get("feedback")
            )
        if request.httprequest.method == "POST" and str(rate) not in SCORES:
            return GestiCleanRating()._gesticlean_invalid_score()
        return super().action_submit_rating(token, rate=rate, **kwargs)
