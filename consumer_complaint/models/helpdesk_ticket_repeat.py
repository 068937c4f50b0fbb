# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    repeat_of_id = fields.Many2one(
        "helpdesk.ticket",
        string="Repeat of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The latest earlier complaint of the same customer or order within "
        "the repeat window.",
    )
    # Indexed for the repeat search (helpdesk_mgmt does not index them).
    partner_id = fields.Many2one(index="btree_not_null")
    partner_email = fields.Char(index="btree_not_null")
    repeat_match = fields.Selection(
        [
            ("partner", "Same customer"),
            ("phone", "Same phone"),
            ("email", "Same e-mail"),
            ("order", "Same order"),
        ],
        string="Repeat because",
        readonly=True,
        copy=False,
    )

    def _complaint_after_create(self):
        res = super()._complaint_after_create()
        self._complaint_detect_repeats()
        return res

    def _complaint_detect_repeats(self):
        """Link each new complaint to the latest earlier complaint of the same
        partner, phone, e-mail or order in its company's window: one query for
        the whole batch."""
        by_days = {}
        for ticket in self:
            days = ticket.company_id.complaint_repeat_days
            if days > 0:
                by_days.setdefault(days, self.browse())
                by_days[days] |= ticket
        # The search reads columns the ORM may still hold in memory.
        self.flush_model()
        repeats = self.browse()
        for days, tickets in by_days.items():
            since = fields.Datetime.now() - timedelta(days=days)
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE helpdesk_ticket h
                       SET is_repeat = TRUE, repeat_of_id = m.old_id,
                           repeat_match = m.match
                      FROM (
                        SELECT DISTINCT ON (n.id) n.id AS new_id, t.id AS old_id,
                               CASE WHEN t.partner_id = n.partner_id THEN 'partner'
                                    WHEN t.order_ref = n.order_ref THEN 'order'
                                    WHEN t.partner_phone = n.partner_phone THEN 'phone'
                                    ELSE 'email' END AS match
                          FROM helpdesk_ticket n
                          JOIN helpdesk_ticket t
                            ON t.company_id = n.company_id
                           AND t.id < n.id
                           AND t.is_complaint
                           AND t.create_date >= %(since)s
                           AND (t.partner_id = n.partner_id
                                OR t.order_ref = n.order_ref
                                OR t.partner_phone = n.partner_phone
                                OR t.partner_email = n.partner_email)
                         WHERE n.id = ANY(%(ids)s)
                         ORDER BY n.id, t.id DESC
                      ) m
                     WHERE h.id = m.new_id
                 RETURNING h.id
                    """,
                    since=since,
                    ids=tickets.ids,
                )
            )
            repeats |= self.browse([row[0] for row in self.env.cr.fetchall()])
        if not repeats:
            return
        repeats.invalidate_recordset(["is_repeat", "repeat_of_id", "repeat_match"])
        # The earlier complaint may be one the registering user cannot read.
        repeats = repeats.sudo()
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": "other",
                    "summary": self.env._(
                        "Repeat complaint of %(number)s",
                        number=ticket.repeat_of_id.number,
                    ),
                    "payload": {"match": ticket.repeat_match},
                }
                for ticket in repeats
            ]
        )
