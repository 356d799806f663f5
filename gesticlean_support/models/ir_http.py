"""The module's pages for people: the portal's translations (the portal chatter is
mail's) and a French page for a wrong method on the module's routes."""

from werkzeug.exceptions import MethodNotAllowed

from odoo import models
from odoo.http import request

from ..controllers.errors import error_page

#: The paths of the module's own routes (controllers/).
MODULE_PATHS = (
    "/support/",
    "/my/interventions",
    "/my/workstations",
    "/my/ticket/",
    "/my/contracts/",
)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # portal pages load only the translations of these modules; without
        # mail, the ticket page's chatter reads « The conversation is empty. »
        # in English (website adds mail, but the module does not use website)
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "mail"]

    @classmethod
    def _match(cls, path_info):
        """A wrong method on the module's routes (a GET of a booking form's
        address, a POST to a page) gets the module's French page, not
        werkzeug's bare English « Method Not Allowed »."""
        try:
            return super()._match(path_info)
        except MethodNotAllowed as error:
            if not path_info.startswith(MODULE_PATHS) or not request:
                raise
            raise MethodNotAllowed(
                valid_methods=error.valid_methods,
                response=cls._gesticlean_method_not_allowed_page(),
            ) from error

    @classmethod
    def _gesticlean_method_not_allowed_page(cls):
        if request.env.uid is None:  # not authenticated yet at routing time
            cls._auth_method_public()
        user = request.env.user
        lang = (
            user.lang
            if not user._is_public()
            else request.env.company.sudo().partner_id.lang
        )
        request.update_context(lang=lang or "fr_FR")
        return error_page(
            request.env._("This address does not take this kind of request."),
            status=405,
        )
