# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..triage.text import clean_words


class ComplaintTriageWord(models.Model):
    """A word of the company's trade (冷链, 货不对板, a product name) that the
    Chinese word segmentation must keep in one piece."""

    _name = "complaint.triage.word"
    _description = "Triage Dictionary Word"
    _order = "name"

    name = fields.Char(string="Word", required=True)
    note = fields.Char(help="What it means, for the colleagues who maintain the list.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "This word is already in the dictionary."),
    ]

    @api.constrains("name")
    def _check_name(self):
        for word in self:
            if not clean_words([word.name]):
                raise ValidationError(
                    self.env._(
                        "“%(word)s” cannot be a dictionary word: use one word "
                        "without spaces.",
                        word=word.name,
                    )
                )

    @api.model
    def _words(self):
        return self.sudo().search([]).mapped("name")
