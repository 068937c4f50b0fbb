# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scores of questions the customer did not answer were stored as 0, which
lists showed as a satisfaction of 0 and averages counted. They are empty
(NULL) now: 0 is no valid answer to the 1-5 questions, and a recommendation
of 0 is only kept where its NPS category says it was answered."""

from odoo.tools import SQL


def migrate(cr, version):
    for column in ("csat_score", "speed_score", "attitude_score"):
        cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET %(column)s = NULL WHERE %(column)s = 0",
                column=SQL.identifier(column),
            )
        )
    cr.execute(
        "UPDATE helpdesk_ticket SET nps_score = NULL"
        " WHERE nps_score = 0 AND nps_category IS NULL"
    )
