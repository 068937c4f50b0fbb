# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPENSATION_KINDS = [
    ("refund_full", "Full refund"),
    ("refund_partial", "Partial refund"),
    ("coupon", "Coupon"),
    ("cash", "Cash compensation"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("redelivery", "Re-delivery"),
    ("gift", "Gift"),
    ("apology", "Apology letter"),
    ("custom", "Custom"),
]
REFUND_KINDS = ("refund_full", "refund_partial")


class ComplaintCompensationType(models.Model):
    """A remedy of the company's compensation catalogue, with its default
    amount and the amounts a handler and a supervisor may grant alone."""

    _name = "complaint.compensation.type"
    _description = "Compensation Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(COMPENSATION_KINDS, required=True, default="custom")
    description = fields.Text(
        translate=True, help="When to offer it; shown to the agents who propose it."
    )
    amount_rule = fields.Selection(
        [
            ("none", "No amount"),
            ("fixed", "Fixed amount"),
            ("percent", "% of the amount paid"),
            ("multiple", "Multiple of the amount paid"),
        ],
        string="Default amount",
        required=True,
        default="fixed",
        help="How the amount of a new line is proposed; the agent may change it.",
    )
    amount_value = fields.Float(
        string="Value",
        digits=(16, 2),
        help="The fixed amount, the percentage or the multiple, by the rule.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    handler_limit = fields.Monetary(
        string="Handler may grant up to",
        help="Lines up to this amount are approved by the handler who proposes "
        "them; above it a supervisor approves.",
    )
    supervisor_limit = fields.Monetary(
        string="Supervisor may grant up to",
        help="Above this amount only a complaint manager approves.",
    )
    is_custom = fields.Boolean(
        string="Outside the catalogue",
        help="A remedy agreed case by case: a supervisor always approves it.",
    )
    reference_required = fields.Boolean(
        default=True,
        help="Marking a line done asks for its proof: refund number, coupon "
        "code, shipment number.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "limits_positive",
            "CHECK(handler_limit >= 0 AND supervisor_limit >= 0 AND amount_value >= 0)",
            "Limits and default values cannot be negative.",
        ),
    ]

    @api.constrains("handler_limit", "supervisor_limit")
    def _check_limits(self):
        for ctype in self:
            if ctype.supervisor_limit < ctype.handler_limit:
                raise ValidationError(
                    self.env._(
                        "%(type)s: the supervisor's limit (%(sup)s) cannot be "
                        "lower than the handler's limit (%(handler)s).",
                        type=ctype.name,
                        sup=ctype.supervisor_limit,
                        handler=ctype.handler_limit,
                    )
                )

    def _default_amount(self, amount_paid):
        """Amount proposed for a line of this type (in the type's currency)."""
        self.ensure_one()
        if self.amount_rule == "fixed":
            return self.amount_value
        if self.amount_rule == "percent":
            return self.currency_id.round(
                (amount_paid or 0.0) * self.amount_value / 100
            )
        if self.amount_rule == "multiple":
            return self.currency_id.round((amount_paid or 0.0) * self.amount_value)
        return 0.0
