# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Demands of punitive damages (惩罚性赔偿) typical of professional claimants.
PUNITIVE_PATTERN = (
    "三倍|十倍|3倍|10倍|假一赔十|退一赔三|退一赔十|惩罚性赔偿|价款十倍|赔偿金"
)
RISK_WINDOW_DAYS = 365
SUPERVISORS = "consumer_complaint.group_complaint_supervisor"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Profiling a person (PIPL art. 24): supervisors only, explained, and it
    # never decides anything by itself.
    claimant_risk_score = fields.Integer(
        string="Claimant risk",
        compute="_compute_claimant_risk",
        groups=SUPERVISORS,
        help="0-100, from the complainant's complaints of the last 12 months: "
        "how many, the share demanding punitive damages, and how many products "
        "and stores they concern. A hint for a person to look closer; it never "
        "blocks or changes the handling of a complaint.",
    )
    claimant_risk_signals = fields.Text(
        string="Why this score", compute="_compute_claimant_risk", groups=SUPERVISORS
    )

    @api.depends("partner_id", "partner_phone", "partner_email")
    def _compute_claimant_risk(self):
        """One query per complainant key set; reads raw contact data in SQL
        so the masking of the form does not hide matches. The same
        complainant: helpdesk_ticket_contact."""
        since = fields.Datetime.now() - timedelta(days=RISK_WINDOW_DAYS)
        tickets = self.filtered("id")
        stats = {}
        if tickets:
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT n.id, COUNT(t.id),
                           COUNT(t.id) FILTER (
                               WHERE COALESCE(t.name, '') || COALESCE(t.description, '')
                                     ~ %(punitive)s),
                           COUNT(DISTINCT t.product_id), COUNT(DISTINCT t.store_id)
                      FROM helpdesk_ticket n
                      JOIN helpdesk_ticket t
                        ON t.company_id = n.company_id AND t.is_complaint
                       AND t.create_date >= %(since)s
                       AND %(same_contact)s
                     WHERE n.id = ANY(%(ids)s)
                     GROUP BY n.id
                    """,
                    punitive=PUNITIVE_PATTERN,
                    same_contact=self._complaint_same_contact_sql("t", "n"),
                    since=since,
                    ids=tickets.ids,
                )
            )
            stats = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for ticket in self:
            count, punitive, products, stores = stats.get(ticket.id, (0, 0, 0, 0))
            score, signals = self._claimant_risk(count, punitive, products, stores)
            ticket.claimant_risk_score = score
            ticket.claimant_risk_signals = signals

    @api.model
    def _claimant_risk(self, count, punitive, products, stores):
        """Score (0-100) and its explanation, from four plain counts."""
        if count <= 1:
            return 0, self.env._("First complaint in 12 months.")
        # Frequency saturates at 12 complaints a year; a share of punitive
        # demands and a spread over many products/stores add to it.
        frequency = 40 * min(1.0, math.log(count) / math.log(12))
        share = punitive / count
        spread = 10 * min(1.0, (products - 1) / 4) + 10 * min(1.0, (stores - 1) / 3)
        score = round(frequency + 40 * share + max(0.0, spread))
        lines = [
            self.env._(
                "%(count)s complaints in the last 12 months (+%(points)s)",
                count=count,
                points=round(frequency),
            ),
            self.env._(
                "%(punitive)s of them demand punitive damages (+%(points)s)",
                punitive=punitive,
                points=round(40 * share),
            ),
            self.env._(
                "%(products)s products and %(stores)s stores concerned (+%(points)s)",
                products=products,
                stores=stores,
                points=round(max(0.0, spread)),
            ),
            self.env._(
                "A hint only: decide case by case; the complaint is handled as "
                "any other."
            ),
        ]
        return min(100, score), "\n".join(lines)
