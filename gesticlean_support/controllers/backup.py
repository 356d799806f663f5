"""The address where the backup agents of the workstations report: a POST with a
small JSON body, the workstation's token in the URL, no session."""

from odoo import http
from odoo.http import request

from ..models.gesticlean_backup_report import MAX_BODY, BackupReportError


class GestiCleanBackupReport(http.Controller):
    @http.route(
        "/support/backup/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def gesticlean_backup_report(self, token, **kw):
        """Store a backup report: 201 with its id; 404 for an unknown or revoked
        token, 400 for a bad body, 429 beyond 60 reports a minute; nothing is
        written but for 201."""
        lang = request.env.company.sudo().partner_id.lang or "fr_FR"
        request.update_context(lang=lang)
        env = request.env
        workstation = env["gesticlean.workstation"]._gesticlean_backup_from_token(token)
        if not workstation:
            return self._gesticlean_error(
                env._("Unknown or revoked backup token."), 404
            )
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY:
            return self._gesticlean_error(
                env._("The report is larger than 64 KB."), 400
            )
        body = request.httprequest.get_data(cache=False)
        Report = env["gesticlean.backup.report"].sudo()
        try:
            values = Report._gesticlean_parse(body)
        except BackupReportError as error:
            return self._gesticlean_error(error.args[0], 400)
        report = workstation.sudo()._gesticlean_backup_ingest(values, "http")
        if report is None:
            return self._gesticlean_error(
                env._("Too many reports for this workstation: wait a minute."), 429
            )
        return request.make_json_response(
            {"id": report.id, "status": workstation.sudo().backup_status}, status=201
        )

    def _gesticlean_error(self, message, status):
        # nothing this request did is kept
        request.env.cr.rollback()
        return request.make_json_response({"error": message}, status=status)
