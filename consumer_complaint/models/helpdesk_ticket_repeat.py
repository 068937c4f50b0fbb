# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Who complained: what makes a complaint a repeat, most telling first. The
# order is the purchase itself; the other keys only say it is the same
# customer (helpdesk_ticket_contact), who must also complain about the same
# order, product or category.
REPEAT_KEYS = [
    ("partner_id", "partner"),
    ("order_ref", "order"),
    ("partner_phone", "phone"),
    ("partner_email", "email"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    repeat_of_id = fields.Many2one(
        "helpdesk.ticket",
        string="Repeat of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The latest earlier complaint of the same customer about the same "
        "order, product or category within the repeat window.",
    )
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

    @api.model
    def _complaint_decision_fields(self):
        # Found by the intake in SQL; is_repeat is listed with its field.
        return super()._complaint_decision_fields() | {"repeat_of_id", "repeat_match"}

    def _complaint_before_log(self):
        res = super()._complaint_before_log()
        self._complaint_detect_repeats()
        return res

    def _complaint_intake_payload(self, ticket):
        payload = super()._complaint_intake_payload(ticket)
        if ticket.repeat_of_id:
            # sudo: the earlier complaint may be one the user cannot read.
            payload["repeat_of"] = ticket.repeat_of_id.sudo().number or ""
            payload["repeat_match"] = ticket.repeat_match
        return payload

    def _complaint_init_repeat_indexes(self):
        """(key, create date) indexes: the latest earlier complaint of a
        customer or an order is then one step of a backward index scan,
        whether that customer has no complaint or thousands. The key is the
        value the repeat search compares (``_complaint_contact_expr``): the
        e-mail address in lower case."""
        for column, _match in REPEAT_KEYS:
            expr = self._complaint_contact_expr(column)
            name = f"helpdesk_ticket_{column}_create_date_idx"
            if expr != SQL.identifier(column):
                # An index on the column itself would not serve the search.
                self.env.cr.execute(
                    SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name))
                )
                name = f"helpdesk_ticket_{column}_key_create_date_idx"
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s "
                    "ON helpdesk_ticket (%s, create_date) WHERE %s IS NOT NULL",
                    SQL.identifier(name),
                    expr,
                    SQL.identifier(column),
                )
            )

    @api.model
    def _complaint_repeat_arm(self, column, match, priority, ids, since):
        """The latest earlier complaint sharing one key with each new one
        and, unless the key is the order, its subject."""
        expr = self._complaint_contact_expr
        subject = (
            SQL("TRUE")
            if match == "order"
            else SQL(
                "(t.order_ref = n.order_ref OR t.product_id = n.product_id"
                " OR t.category_id = n.category_id)"
            )
        )
        return SQL(
            """
            SELECT n.id AS new_id, p.id AS old_id, p.create_date AS created,
                   %(match)s AS match, %(priority)s AS priority
              FROM helpdesk_ticket n
              CROSS JOIN LATERAL (
                    SELECT t.id, t.create_date FROM helpdesk_ticket t
                     WHERE %(t_key)s = %(n_key)s AND t.%(col)s IS NOT NULL
                       AND t.id < n.id
                       AND t.company_id = n.company_id AND t.is_complaint
                       AND t.create_date >= %(since)s AND %(subject)s
                     ORDER BY t.create_date DESC, t.id DESC
                     LIMIT 1) p
             WHERE n.id = ANY(%(ids)s) AND n.%(col)s IS NOT NULL
            """,
            col=SQL.identifier(column),
            t_key=expr(column, "t"),
            n_key=expr(column, "n"),
            match=match,
            priority=priority,
            ids=ids,
            since=since,
            subject=subject,
        )

    def _complaint_detect_repeats(self):
        """Link each new complaint to the latest earlier complaint on the same
        order, or of the same partner, phone or e-mail about the same product
        or category, in its company's window: one query for the whole batch."""
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
                        SELECT DISTINCT ON (c.new_id) c.new_id, c.old_id, c.match
                          FROM (%(candidates)s) c
                         ORDER BY c.new_id, c.created DESC, c.old_id DESC, c.priority
                      ) m
                     WHERE h.id = m.new_id
                 RETURNING h.id
                    """,
                    candidates=SQL(" UNION ALL ").join(
                        self._complaint_repeat_arm(
                            column, match, priority, tickets.ids, since
                        )
                        for priority, (column, match) in enumerate(REPEAT_KEYS)
                    ),
                )
            )
            repeats |= self.browse([row[0] for row in self.env.cr.fetchall()])
        if repeats:
            repeats.invalidate_recordset(["is_repeat", "repeat_of_id", "repeat_match"])
