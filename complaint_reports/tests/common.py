# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

# Columns that synthetic complaints may set, in insertion order.
COLUMNS = (
    "create_date",
    "product_id",
    "lot_ref",
    "category_id",
    "region_id",
    "team_id",
    "stage_id",
)


def insert_complaints(env, rows, **defaults):
    """Insert complaints straight into ``helpdesk_ticket``.

    Hundreds of dated complaints are needed to make a history; creating them
    through the ORM (routing, SLA lines, event log) would take minutes and
    could not back-date them anyway. ``rows`` are dicts over ``COLUMNS``.
    Returns the new ids in the order of ``rows``.
    """
    if not rows:
        return []
    env.flush_all()
    values = []
    for index, row in enumerate(rows):
        row = dict(defaults, **row)
        values.append(
            SQL(
                "(%s, %s::timestamp, %s::int, %s::varchar,"
                " %s::int, %s::int, %s::int, %s::int)",
                index,
                *(row.get(column) for column in COLUMNS),
            )
        )
    env.cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, company_id, is_complaint, active,
                priority, sequence, create_uid, write_uid, write_date,
                create_date, product_id, lot_ref, category_id, category_parent_id,
                region_id, team_id, stage_id, complaint_state, closed_date)
            SELECT 'SYN-' || r.n, 'Synthetic complaint', '<p>x</p>', %(company)s,
                   true, true, '1', 10, 1, 1, r.created,
                   r.created, r.product_id, r.lot_ref, r.category_id,
                   COALESCE(c.parent_id, c.id), r.region_id, r.team_id, r.stage_id,
                   s.complaint_state, CASE WHEN s.closed THEN r.created END
              FROM (VALUES %(values)s) AS r(n, created, product_id, lot_ref,
                        category_id, region_id, team_id, stage_id)
              LEFT JOIN helpdesk_ticket_category c ON c.id = r.category_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = r.stage_id
             ORDER BY r.n
            RETURNING id
            """,
            company=env.company.id,
            values=SQL(", ").join(values),
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.invalidate_all()
    return ids
