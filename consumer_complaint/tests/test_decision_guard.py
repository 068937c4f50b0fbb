# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, datetime

from odoo import Command, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

GUARD_MESSAGE = "can only be changed through"


class DecisionGuardChecks:
    """Table-driven checks of ``complaint.decision.mixin``: each decision
    field of a model is refused in ``create()`` and ``write()`` for the users
    given, and a refused call changes nothing. The other addons' tests mix
    this class in for the fields they add."""

    def _forge(self, model, fname, current):
        """A set value of ``fname`` other than ``current``."""
        field = model._fields[fname]
        kind = field.type
        if kind == "boolean":
            return not current
        if kind == "integer":
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return (current or 0.0) + 12345.5
        if kind in ("char", "text"):
            return "forged"
        if kind == "html":
            return "<p>forged</p>"
        if kind == "binary":
            return base64.b64encode(b"forged")
        if kind == "selection":
            return next(v for v in field.get_values(model.env) if v != current)
        if kind == "date":
            day = date(2001, 2, 3)
            return day if current != day else date(2002, 3, 4)
        if kind == "datetime":
            moment = datetime(2001, 2, 3, 4, 5, 6)
            return moment if current != moment else datetime(2002, 3, 4, 5, 6, 7)
        if kind in ("many2one", "many2many"):
            if isinstance(current, models.BaseModel):
                ids = current.ids
            else:
                ids = [current] if isinstance(current, int) and current else []
            other = (
                model.env[field.comodel_name]
                .sudo()
                .with_context(active_test=False)
                .search([("id", "not in", ids)], limit=1)
            )
            self.assertTrue(other, f"no {field.comodel_name} to forge {fname} with")
            return other.id if kind == "many2one" else [Command.set(other.ids)]
        self.fail(f"no forged value for the {kind} field {fname}")

    def _stored(self, record, fname):
        record.invalidate_recordset([fname])
        return record.sudo()[fname]

    def _guard_applies(self, model, fname, user):
        """Whether the refusal must come from the guard itself: the user may
        write the record (and the field), so nothing else stops them."""
        groups = model._fields[fname].groups
        return not groups or user.has_groups(groups)

    def _assert_write_refused(self, record, users, fnames=None):
        for fname in sorted(fnames or record._complaint_decision_fields()):
            before = self._stored(record, fname)
            value = self._forge(record, fname, before)
            for user in users:
                with self.subTest(model=record._name, field=fname, user=user.login):
                    with self.assertRaises(AccessError) as caught:
                        record.with_user(user).write({fname: value})
                    if record.with_user(user).has_access(
                        "write"
                    ) and self._guard_applies(record, fname, user):
                        self.assertIn(GUARD_MESSAGE, str(caught.exception))
                    self.assertEqual(self._stored(record, fname), before)

    def _assert_create_refused(self, model_name, vals, user, fnames=None):
        Model = self.env[model_name].with_user(user)
        Count = self.env[model_name].sudo().with_context(active_test=False)
        for fname in sorted(fnames or Model._complaint_decision_fields()):
            default = Model.default_get([fname]).get(fname, False)
            value = self._forge(Model, fname, default)
            with self.subTest(model=model_name, field=fname, user=user.login):
                count = Count.search_count([])
                with self.assertRaises(AccessError) as caught:
                    Model.create(dict(vals, **{fname: value}))
                if self._guard_applies(Model, fname, user):
                    self.assertIn(GUARD_MESSAGE, str(caught.exception))
                self.assertEqual(Count.search_count([]), count)


@tagged("post_install", "-at_install")
class TestDecisionGuard(DecisionGuardChecks, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "consumer_complaint.group_complaint_{}".format
        cls.followup = new_test_user(
            cls.env, "cc_dg_followup", groups=groups("followup"), name="Follow-up"
        )
        cls.personal_data = new_test_user(
            cls.env,
            "cc_dg_personal",
            groups=f"{groups('handler')},{groups('personal_data')}",
            name="Personal data",
        )
        cls.roles = (
            cls.handler
            | cls.handler2
            | cls.handler_other
            | cls.supervisor
            | cls.manager
            | cls.receptionist
            | cls.analyst
            | cls.followup
            | cls.personal_data
        )
        # Records the forged many2one values point to.
        cls.env["res.company"].create({"name": "Other company (decision test)"})
        cls.env["complaint.knowledge"].create({"name": "Forged link target"})
        cls.env["complaint.peak.period"].create(
            {
                "name": "Forged peak",
                "date_from": datetime(2001, 1, 1),
                "date_to": datetime(2001, 1, 2),
            }
        )
        # Two, whatever the database holds: one to point at, one to forge.
        cls.env["complaint.triage.model"].create(
            [
                {"version": 998, "source": "synthetic"},
                {"version": 999, "source": "synthetic"},
            ]
        )
        cls.cash = cls.env.ref("consumer_complaint.compensation_type_cash")
        cls.cash.write({"handler_limit": 100, "supervisor_limit": 1000})
        cls.ticket = cls._complaint(amount_paid=200.0, user_id=cls.handler.id)
        cls.earlier = cls._complaint(user_id=cls.handler.id)

    def _events(self, ticket, event_type):
        return ticket.sudo().event_ids.filtered(lambda e: e.event_type == event_type)

    def _to_solution(self, ticket, user):
        ticket = ticket.with_user(user)
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        ticket.solution = "<p>Full refund and a 20 yuan coupon.</p>"
        return ticket

    def _line(self, user, amount, ticket=None):
        return (
            self.env["complaint.compensation.line"]
            .with_user(user)
            .create(
                {
                    "ticket_id": (ticket or self.ticket).id,
                    "type_id": self.cash.id,
                    "amount": amount,
                    "reason": "Sour dumplings, batch 2026-11",
                }
            )
        )

    # Coverage -----------------------------------------------------------

    def test_every_guarded_model_lists_existing_fields(self):
        Mixin = self.env.registry["complaint.decision.mixin"]
        guarded = {
            name
            for name, cls in self.env.registry.items()
            if issubclass(cls, Mixin) and not cls._abstract
        }
        self.assertLessEqual(
            {
                "helpdesk.ticket",
                "helpdesk.ticket.sla",
                "complaint.compensation.line",
                "complaint.triage.model",
                "complaint.hotline",
            },
            guarded,
        )
        for name in guarded:
            with self.subTest(model=name):
                fnames = self.env[name]._complaint_decision_fields()
                self.assertTrue(fnames)
                self.assertLessEqual(fnames, set(self.env[name]._fields))

    # Every decision field, every role -----------------------------------

    def test_ticket_decision_fields_refused(self):
        self._assert_write_refused(self.ticket, self.roles)
        self._assert_create_refused(
            "helpdesk.ticket",
            {
                "name": "Forged",
                "description": "<p>Forged</p>",
                "team_id": self.team.id,
                "partner_id": self.customer.id,
            },
            self.handler,
        )

    def test_compensation_line_decision_fields_refused(self):
        line = self._line(self.handler, 500.0)
        self._assert_write_refused(line, self.roles)
        self._assert_create_refused(
            "complaint.compensation.line",
            {
                "ticket_id": self.ticket.id,
                "type_id": self.cash.id,
                "amount": 50.0,
                "reason": "Forged",
            },
            self.handler,
        )

    def test_sla_line_decision_fields_refused(self):
        sla_line = self.ticket.ticket_sla_ids[:1]
        self.assertTrue(sla_line, "complaint teams get deadlines by severity")
        self._assert_write_refused(sla_line, self.roles)
        self._assert_create_refused(
            "helpdesk.ticket.sla",
            {"ticket_id": self.ticket.id, "sla_id": sla_line.sla_id.id},
            self.handler,
        )
        other = self.env["helpdesk.sla"].search(
            [("id", "!=", sla_line.sla_id.id)], limit=1
        )
        for fname, value in (("sla_id", other.id), ("ticket_id", self.earlier.id)):
            with self.assertRaisesRegex(AccessError, "cannot be moved"):
                sla_line.with_user(self.handler).write({fname: value})
        self.assertEqual(sla_line.ticket_id, self.ticket)

    def test_triage_model_decision_fields_refused(self):
        model = self.env["complaint.triage.model"].search([], limit=1)
        self._assert_write_refused(model, self.manager | self.supervisor)
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            self.env["complaint.triage.model"].with_user(self.manager).create(
                {"version": 1000, "source": "history", "current": True}
            )

    def test_hotline_decision_fields_refused(self):
        Hotline = self.env["complaint.hotline"].with_user(self.receptionist)
        vals = {
            "phone": "13800138000",
            "partner_name": "Caller",
            "category_id": self.category.id,
            "description": "The dumplings smell sour.",
        }
        self._assert_write_refused(Hotline.create(vals), self.receptionist)
        self._assert_create_refused("complaint.hotline", vals, self.receptionist)

    # The action paths still work, and are logged -----------------------

    def test_forged_compensation_approval_refused(self):
        line = self._line(self.handler, 500.0)
        self.assertEqual(line.state, "proposed")
        with self.assertRaisesRegex(AccessError, "must be approved by"):
            line.action_approve()
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            line.write({"state": "approved", "amount": 99999.0})
        self.assertEqual(self._stored(line, "state"), "proposed")
        self.assertEqual(self._stored(line, "amount"), 500.0)
        self.assertFalse(self._stored(line, "approved_by_id"))
        self.assertFalse(self._events(self.ticket, "approval"))
        line.with_user(self.supervisor).action_approve()
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.approved_by_id, self.supervisor)
        self.assertEqual(len(self._events(self.ticket, "approval")), 1)
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            line.write({"state": "done", "reference": "MADE-UP"})
        self.assertEqual(self._stored(line, "state"), "approved")
        self.assertFalse(self._stored(line, "reference"))
        self.env["complaint.compensation.done"].with_user(self.handler).create(
            {"line_ids": [Command.set(line.ids)], "reference": "RF-2026-001"}
        ).action_done()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.done_by_id, self.handler)
        self.assertEqual(line.reference, "RF-2026-001")
        done = self._events(self.ticket, "compensation").filtered(
            lambda e: "RF-2026-001" in e.payload
        )
        self.assertTrue(done, "carrying out is logged with its proof")

    def test_compensation_within_limit_and_rejection(self):
        small = self._line(self.handler, 50.0)
        self.assertEqual(small.state, "approved", "within the handler's own limit")
        self.assertEqual(small.approved_by_id, self.handler)
        big = self._line(self.handler, 600.0)
        self.env["complaint.compensation.reject"].with_user(self.supervisor).create(
            {"line_ids": [Command.set(big.ids)], "reason": "Too much"}
        ).action_reject()
        self.assertEqual(big.state, "rejected")
        self.assertEqual(big.rejected_by_id, self.supervisor)
        self.assertEqual(big.reject_reason, "Too much")

    def test_forged_solution_approval_refused(self):
        ticket = self._complaint(severity_id=self.major.id, user_id=self.handler.id)
        ticket = self._to_solution(ticket, self.handler)
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "review")
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write(
                {"approved_by_id": self.supervisor.id, "approved_date": datetime.now()}
            )
        self.assertFalse(self._stored(ticket, "approved_by_id"))
        with self.assertRaisesRegex(UserError, "approval of a supervisor"):
            ticket.write({"stage_id": self.stage["feedback"].id})
        with self.assertRaisesRegex(UserError, "approval of a supervisor"):
            ticket.with_context(complaint_skip_checks=True).write(
                {"stage_id": self.stage["feedback"].id}
            )
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"complaint_state": "feedback"})
        self.assertEqual(self._stored(ticket, "complaint_state"), "review")
        self.assertFalse(self._events(ticket, "approval"))
        ticket.with_user(self.supervisor).action_complaint_approve()
        self.assertEqual(ticket.approved_by_id, self.supervisor)
        self.assertEqual(ticket.complaint_state, "feedback")
        self.assertEqual(len(self._events(ticket, "approval")), 1)
        # A new solution round needs a new approval.
        ticket.env["complaint.customer.response"].create(
            {"ticket_id": ticket.id, "decision": "reject", "reason": "Too little"}
        ).action_confirm()
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertFalse(ticket.approved_by_id)

    def test_created_at_a_later_step_refused(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        count = Ticket.sudo().search_count([])
        for state in ("feedback", "archived"):
            with self.assertRaisesRegex(AccessError, "Accepted step"):
                Ticket.create(
                    {
                        "name": "Straight to the customer",
                        "team_id": self.team.id,
                        "stage_id": self.stage[state].id,
                    }
                )
        self.assertEqual(Ticket.sudo().search_count([]), count)

    def test_customer_answer_recorded_through_the_wizard(self):
        ticket = self._complaint(user_id=self.handler.id)
        ticket = self._to_solution(ticket, self.handler)
        ticket.action_complaint_submit()
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"customer_response": "accepted"})
        self.assertFalse(self._stored(ticket, "customer_response"))
        ticket.env["complaint.customer.response"].create(
            {"ticket_id": ticket.id, "decision": "accept"}
        ).action_confirm()
        self.assertEqual(ticket.customer_response, "accepted")
        self.assertEqual(ticket.complaint_state, "execution")
        self.assertTrue(self._events(ticket, "customer"))

    def test_system_counters_follow_allowed_moves(self):
        ticket = self._complaint(user_id=self.handler.id).with_user(self.handler)
        ticket.action_complaint_investigate()
        self.assertTrue(ticket.first_response_date)
        ticket.action_complaint_withdraw()
        ticket.action_complaint_reopen()
        self.assertEqual(ticket.reopen_count, 1)
        self.assertEqual(ticket.complaint_state, "accepted")
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"reopen_count": 0, "escalation_count": 0})
        self.assertEqual(self._stored(ticket, "reopen_count"), 1)

    def test_category_confirmed_by_the_agent_only(self):
        ticket = self.earlier.with_user(self.handler)
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"category_confirmed": not ticket.category_confirmed})
        other = self.env["helpdesk.ticket.category"].search(
            [("id", "!=", ticket.category_id.id), ("parent_id", "!=", False)], limit=1
        )
        ticket.write({"category_id": other.id})
        self.assertTrue(ticket.category_confirmed, "choosing a category confirms it")
        ticket.sudo().write({"category_confirmed": False})
        ticket.action_complaint_confirm_category()
        self.assertTrue(ticket.category_confirmed)

    def test_sla_lines_follow_the_stage_moves(self):
        ticket = self._complaint(user_id=self.handler.id).with_user(self.handler)
        self.assertTrue(ticket.ticket_sla_ids)
        ticket.action_complaint_investigate()
        response = ticket.ticket_sla_ids.filtered(
            lambda r: r.complaint_sla_kind == "response"
        )
        self.assertEqual(response.state, "accomplished")

    def test_triage_model_made_current_by_its_button(self):
        Model = self.env["complaint.triage.model"]
        older = Model.create({"version": 1001, "source": "synthetic"})
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            older.with_user(self.manager).write({"current": True})
        self.assertFalse(self._stored(older, "current"))
        with self.assertRaises(AccessError):
            older.with_user(self.supervisor).action_make_current()
        older.with_user(self.manager).action_make_current()
        self.assertEqual(Model.search([("current", "=", True)]), older)

    def test_hotline_registers_through_its_button(self):
        wizard = (
            self.env["complaint.hotline"]
            .with_user(self.receptionist)
            .create(
                {
                    "phone": "13800138000",
                    "partner_name": "Caller",
                    "category_id": self.category.id,
                    "description": "The dumplings smell sour.",
                }
            )
        )
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            wizard.write({"ticket_id": self.ticket.id})
        wizard.action_create()
        self.assertEqual(wizard.state, "done")
        self.assertTrue(wizard.ticket_id.is_complaint)
