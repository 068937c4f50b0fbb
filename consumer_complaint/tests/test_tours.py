# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .test_public_form import ComplaintIntakeHttpCase


@tagged("post_install", "-at_install")
class TestTours(ComplaintIntakeHttpCase):
    """Every intake channel in a real browser."""

    def test_guest_files_and_tracks(self):
        before = self._tickets()
        self.start_tour(
            "/complaint/new",
            "consumer_complaint_public_form",
            cookies={"frontend_lang": "en_US"},
        )
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_web_form")
        )
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.partner_id.email, "zhao.liu@example.com")
        self.assertEqual(ticket.partner_phone, "13811112222")
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["yoghurt.png"])

    def test_portal_user_files_then_accepts(self):
        before = self._tickets()
        self.start_tour("/my", "consumer_complaint_portal_file", login="cc_portal_one")
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_portal")
        )
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertEqual(ticket.order_ref, "TM-88990011")
        # The handler proposes a solution; the customer answers on the portal.
        ticket.severity_id = self.env.ref("consumer_complaint.severity_normal")
        ticket.solution = "<p>Full refund and a coupon of 50.</p>"
        ticket._complaint_move_to("investigating")
        ticket._complaint_move_to("solution")
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")
        self.start_tour(
            f"/my/complaints/{ticket.id}",
            "consumer_complaint_portal_accept",
            login="cc_portal_one",
        )
        self.env.invalidate_all()
        self.assertEqual(ticket.complaint_state, "execution")
        self.assertEqual(ticket.customer_response, "accepted")

    def test_agent_takes_hotline_call(self):
        receptionist = new_test_user(
            self.env,
            "cc_tour_reception",
            groups="consumer_complaint.group_complaint_receptionist",
            name="Hotline Agent",
            lang="en_US",
        )
        caller = self.env["res.partner"].create(
            {"name": "钱七", "mobile": "13912345678"}
        )
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": name,
                    "description": "<p>Earlier complaint.</p>",
                    "team_id": self.team.id,
                    "partner_id": caller.id,
                }
                for name in ("Late parcel", "Broken seal")
            ]
        )
        before = self._tickets()
        self.start_tour(
            "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
            "consumer_complaint_hotline",
            login=receptionist.login,
        )
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_hotline")
        )
        self.assertEqual(ticket.partner_id, caller)
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(
            ticket.severity_id, self.env.ref("consumer_complaint.severity_urgent")
        )
        self.assertEqual(ticket.create_uid, receptionist)
