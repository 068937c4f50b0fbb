# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestComplaintReport(TransactionCase):
    """KPIs on a small hand-made data set, checked against hand-computed values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "consumer_complaint.group_complaint_{}".format
        cls.handler = new_test_user(cls.env, "rep_handler", groups=groups("handler"))
        cls.analyst = new_test_user(cls.env, "rep_analyst", groups=groups("analyst"))
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create(
            {
                "name": "Report team A",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        cls.team_b = Team.create(
            {
                "name": "Report team B",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
            }
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.category = cls.env.ref("consumer_complaint.category_quality_odor")
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")

        def complaint(
            team, state, hours_to_response, hours_to_close, met, repeat, comp
        ):
            ticket = cls.env["helpdesk.ticket"].create(
                {
                    "name": f"KPI {state}",
                    "description": "<p>x</p>",
                    "team_id": team.id,
                    "category_id": cls.category.id,
                    "severity_id": cls.normal.id,
                }
            )
            created = datetime(2026, 10, 5, 8, 0)
            cls.env.flush_all()
            cls.env.cr.execute(
                SQL(
                    """
                    UPDATE helpdesk_ticket SET create_date = %(created)s,
                        stage_id = %(stage)s, complaint_state = %(state)s,
                        first_response_date = %(created)s
                            + make_interval(hours => %(resp)s),
                        closed_date = CASE WHEN %(close)s IS NULL THEN NULL
                            ELSE %(created)s + make_interval(hours => %(close)s) END,
                        response_sla_met = %(met)s, is_repeat = %(repeat)s,
                        compensation_amount = %(comp)s
                     WHERE id = %(id)s
                    """,
                    created=created,
                    stage=Stage._complaint_stage(state).id,
                    state=state,
                    resp=hours_to_response,
                    close=hours_to_close,
                    met=met,
                    repeat=repeat,
                    comp=comp,
                    id=ticket.id,
                )
            )
            return ticket

        cls.t1 = complaint(cls.team_a, "archived", 2, 24, True, False, 100.0)
        cls.t2 = complaint(cls.team_a, "archived", 6, 48, False, True, 0.0)
        cls.t3 = complaint(cls.team_a, "investigating", 1, None, True, False, 0.0)
        cls.t4 = complaint(cls.team_b, "withdrawn", 3, 12, True, False, 50.0)
        cls.env.invalidate_all()
        cls.ids = (cls.t1 | cls.t2 | cls.t3 | cls.t4).ids

    def _totals(self, env=None):
        Report = (env or self.env)["complaint.report"]
        rows = Report._read_group(
            [("ticket_id", "in", self.ids)],
            [],
            [
                "nbr:sum",
                "first_response_hours:avg",
                "resolution_hours:avg",
                "response_sla_rate:avg",
                "resolved_rate:avg",
                "repeat_rate:avg",
                "compensation_amount:sum",
            ],
        )
        return rows[0]

    def test_kpis_by_hand(self):
        nbr, first, close, sla, resolved, repeat, compensation = self._totals()
        self.assertEqual(nbr, 4)
        # (2 + 6 + 1 + 3) / 4
        self.assertAlmostEqual(first, 3.0)
        # closed ones only: archived 24 h and 48 h, withdrawn 12 h → 84 / 3
        self.assertAlmostEqual(close, 28.0)
        # 3 of 4 met
        self.assertAlmostEqual(sla, 75.0)
        # withdrawn excluded: 2 archived of 3
        self.assertAlmostEqual(resolved, 200.0 / 3)
        self.assertAlmostEqual(repeat, 25.0)
        self.assertAlmostEqual(compensation, 150.0)

    def test_group_by_month_and_category(self):
        groups = self.env["complaint.report"]._read_group(
            [("ticket_id", "in", self.ids)],
            ["create_date:month", "category_parent_id"],
            ["nbr:sum"],
        )
        self.assertEqual(len(groups), 1)
        month, category, count = groups[0]
        self.assertEqual((month.year, month.month), (2026, 10))
        self.assertEqual(category, self.category.parent_id)
        self.assertEqual(count, 4)

    def test_handler_sees_only_own_team(self):
        rows = (
            self.env["complaint.report"]
            .with_user(self.handler)
            .search([("ticket_id", "in", self.ids)])
        )
        self.assertEqual(set(rows.mapped("team_id").ids), {self.team_a.id})
        nbr = self._totals(self.env(user=self.handler))[0]
        self.assertEqual(nbr, 3)

    def test_analyst_sees_all(self):
        self.assertEqual(self._totals(self.env(user=self.analyst))[0], 4)

    def test_no_personal_data_columns(self):
        fields = self.env["complaint.report"]._fields
        for fname in ("partner_phone", "partner_email", "contact_address", "id_number"):
            self.assertNotIn(fname, fields)

    def test_times_are_empty_until_answered_or_closed(self):
        """An open complaint without a first response has no response time
        nor time to close: empty, not 0 h, so the averages stay right."""
        waiting = self.env["helpdesk.ticket"].create(
            {
                "name": "KPI waiting",
                "description": "<p>x</p>",
                "team_id": self.team_a.id,
                "category_id": self.category.id,
                "severity_id": self.normal.id,
            }
        )
        self.assertEqual(waiting.complaint_state, "accepted")
        self.assertFalse(waiting.first_response_date)
        Report = self.env["complaint.report"]
        Report.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT r.id, r.first_response_hours, r.resolution_hours"
                " FROM (%s) r WHERE r.id IN %s ORDER BY r.id",
                Report._table_query,
                (waiting.id, self.t3.id),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.assertEqual(rows[waiting.id], (None, None))
        # Answered after 1 h, still open: a response time, no time to close.
        self.assertAlmostEqual(float(rows[self.t3.id][0]), 1.0)
        self.assertIsNone(rows[self.t3.id][1])
        # The averages ignore what is not there yet.
        [(first, close)] = Report._read_group(
            [("ticket_id", "in", [*self.ids, waiting.id])],
            [],
            ["first_response_hours:avg", "resolution_hours:avg"],
        )
        self.assertAlmostEqual(first, 3.0)
        self.assertAlmostEqual(close, 28.0)
        # The list shows an empty cell rather than 0.00.
        arch = Report.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('invisible="not first_response_date"', arch)
        self.assertIn('invisible="not is_closed or not closed_date"', arch)
