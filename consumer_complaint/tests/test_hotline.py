# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestHotline(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.default_team_id = cls.team
        cls.caller = cls.env["res.partner"].create(
            {"name": "李四", "mobile": "+86 139 1234 5678", "email": "lisi@example.com"}
        )
        cls.old_one = cls._complaint(partner_id=cls.caller.id)
        cls.old_two = cls._complaint(partner_id=cls.caller.id, name="Late parcel")
        cls.Hotline = cls.env["complaint.hotline"].with_user(cls.receptionist)

    def test_lookup_by_phone_and_proposed_severity(self):
        with Form(self.Hotline) as form:
            form.phone = "139-1234-5678"
            self.assertEqual(form.partner_id, self.caller)
            self.assertEqual(form.complaint_count, 2)
            self.assertIn(self.old_two.number, form.previous_complaints)
            form.category_id = self.category
            self.assertEqual(form.severity_id, self.category._complaint_severity())
            form.severity_id = self.major
            form.description = "The dumplings I bought yesterday smell sour."
            form.demand = "refund"
        wizard = form.record
        action = wizard.action_create()
        ticket = wizard.ticket_id
        self.assertEqual(wizard.state, "done")
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.ticket_number, ticket.number)
        self.assertTrue(ticket.number.startswith("TS"))
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_hotline")
        )
        self.assertEqual(ticket.channel_code, "hotline")
        self.assertEqual(ticket.partner_id, self.caller)
        self.assertEqual(ticket.partner_phone, "13912345678")
        self.assertEqual(ticket.severity_id, self.major)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.create_uid, self.receptionist)
        opened = wizard.action_open_ticket()
        self.assertEqual(opened["res_model"], "helpdesk.ticket")
        self.assertEqual(opened["res_id"], ticket.id)
        with self.assertRaises(UserError):
            wizard.action_create()

    def test_new_caller(self):
        with Form(self.Hotline) as form:
            form.phone = "010-87654321"
            self.assertFalse(form.partner_id)
            self.assertEqual(form.complaint_count, 0)
            form.partner_name = "王五"
            form.email = "wangwu@example.com"
            form.category_id = self.category
            form.description = "Rude staff at the counter."
        wizard = form.record
        wizard.action_create()
        partner = wizard.ticket_id.partner_id
        self.assertEqual(partner.name, "王五")
        self.assertEqual(partner.phone, "010-87654321")
        self.assertEqual(partner.email, "wangwu@example.com")

    def test_bad_input(self):
        base = {
            "category_id": self.category.id,
            "description": "Something happened.",
            "partner_name": "Caller",
        }
        for values, message in (
            ({"phone": "12345"}, "is not valid"),
            ({"phone": "13800138000", "email": "not-an-email"}, "is not valid"),
            ({"phone": "13700001111", "partner_name": False}, "caller.s name"),
            ({"phone": "13800138000", "description": "   "}, "Describe what happened"),
            ({"phone": "13800138000", "description": "x" * 5001}, "too long"),
        ):
            wizard = self.Hotline.create(dict(base, **values))
            with self.assertRaisesRegex(UserError, message):
                wizard.action_create()
            self.assertFalse(wizard.ticket_id)

    def test_only_complaint_staff(self):
        outsider = new_test_user(self.env, "cc_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["complaint.hotline"].with_user(outsider).create(
                {
                    "phone": "13800138000",
                    "category_id": self.category.id,
                    "description": "x",
                }
            )


@tagged("post_install", "-at_install")
class TestHotlineSeverity(ComplaintCase):
    """The severity the entry shows is the severity the complaint gets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.default_team_id = cls.team
        cls.rule = cls.env["complaint.severity.rule"].create(
            {"pattern": "整箱发霉", "severity_id": cls.major.id}
        )
        cls.Hotline = cls.env["complaint.hotline"].with_user(cls.receptionist)

    def _form(self, description):
        form = Form(self.Hotline)
        form.phone = "010-87654321"
        form.partner_name = "王五"
        form.category_id = self.category
        form.description = description
        return form

    def _severity_events(self, ticket):
        return ticket.sudo().event_ids.filtered(lambda e: e.event_type == "grade")

    def test_category_severity(self):
        default = self.category._complaint_severity()
        self.assertEqual(default, self.urgent)
        form = self._form("The yoghurt tastes sour.")
        self.assertEqual(form.severity_id, default)
        self.assertEqual(
            form.severity_reason, f"Default severity of {self.category.complete_name}"
        )
        wizard = form.save()
        wizard.action_create()
        self.assertEqual(wizard.ticket_id.severity_id, default)
        self.assertFalse(self._severity_events(wizard.ticket_id))

    def test_severity_raised_by_rule_is_shown_and_saved(self):
        form = self._form("The yoghurt is sour.")
        self.assertEqual(form.severity_id, self.urgent)
        # The caller's words match a severity rule: the entry says so at once.
        form.description = "买的酸奶整箱发霉了，孩子喝了两口。"
        self.assertEqual(form.severity_id, self.major)
        self.assertEqual(form.severity_reason, "Raised by rule: 整箱发霉")
        wizard = form.save()
        wizard.action_create()
        ticket = wizard.ticket_id
        self.assertEqual(ticket.severity_id, self.major)
        self.assertEqual(ticket.triage_severity_rules, "整箱发霉")
        self.assertFalse(self._severity_events(ticket))

    def test_receptionist_choice_is_kept(self):
        form = self._form("买的酸奶整箱发霉了。")
        self.assertEqual(form.severity_id, self.major)
        # The caller then says it was one bottle: the receptionist lowers it,
        # and typing more does not undo the choice.
        form.severity_id = self.urgent
        self.assertEqual(
            form.severity_reason,
            f"Chosen by you; the intake proposes {self.major.name}.",
        )
        form.description = "买的酸奶整箱发霉了。其实只有一瓶。"
        self.assertEqual(form.severity_id, self.urgent)
        wizard = form.save()
        wizard.action_create()
        ticket = wizard.ticket_id
        self.assertEqual(ticket.severity_id, self.urgent)
        # The rule's severity and the receptionist's change are both on record.
        self.assertEqual(ticket.triage_severity_rules, "整箱发霉")
        self.assertEqual(
            self._severity_events(ticket).mapped("summary"),
            [f"{self.major.code} → {self.urgent.code}"],
        )

    def test_severity_raised_above_the_chosen_one(self):
        """A severity chosen before the words that raise it follows the rule
        again once it equals the proposal."""
        form = self._form("The yoghurt is sour.")
        form.severity_id = self.normal
        self.assertEqual(
            form.severity_reason,
            f"Chosen by you; the intake proposes {self.urgent.name}.",
        )
        form.severity_id = self.urgent
        form.description = "整箱发霉"
        self.assertEqual(form.severity_id, self.major)
        wizard = form.save()
        wizard.action_create()
        self.assertEqual(wizard.ticket_id.severity_id, self.major)
