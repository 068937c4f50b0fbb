# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..triage.exceptions import TriageError
from ..triage.rules import compile_grade_rules


class ComplaintSeverityRule(models.Model):
    """Words that raise the severity of a new complaint whatever the model
    says (食物中毒, 住院, 媒体, 12315 → 重大). A negation just before the word
    (没有住院) does not count."""

    _name = "complaint.severity.rule"
    _inherit = ["complaint.cache.mixin"]
    _description = "Complaint Severity Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    pattern = fields.Char(
        required=True,
        help="A word or phrase; start with re: for a regular expression, e.g. "
        "re:(多|几)个人都(吃|吐)",
    )
    severity_id = fields.Many2one(
        "complaint.severity", string="Severity", required=True, ondelete="cascade"
    )
    note = fields.Char()
    active = fields.Boolean(default=True)

    @api.constrains("pattern", "severity_id")
    def _check_pattern(self):
        for rule in self:
            try:
                compile_grade_rules([(rule.pattern, rule.severity_id.code or "x")])
            except TriageError as error:
                raise ValidationError(
                    self.env._(
                        "The severity rule “%(pattern)s” is not valid: %(error)s",
                        pattern=rule.pattern,
                        error=error,
                    )
                ) from error

    @api.model
    def _rules(self):
        """Compiled rules for the triage engine, cached until a rule changes:
        every intake needs them."""
        return self._compiled_rules()

    @tools.ormcache()
    def _compiled_rules(self):
        # Severities travel as their level (1 is the most severe): the engine
        # ranks them by it, whatever codes a company gives its severities.
        return tuple(
            compile_grade_rules(
                [
                    (rule.pattern, rule.severity_id.level)
                    for rule in self.sudo().search([])
                    if rule.severity_id
                ]
            )
        )
