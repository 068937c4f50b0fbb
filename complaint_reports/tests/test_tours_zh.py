# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journey 6 of issue 20 in a real browser, in zh_CN: the analyst."""

import os
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import insert_complaints


@tagged("post_install", "-at_install")
class TestToursZh(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # A company of its own: demo complaints do not enter the figures.
        cls.company = env["res.company"].create(
            {"name": "上海鲜丰（测试）", "currency_id": env.ref("base.CNY").id}
        )
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.analyst = new_test_user(
            env,
            "zh_analyst",
            groups="consumer_complaint.group_complaint_analyst",
            name="赵分析",
            lang="zh_CN",
            tz="Asia/Shanghai",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        team = env["helpdesk.ticket.team"].create(
            {
                "name": "食品投诉组（测试）",
                "is_complaint_team": True,
                "company_id": cls.company.id,
            }
        )
        parent = env["helpdesk.ticket.category"].create({"name": "食品质量（测试）"})
        cls.category = env["helpdesk.ticket.category"].create(
            {"name": "异味（测试）", "parent_id": parent.id}
        )
        cls.product = env["product.product"].create({"name": "猪肉饺子（测试）"})
        stage = env["helpdesk.ticket.stage"]._complaint_stage
        now = fields.Datetime.now()
        days, hours = timedelta(days=1), timedelta(hours=1)
        # Four months of complaints, none in most of last month's days, and
        # a spike on the product in the last 24 hours.
        closed = [now - n * days for n in (40, 40, 40, 70, 70, 70, 85, 85, 100, 100)]
        history = [now - 40 * hours, now - 41 * hours]
        recent = [now - n * hours for n in range(1, 7)]
        insert_complaints(
            env,
            [dict(create_date=date, stage_id=stage("archived").id) for date in closed]
            + [
                dict(
                    create_date=date,
                    stage_id=stage("accepted").id,
                    product_id=cls.product.id,
                    complaint_deadline=now + 2 * days,
                )
                for date in history + recent
            ],
            company_id=cls.company.id,
            team_id=team.id,
            category_id=cls.category.id,
            region_id=env.ref("base.state_cn_SH").id,
            severity_id=env.ref("consumer_complaint.severity_normal").id,
        )
        cls.alerts = env["complaint.spike.alert"]._detect_spikes(now)
        cls.alert = cls.alerts.filtered(
            lambda a: a.dimension == "product" and a.product_id == cls.product
        )

    def test_analyst_reads_the_reports(self):
        """Dashboard over months, the analysis by month, spike alerts in words
        and the monthly report on a month with complaints."""
        self.assertEqual(len(self.alert), 1)
        self.assertEqual(self.alert.count, 6)
        with patch.dict(os.environ, {"TZ": "Asia/Shanghai"}):
            self.start_tour(
                "/odoo/action-complaint_reports.complaint_dashboard_action",
                "complaint_reports_zh_analyst",
                login=self.analyst.login,
            )
        # Reading changed nothing: the alert waits for a manager.
        self.assertEqual(self.alert.state, "new")
        Wizard = self.env["complaint.health.report"].with_user(self.analyst)
        defaults = Wizard.with_company(self.company).default_get(["year", "month"])
        wizard = Wizard.new(dict(defaults, company_id=self.company.id))
        self.assertTrue(
            self.env["complaint.report"]
            .with_user(self.analyst)
            .search_count(wizard._domain()),
            "the monthly report opens on a month with complaints",
        )
