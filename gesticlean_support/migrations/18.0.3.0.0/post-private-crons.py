"""The scheduled actions call private methods (``_cron_…``): their code is kept
(noupdate) by an update, so it is rewritten here."""

from odoo import SUPERUSER_ID, api

CRON_CODES = {
    "gesticlean_support.ir_cron_support_invoicing": (
        "model._cron_gesticlean_invoicing()"
    ),
    "gesticlean_support.ir_cron_public_holidays": (
        "model._cron_generate_public_holidays()"
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, code in CRON_CODES.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.code = code
