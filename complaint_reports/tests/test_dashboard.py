# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL

from .common import insert_complaints

NOW = datetime(2030, 6, 15, 6, 0)


def make_company_setup(env, prefix):
    """A company of its own, so demo complaints do not enter the figures."""
    company = env["res.company"].create({"name": f"{prefix} company"})
    groups = "consumer_complaint.group_complaint_{}".format
    in_company = {"company_id": company.id, "company_ids": [(6, 0, company.ids)]}
    analyst = new_test_user(
        env, f"{prefix}_analyst", groups=groups("analyst"), tz="UTC", **in_company
    )
    handler = new_test_user(
        env, f"{prefix}_handler", groups=groups("handler"), tz="UTC", **in_company
    )
    Team = env["helpdesk.ticket.team"]
    team_a = Team.create(
        {
            "name": f"{prefix} team A",
            "is_complaint_team": True,
            "company_id": company.id,
            "user_ids": [(6, 0, handler.ids)],
        }
    )
    team_b = Team.create(
        {
            "name": f"{prefix} team B",
            "is_complaint_team": True,
            "company_id": company.id,
        }
    )
    return company, analyst, handler, team_a, team_b


@tagged("post_install", "-at_install")
class TestDashboardData(TransactionCase):
    """Dashboard figures on a hand-made company, checked by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        (
            cls.company,
            cls.analyst,
            cls.handler,
            team_a,
            team_b,
        ) = make_company_setup(cls.env, "dash")
        stage = cls.env["helpdesk.ticket.stage"]._complaint_stage
        cls.odor = cls.env.ref("consumer_complaint.category_quality_odor")
        cls.other = cls.env["helpdesk.ticket.category"].create({"name": "Dash other"})
        regions = cls.env["res.country.state"].search(
            [("country_id.code", "=", "CN")], limit=2
        )
        cls.r1, cls.r2 = regions
        h = timedelta(hours=1)
        cls.ids = insert_complaints(
            cls.env,
            [
                # today, open and overdue
                dict(
                    create_date=NOW - 4 * h,
                    team_id=team_a.id,
                    stage_id=stage("investigating").id,
                    category_id=cls.odor.id,
                    region_id=cls.r1.id,
                    complaint_deadline=NOW - h,
                    response_sla_met=True,
                ),
                # closed after 24 h, repeat
                dict(
                    create_date=datetime(2030, 6, 10, 8, 0),
                    closed_date=datetime(2030, 6, 11, 8, 0),
                    team_id=team_a.id,
                    stage_id=stage("archived").id,
                    category_id=cls.odor.id,
                    region_id=cls.r1.id,
                    response_sla_met=True,
                    is_repeat=True,
                ),
                # open, deadline ahead
                dict(
                    create_date=datetime(2030, 6, 14, 8, 0),
                    team_id=team_b.id,
                    stage_id=stage("accepted").id,
                    category_id=cls.other.id,
                    region_id=cls.r2.id,
                    complaint_deadline=datetime(2030, 6, 20),
                ),
                # before the period
                dict(
                    create_date=datetime(2030, 4, 1, 8, 0),
                    closed_date=datetime(2030, 4, 1, 18, 0),
                    team_id=team_b.id,
                    stage_id=stage("archived").id,
                    category_id=cls.other.id,
                    region_id=cls.r2.id,
                ),
                # withdrawn after 12 h
                dict(
                    create_date=datetime(2030, 6, 12, 8, 0),
                    closed_date=datetime(2030, 6, 12, 20, 0),
                    team_id=team_a.id,
                    stage_id=stage("withdrawn").id,
                    category_id=cls.odor.id,
                    region_id=cls.r2.id,
                ),
            ],
            company_id=cls.company.id,
        )
        cls.has_csat = "csat_score" in cls.env["helpdesk.ticket"]
        if cls.has_csat:
            # complaint_survey installed (whole suite): two answers, 5 and 2
            cls.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET csat_score = v.score,"
                    " csat_satisfied = v.score >= 4"
                    " FROM (VALUES (%s, 5), (%s, 2)) AS v(id, score)"
                    " WHERE helpdesk_ticket.id = v.id",
                    cls.ids[1],
                    cls.ids[4],
                )
            )

    def _data(self, user, days=30):
        with freeze_time(NOW):
            return self.env["complaint.report"].with_user(user).get_dashboard_data(days)

    def test_figures_by_hand(self):
        data = self._data(self.analyst)
        kpis = data["kpis"]
        self.assertEqual(
            (kpis["new_today"], kpis["backlog"], kpis["overdue"]), (1, 2, 1)
        )
        self.assertEqual(kpis["period_total"], 4)
        self.assertAlmostEqual(kpis["response_sla_rate"], 50.0)
        # withdrawn excluded: 1 archived of 3
        self.assertAlmostEqual(float(kpis["resolved_rate"]), 100.0 / 3)
        # closed in the period: 24 h and 12 h
        self.assertAlmostEqual(kpis["mttr_hours"], 18.0)
        self.assertAlmostEqual(kpis["repeat_rate"], 25.0)
        self.assertEqual(data["has_csat"], self.has_csat)
        if self.has_csat:
            self.assertAlmostEqual(kpis["csat"], 3.5)
            self.assertAlmostEqual(kpis["csat_satisfied"], 50.0)
        else:
            self.assertIsNone(kpis["csat"])

    def test_trend_top_and_heat_map(self):
        data = self._data(self.analyst)
        trend = {point["date"]: point for point in data["trend"]}
        self.assertEqual(len(trend), 30)
        self.assertEqual(data["trend"][-1]["date"], "2030-06-15")
        self.assertEqual(trend["2030-06-15"]["total"], 1)
        self.assertEqual(
            (trend["2030-06-10"]["total"], trend["2030-06-10"]["closed"]), (1, 1)
        )
        self.assertEqual(sum(point["total"] for point in data["trend"]), 4)
        top = data["top_categories"]
        self.assertEqual(
            [(t["name"], t["count"]) for t in top],
            [(self.odor.name, 3), ("Dash other", 1)],
        )
        self.assertAlmostEqual(top[0]["share"], 75.0)
        heat = data["heat_map"]
        self.assertEqual(heat["columns"][0], self.r1.name)
        rows = {
            row["name"]: dict(zip(heat["columns"], row["cells"], strict=True))
            for row in heat["rows"]
        }
        main = self.odor.parent_id.name
        self.assertEqual(rows[main], {self.r1.name: 2, self.r2.name: 1})
        self.assertEqual(rows["Dash other"], {self.r1.name: 0, self.r2.name: 1})
        self.assertEqual(heat["max"], 2)

    def test_shorter_period(self):
        data = self._data(self.analyst, days=5)
        kpis = data["kpis"]
        self.assertEqual(data["trend"][0]["date"], "2030-06-11")
        # the 10 June complaint falls out
        self.assertEqual(kpis["period_total"], 3)
        self.assertEqual(kpis["backlog"], 2)

    def test_handler_sees_own_teams_only(self):
        data = self._data(self.handler)
        kpis = data["kpis"]
        self.assertEqual((kpis["backlog"], kpis["period_total"]), (1, 3))
        self.assertEqual([t["count"] for t in data["top_categories"]], [3])

    def test_domains_open_the_same_complaints(self):
        data = self._data(self.analyst)
        Report = self.env["complaint.report"].with_user(self.analyst)
        with freeze_time(NOW):
            for key in ("backlog", "overdue", "new_today"):
                self.assertEqual(
                    Report.search_count(data["domains"][key]), data["kpis"][key], key
                )


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        company, analyst, _handler, team_a, _team_b = make_company_setup(env, "tour")
        stage = env["helpdesk.ticket.stage"]._complaint_stage
        category = env["helpdesk.ticket.category"].create(
            {"name": "Dashboard tour smell"}
        )
        region = env["res.country.state"].search(
            [("country_id.code", "=", "CN")], limit=1
        )
        now = datetime.now()
        insert_complaints(
            env,
            [
                dict(
                    create_date=now - timedelta(days=2),
                    stage_id=stage("investigating").id,
                    complaint_deadline=now - timedelta(hours=3),
                ),
                dict(
                    create_date=now - timedelta(days=3),
                    stage_id=stage("accepted").id,
                    complaint_deadline=now + timedelta(days=3),
                ),
                dict(
                    create_date=now - timedelta(days=20),
                    stage_id=stage("archived").id,
                    response_sla_met=True,
                ),
            ],
            company_id=company.id,
            team_id=team_a.id,
            category_id=category.id,
            region_id=region.id,
        )
        self.start_tour("/odoo", "complaint_reports_dashboard", login=analyst.login)
