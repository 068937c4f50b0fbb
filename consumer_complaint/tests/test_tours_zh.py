# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The journeys of issue 20 in a real browser, in zh_CN (Beijing time).

Each tour is run by a user of exactly one role, checks that the screens it
passes show no English label, and walks through the step that was broken;
the records it leaves are checked here afterwards. The browser runs in the
Beijing time zone, as the users' browsers do.
"""

import os
from datetime import datetime, time, timedelta
from unittest.mock import patch

import pytz
from freezegun import freeze_time
from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

BEIJING = pytz.timezone("Asia/Shanghai")


class ComplaintZhTourCase(HttpCase):
    """Chinese fixtures shared by the zh_CN journeys (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("consumer_complaint.intake_rate_ip_hour", 1000)
        ICP.set_param("consumer_complaint.intake_rate_contact_day", 1000)
        # A mainland company counts in yuan.
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.env.company.currency_id = cny
        groups = "consumer_complaint.group_complaint_{}".format
        zh = {"lang": "zh_CN", "tz": "Asia/Shanghai"}
        cls.receptionist = new_test_user(
            cls.env, "zh_reception", groups=groups("receptionist"), name="王前台", **zh
        )
        cls.handler = new_test_user(
            cls.env,
            "zh_handler",
            groups=groups("handler"),
            name="李处理",
            email="zh_handler@example.com",
            **zh,
        )
        cls.supervisor = new_test_user(
            cls.env,
            "zh_supervisor",
            groups=groups("supervisor"),
            name="张主管",
            email="zh_supervisor@example.com",
            **zh,
        )
        cls.portal_user = new_test_user(
            cls.env,
            "zh_portal",
            groups="base.group_portal",
            name="李雷",
            email="li.lei@example.com",
            **zh,
        )
        calendar = cls.env["resource.calendar"].create(
            {"name": "上海办公时间（测试）", "tz": "Asia/Shanghai"}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "食品投诉组（测试）",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": calendar.id,
                "user_id": cls.supervisor.id,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        ICP.set_param("consumer_complaint.intake_team_id", cls.team.id)
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")
        cls.urgent = cls.env.ref("consumer_complaint.severity_urgent")
        cls.major = cls.env.ref("consumer_complaint.severity_major")
        Category = cls.env["helpdesk.ticket.category"]
        cls.parent_category = Category.create(
            {
                "name": "食品质量（测试）",
                "default_team_id": cls.team.id,
                "show_in_portal": True,
            }
        )
        cls.category = Category.create(
            {
                "name": "异味（测试）",
                "parent_id": cls.parent_category.id,
                "default_team_id": cls.team.id,
                "default_severity_id": cls.urgent.id,
                "show_in_portal": True,
            }
        )
        # A helpdesk category (no complaint team): not for complaints.
        Category.create({"name": "网络故障（测试）", "show_in_portal": True})
        Product = cls.env["product.product"]
        cls.product = Product.create({"name": "猪肉饺子（测试）", "sale_ok": True})
        Product.create({"name": "布艺沙发（测试）", "sale_ok": True})
        cls.cash = cls.env["complaint.compensation.type"].create(
            {
                "name": "现金补偿（测试）",
                "kind": "cash",
                "amount_rule": "fixed",
                "amount_value": 89.90,
                "currency_id": cny.id,
                "handler_limit": 50,
                "supervisor_limit": 1000,
                "reference_required": True,
            }
        )
        cls.customer = cls.portal_user.partner_id
        cls.stage = cls.env["helpdesk.ticket.stage"]._complaint_stage

    # Helpers -------------------------------------------------------------

    @classmethod
    def _complaint(cls, **vals):
        values = {
            "name": "香肠有哈喇味",
            "description": "<p>刚买的香肠有一股哈喇味。</p>",
            "team_id": cls.team.id,
            "category_id": cls.category.id,
            "partner_id": cls.customer.id,
            "severity_id": cls.normal.id,
            "user_id": cls.handler.id,
        }
        values.update(vals)
        Ticket = cls.env["helpdesk.ticket"].with_context(complaint_mode=True)
        return Ticket.create(values)

    @classmethod
    def _line(cls, ticket, user=None, **vals):
        Line = cls.env["complaint.compensation.line"]
        if user:
            Line = Line.with_user(user)
        values = {"ticket_id": ticket.id, "type_id": cls.cash.id}
        values.update({"reason": "按规定补偿"}, **vals)
        return Line.create(values).sudo()

    @classmethod
    def _to_feedback(cls, ticket, solution):
        ticket.solution = solution
        ticket._complaint_move_to("investigating")
        ticket._complaint_move_to("solution")
        ticket.action_complaint_submit()

    def _tickets(self):
        return self.env["helpdesk.ticket"].search([("is_complaint", "=", True)])

    def _start_tour_beijing(self, url, tour, **kwargs):
        # The browser runs in Beijing time, as the users' browsers do: "today"
        # on the screen is the Beijing day.
        with patch.dict(os.environ, {"TZ": "Asia/Shanghai"}):
            self.start_tour(url, tour, **kwargs)

    @staticmethod
    def _beijing_today():
        return fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(BEIJING).date()


@tagged("post_install", "-at_install")
class TestToursZh(ComplaintZhTourCase):
    def test_guest_on_a_phone(self):
        """Journey 1: complaint categories only, a product search, and a
        promise with its date and time, counted in calendar hours."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        before = self._tickets()
        self._start_tour_beijing(
            "/complaint/new",
            "consumer_complaint_zh_guest",
            cookies={"frontend_lang": "zh_CN"},
        )
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_web_form")
        )
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.partner_phone, "13811112222")
        self.assertEqual(ticket.severity_id, self.urgent)
        # 48 hours around the clock, not 48 working hours.
        self.assertEqual(
            ticket.resolution_deadline - ticket.create_date, timedelta(hours=48)
        )

    def test_portal_customer_rejects_the_solution(self):
        """Journey 2: on a phone, the solution before 我接受该方案, money in
        yuan, no second listing under /my/tickets, the reason shown back."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        ticket = self._complaint(name="香肠里有塑料片", demand="refund")
        self._line(ticket)
        self._to_feedback(ticket, "<p>退还一半货款 89.90 元，并致歉。</p>")
        self.assertEqual(ticket.complaint_state, "feedback")
        self._start_tour_beijing(
            "/my", "consumer_complaint_zh_portal", login=self.portal_user.login
        )
        self.env.invalidate_all()
        self.assertEqual(ticket.customer_response, "rejected")
        self.assertEqual(
            ticket.customer_response_reason, "只退一半不够，我要求全额退款。"
        )

    def test_receptionist_hotline_severity(self):
        """Journey 3: the wizard shows the severity the complaint is saved with."""
        before = self._tickets()
        self._start_tour_beijing(
            "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
            "consumer_complaint_zh_receptionist",
            login=self.receptionist.login,
        )
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.severity_id, self.major)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_hotline")
        )
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.partner_id.name, "韩梅梅")
        self.assertEqual(ticket.create_uid, self.receptionist)

    def test_handler_carries_out_compensation(self):
        """Journey 4: Chinese list, search and form; 执行 is left only once
        the approved compensation is carried out; the dialog closes with 关闭."""
        ticket = self._complaint(demand="compensation")
        line = self._line(ticket)
        self.assertEqual(line.state, "approved")
        self._to_feedback(ticket, "<p>现金补偿 89.90 元。</p>")
        ticket._complaint_customer_accept()
        self.assertEqual(ticket.complaint_state, "execution")
        # The refused move is the point of the journey: odoo.http logs the
        # UserError the handler sees as a warning.
        with mute_logger("odoo.http"):
            self._start_tour_beijing(
                "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
                "consumer_complaint_zh_handler",
                login=self.handler.login,
            )
        self.env.invalidate_all()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.reference, "RF20261203-0042")
        self.assertEqual(line.done_by_id, self.handler)
        self.assertEqual(ticket.complaint_state, "followup")

    def test_supervisor_decides_from_the_queue(self):
        """Journey 5: approve and reject in the queue's rows; the activity of
        a major complaint filed at 01:05 Beijing time is due that day."""
        first = self._complaint(name="香肠整批变质", demand="refund")
        second = self._complaint(name="包装破损", demand="compensation")
        for ticket in first | second:
            ticket._complaint_move_to("investigating")
        approve = self._line(
            first, user=self.handler, amount=300, reason="甲：香肠整批变质，按规定退款"
        )
        reject = self._line(
            second,
            user=self.handler,
            amount=200,
            reason="乙：包装轻微破损，要求赔偿过高",
        )
        self.assertEqual((approve | reject).mapped("state"), ["proposed"] * 2)
        # Filed at 01:05 in Beijing, 17:05 the day before in UTC.
        today = self._beijing_today()
        night = BEIJING.localize(datetime.combine(today, time(1, 5)))
        with freeze_time(night.astimezone(pytz.utc).replace(tzinfo=None)):
            major = self._complaint(
                name="多人吃了香肠后呕吐",
                severity_id=self.major.id,
                user_id=False,
            )
            # The intake job gives the supervisor the activity after commit.
            self.env.cr.flush()
        activity = major.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("consumer_complaint.mail_activity_complaint_major")
            )
        )
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertEqual(activity.date_deadline, today)
        self.assertEqual(activity.summary, "已登记重大投诉")
        self._start_tour_beijing(
            "/odoo/action-consumer_complaint.complaint_compensation_line_action",
            "consumer_complaint_zh_supervisor",
            login=self.supervisor.login,
        )
        self.env.invalidate_all()
        self.assertEqual(approve.state, "approved")
        self.assertEqual(approve.approved_by_id, self.supervisor)
        self.assertEqual(reject.state, "rejected")
        self.assertEqual(reject.rejected_by_id, self.supervisor)
        self.assertEqual(reject.reject_reason, "损坏轻微，已为顾客换货，不另行赔偿。")
