# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

LAWS = [
    ("consumer_protection", "Consumer Rights Protection Law"),
    (
        "consumer_regulation",
        "Implementing Regulation of the Consumer Rights Protection Law",
    ),
    ("food_safety", "Food Safety Law"),
    ("ecommerce", "E-Commerce Law"),
    ("pipl", "Personal Information Protection Law"),
    ("product_quality", "Product Quality Law"),
    ("seven_day_return", "Measures on Seven-Day No-Reason Returns of Online Purchases"),
    ("three_guarantees", "Rules on Repair, Replacement and Return of Certain Goods"),
    (
        "market_complaints",
        "Measures on Handling Complaints and Reports by Market Regulators",
    ),
    ("civil_code", "Civil Code"),
    ("odr_12315", "12315 Online Consumer Dispute Resolution (ODR)"),
    ("company", "Company promise"),
]


class ComplaintLegalClause(models.Model):
    """A legal rule or a company promise, summarised in our own words."""

    _name = "complaint.legal.clause"
    _description = "Legal Clause"
    _order = "sequence, law, id"

    sequence = fields.Integer(default=10)
    law = fields.Selection(LAWS, required=True)
    article = fields.Char(
        help="Article number as written in the law, e.g. 55 or 44-47."
    )
    # Worded in the reader's language when read: a stored name would keep the
    # language of whoever created the clause (English for the seeded ones).
    name = fields.Char(compute="_compute_name", search="_search_name")
    summary = fields.Text(
        required=True,
        translate=True,
        help="A short summary in our own words, never the statute text.",
    )
    verification = fields.Selection(
        [
            ("checked", "Checked against the statute"),
            ("secondary", "Secondary source"),
            ("unverified", "Needs legal review"),
        ],
        required=True,
        default="unverified",
        help="Hints from clauses that are not checked are shown as 'needs legal "
        "review' and never block a complaint.",
    )
    effective_from = fields.Date()
    effective_to = fields.Date()
    tags = fields.Char(help="Free words to find the clause, comma separated.")
    # Matching conditions
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        help="The clause applies to complaints of these categories (and their "
        "sub-categories).",
    )
    keywords = fields.Char(
        help="Comma-separated words that make the clause apply when they appear "
        "in the complaint."
    )
    product_nature = fields.Selection(
        [("food", "Food"), ("durable", "Durable goods")],
        help="The clause applies to complaints about products of this nature.",
    )
    sale_channels = fields.Char(
        help="Comma-separated sale channels (online, tv, phone, mail_order, store) "
        "the clause applies to."
    )
    channel_codes = fields.Char(
        string="Complaint channels",
        help="Comma-separated complaint channels (e.g. regulator) the "
        "clause applies to.",
    )
    # Optional rule
    rule_type = fields.Selection(
        [
            ("punitive", "Punitive multiplier with a floor"),
            ("window", "Return or exchange window"),
            ("deadline", "Deadline"),
        ],
        string="Rule",
    )
    multiplier = fields.Float(help="Extra compensation as a multiple of the price.")
    loss_multiplier = fields.Float(
        help="Extra compensation as a multiple of the loss, when the consumer may "
        "claim it instead (食品安全法 art. 148: 3)."
    )
    floor_amount = fields.Float(
        string="Floor",
        help="Minimum extra compensation in yuan (CNY); converted to the "
        "company's currency at the complaint's date.",
    )
    window_days = fields.Integer()
    window_start = fields.Selection(
        [
            ("receipt", "Receipt of the goods"),
            ("day_after_signing", "Day after signing for the goods"),
            ("sale", "Sale or invoice date"),
            ("delivery", "Delivery or end of installation"),
        ],
        string="Window starts at",
    )
    deadline_days = fields.Integer()
    deadline_unit = fields.Selection(
        [("working", "Working days"), ("calendar", "Calendar days")], default="calendar"
    )
    company_id = fields.Many2one("res.company", help="Empty: for every company.")
    active = fields.Boolean(default=True)

    @api.depends("law", "article")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["law"]._description_selection(self.env))
        for clause in self:
            law = labels.get(clause.law, "")
            clause.name = (
                self.env._("%(law)s, art. %(article)s", law=law, article=clause.article)
                if clause.article
                else law
            )

    @api.depends("name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # Odoo ties display_name to the language only for translated names.
        super()._compute_display_name()

    def _search_name(self, operator, value):
        # The library holds a few dozen clauses: compare the names as the user
        # reads them, in their language.
        clauses = self.with_context(active_test=False).search([])
        return [("id", "in", clauses.filtered_domain([("name", operator, value)]).ids)]

    def _hint_text(self):
        """One line for the legal-basis panel, in the user's language."""
        self.ensure_one()
        labels = dict(self._fields["law"]._description_selection(self.env))
        law = labels.get(self.law, "")
        if self.law == "company":
            text = self.env._("Company promise: %(summary)s", summary=self.summary)
        elif self.article:
            text = self.env._(
                "《%(law)s》art. %(article)s: %(summary)s",
                law=law,
                article=self.article,
                summary=self.summary,
            )
        else:
            text = f"《{law}》{self.summary}"
        label = self._verification_note()
        return f"{text} {label}" if label else text

    def _verification_note(self):
        """How far the clause can be trusted, for every hint and check."""
        self.ensure_one()
        if self.verification == "secondary":
            return self.env._("(secondary source, needs legal review)")
        if self.verification == "unverified":
            return self.env._("(needs legal review)")
        return self.env._("(checked against the statute)")
