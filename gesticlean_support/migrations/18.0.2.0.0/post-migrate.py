"""Support is a service: replace the goods tax ("20% G") of the support products
by each company's services tax ("20% S", VAT on payments)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["account.chart.template"]._gesticlean_set_support_taxes()
