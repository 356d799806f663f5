"""Ratings, looked up by token on the rating pages."""

from odoo import fields, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    # the rating page looks ratings up by token: index it
    access_token = fields.Char(index="btree_not_null")
