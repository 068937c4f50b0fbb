# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reads the satisfaction answers of complaints, over JSON-RPC too.

Answers follow the rules of their complaint; their token (the link that
answers in the customer's name) is never readable by the complaint desk;
the customer's contact is masked like on the complaint.
"""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyAccess(ComplaintSurveyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()
        cls.handler_y = new_test_user(
            cls.env,
            "cs_handler_y",
            groups="consumer_complaint.group_complaint_handler",
            name="Handler Y",
            lang="en_US",
        )
        cls.personal = new_test_user(
            cls.env,
            "cs_personal",
            groups="consumer_complaint.group_complaint_supervisor,"
            "consumer_complaint.group_complaint_personal_data",
            name="Data Officer",
            lang="en_US",
        )
        team_y = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Team Y (survey access)",
                "is_complaint_team": True,
                "user_ids": [(6, 0, cls.handler_y.ids)],
            }
        )
        cls.ticket_x = cls._complaint(name="Of team X")
        cls.ticket_y = cls._complaint(
            name="Of team Y",
            team_id=team_y.id,
            user_id=cls.handler_y.id,
            partner_id=cls.customer_b.id,
        )
        cls.ticket_back = cls._complaint(name="Back in execution")
        cls.tickets = cls.ticket_x | cls.ticket_y | cls.ticket_back
        cls._move(cls.tickets, "followup")
        cls.answers = cls.tickets.survey_user_input_id
        cls.answers.write(
            {"email": "customer.a@example.com", "nickname": "Little Dragon"}
        )
        # Reopened after the survey was sent: no longer the follow-up's.
        cls._move(cls.ticket_back, "execution")
        cls.answer_x = cls.ticket_x.survey_user_input_id
        cls.roles = {
            "handler of team X": cls.handler,
            "handler of team Y": cls.handler_y,
            "follow-up agent": cls.agent,
            "supervisor": cls.supervisor,
            "analyst": cls.analyst,
            "portal customer": cls.portal_a,
        }

    def _rpc(self, user, model, method, *args, **kwargs):
        self.authenticate(user.login, user.login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        if "result" in body:
            return "ok", body["result"]
        return body["error"]["data"]["name"].rsplit(".", 1)[-1], body["error"]

    def test_fixture_has_one_answer_per_complaint(self):
        self.assertEqual(len(self.answers), 3)
        self.assertEqual(self.answers.complaint_id, self.tickets)

    def test_answers_follow_their_complaint(self):
        self._answer(self.answer_x)
        lines = self.answers.user_input_line_ids
        self.assertTrue(lines)
        for role, user in self.roles.items():
            readable = (
                self.env["helpdesk.ticket"]
                .with_user(user)
                .search([("id", "in", self.tickets.ids)])
            )
            for model, records, link in (
                ("survey.user_input", self.answers, "complaint_id"),
                ("survey.user_input.line", lines, "user_input_id.complaint_id"),
            ):
                with self.subTest(role=role, model=model):
                    Model = self.env[model].with_user(user)
                    if not Model.has_access("read"):
                        with self.assertRaises(AccessError):
                            Model.search([("id", "in", records.ids)])
                        continue
                    visible = Model.search([("id", "in", records.ids)])
                    expected = records.filtered_domain([(link, "in", readable.ids)])
                    self.assertEqual(visible.sudo(), expected)
        # The fixture tells the roles apart.
        Answer = self.env["survey.user_input"]
        self.assertEqual(
            Answer.with_user(self.handler_y).search([("id", "in", self.answers.ids)]),
            self.ticket_y.survey_user_input_id,
        )
        self.assertNotIn(
            self.ticket_back.survey_user_input_id,
            Answer.with_user(self.agent).search([("id", "in", self.answers.ids)]),
        )

    def test_token_is_not_readable_by_the_desk(self):
        tokens = self.answers.mapped("access_token")
        for role, user in self.roles.items():
            # An answer the role reads: the token is what is refused.
            answer = (
                self.env["survey.user_input"]
                .with_user(user)
                .search([("id", "in", self.answers.ids)], limit=1)
                if not user.share
                else self.answer_x
            )
            self.assertTrue(answer, role)
            calls = {
                "read": ("read", answer.ids, ["access_token"]),
                "search": ("search_read", [("access_token", "in", tokens)], ["id"]),
                "group by": ("read_group", [], ["access_token"], ["access_token"]),
            }
            for what, (method, *args) in calls.items():
                with self.subTest(role=role, call=what):
                    outcome, _result = self._rpc(
                        user, "survey.user_input", method, *args
                    )
                    self.assertEqual(outcome, "AccessError")
            with self.subTest(role=role, call="read all fields"):
                outcome, rows = self._rpc(
                    user,
                    "survey.user_input",
                    "search_read",
                    [("id", "in", self.answers.ids)],
                )
                if user.share:
                    self.assertEqual(outcome, "AccessError")
                    continue
                self.assertEqual(outcome, "ok", rows)
                self.assertTrue(rows)
                self.assertNotIn("access_token", rows[0])
                for token in tokens:
                    self.assertNotIn(token, json.dumps(rows))

    def test_customer_reads_survey_state_of_own_complaint(self):
        outcome, rows = self._rpc(
            self.portal_a,
            "helpdesk.ticket",
            "read",
            self.ticket_x.ids,
            ["survey_status", "survey_can_answer", "csat_score"],
        )
        self.assertEqual(outcome, "ok", rows)
        self.assertEqual(rows[0]["survey_status"], "sent")
        outcome, _error = self._rpc(
            self.portal_a, "helpdesk.ticket", "read", self.ticket_x.ids, ["nps_score"]
        )
        self.assertEqual(outcome, "AccessError")

    def test_contact_masked_without_personal_data_role(self):
        masked = self.answer_x.with_user(self.supervisor).read(["email", "nickname"])
        self.assertEqual(masked[0]["email"], "c***@example.com")
        self.assertEqual(masked[0]["nickname"], "L***")
        full = self.answer_x.with_user(self.personal).read(["email", "nickname"])
        self.assertEqual(full[0]["email"], "customer.a@example.com")
        self.assertEqual(full[0]["nickname"], "Little Dragon")
        self.supervisor.groups_id += self.env.ref("base.group_allow_export")
        exported = self.answer_x.with_user(self.supervisor).export_data(
            ["email", "nickname"]
        )
        self.assertEqual(exported["datas"], [["c***@example.com", "L***"]])
        # Nor through a grouping, a search or an order on them, as an
        # attacker would call them over JSON-RPC.
        Answer = self.env["survey.user_input"]
        mine = [("complaint_id", "=", self.ticket_x.id)]
        for user in (self.supervisor, self.analyst, self.handler):
            with self.subTest(user=user.login):
                As = Answer.with_user(user)
                self.assertTrue(As.search(mine))
                for fname in ("email", "nickname"):
                    groups = As.read_group(mine, [fname], [fname])
                    self.assertFalse(
                        [g for g in groups if g[fname] and "***" not in g[fname]]
                    )
                self.assertFalse(As.search(mine + [("email", "=like", "customer.a@%")]))
                self.assertFalse(As.search(mine + [("nickname", "ilike", "Dragon")]))
                # an order on them is ignored: the rows' order would tell them
                self.assertEqual(As.search(mine, order="email desc"), self.answer_x)
        Full = Answer.with_user(self.personal)
        self.assertTrue(Full.search(mine + [("email", "=like", "customer.a@%")]))
        groups = Full.read_group(mine, ["email"], ["email"])
        self.assertEqual([g["email"] for g in groups], ["customer.a@example.com"])

    def test_desk_prints_answered_surveys_only(self):
        answer = self.answer_x.with_user(self.handler)
        with self.assertRaises(UserError):
            answer.action_print_answers()
        self._answer(self.answer_x)
        action = answer.action_print_answers()
        self.assertEqual(action["type"], "ir.actions.act_url")
        with self.assertRaises(AccessError):
            self.answer_x.with_user(self.handler_y).action_print_answers()
