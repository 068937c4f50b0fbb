# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

# Columns that synthetic complaints may set, with their SQL types.
COLUMNS = {
    "create_date": "timestamp",
    "product_id": "int",
    "lot_ref": "varchar",
    "category_id": "int",
    "region_id": "int",
    "team_id": "int",
    "stage_id": "int",
    "severity_id": "int",
    "first_response_date": "timestamp",
    "closed_date": "timestamp",
    "complaint_deadline": "timestamp",
    "response_sla_met": "boolean",
    "resolution_sla_met": "boolean",
    "is_repeat": "boolean",
    "reopen_count": "int",
    "compensation_amount": "numeric",
    "amount_paid": "numeric",
    "company_id": "int",
}


def insert_complaints(env, rows, **defaults):
    """Insert complaints straight into ``helpdesk_ticket``.

    Hundreds of dated complaints are needed to make a history; creating them
    through the ORM (routing, SLA lines, event log) would take minutes and
    could not back-date them anyway. ``rows`` are dicts over ``COLUMNS``;
    a closed stage without ``closed_date`` closes the complaint when it was
    registered. Returns the new ids in the order of ``rows``.
    """
    if not rows:
        return []
    env.flush_all()
    defaults.setdefault("company_id", env.company.id)
    values = []
    for index, row in enumerate(rows):
        row = dict(defaults, **row)
        values.append(
            SQL(
                "(%s, %s)",
                index,
                SQL(", ").join(
                    SQL("%s::%s", row.get(column), SQL(kind))
                    for column, kind in COLUMNS.items()
                ),
            )
        )
    names = SQL(", ").join(SQL.identifier(column) for column in COLUMNS)
    env.cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, is_complaint, active, priority,
                sequence, create_uid, write_uid, write_date, category_parent_id,
                complaint_state, %(names)s)
            SELECT 'SYN-' || r.n, 'Synthetic complaint', '<p>x</p>', true, true,
                   '1', 10, 1, 1, r.create_date, COALESCE(c.parent_id, c.id),
                   s.complaint_state, r.create_date, r.product_id, r.lot_ref,
                   r.category_id, r.region_id, r.team_id, r.stage_id, r.severity_id,
                   r.first_response_date,
                   COALESCE(r.closed_date,
                            CASE WHEN s.closed THEN r.create_date END),
                   r.complaint_deadline, COALESCE(r.response_sla_met, false),
                   COALESCE(r.resolution_sla_met, false),
                   COALESCE(r.is_repeat, false), COALESCE(r.reopen_count, 0),
                   COALESCE(r.compensation_amount, 0), r.amount_paid, r.company_id
              FROM (VALUES %(values)s) AS r(n, %(names)s)
              LEFT JOIN helpdesk_ticket_category c ON c.id = r.category_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = r.stage_id
             ORDER BY r.n
            RETURNING id
            """,
            names=names,
            values=SQL(", ").join(values),
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.invalidate_all()
    return ids
