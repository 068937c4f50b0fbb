# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime
from unittest.mock import patch

from markupsafe import Markup
from odoo.tests import tagged

from .test_public_form import PDF, PNG, ComplaintIntakeHttpCase


@tagged("post_install", "-at_install")
class TestPortal(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Ticket = cls.env["helpdesk.ticket"]
        cls.complaint = Ticket.create(
            {
                "name": "Sour dumplings",
                "description": "<p>The dumplings smell sour.</p>",
                "team_id": cls.team.id,
                "category_id": cls.category.id,
                "partner_id": cls.portal_user.partner_id.id,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )
        cls.other_complaint = Ticket.create(
            {
                "name": "Cold chain broken",
                "description": "<p>Melted ice cream.</p>",
                "team_id": cls.team.id,
                "category_id": cls.category.id,
                "partner_id": cls.portal_user2.partner_id.id,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )
        cls.other_attachment = cls.env["ir.attachment"].create(
            {
                "name": "other-evidence.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": cls.other_complaint.id,
            }
        )
        cls.complaint.message_post(
            body=Markup("<p>We are sorry, we will check the batch.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.handler.partner_id.id,
        )
        cls.complaint.message_post(
            body=Markup("<p>SECRET internal: supplier was warned twice.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=cls.handler.partner_id.id,
            attachments=[("internal-audit.pdf", PDF)],
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _page_csrf(self, ticket, token=None):
        url = f"/my/complaints/{ticket.id}"
        if token:
            url += f"?access_token={token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _to_feedback(self, ticket):
        ticket.solution = "<p>Full refund of 129.90 and a coupon.</p>"
        ticket._complaint_move_to("investigating")
        ticket._complaint_move_to("solution")
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")

    # Home, list, detail ---------------------------------------------------

    def test_home_entry_and_counter(self):
        self._login(self.portal_user)
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('data-placeholder_count="complaint_count"', home.text)
        self.assertIn("/my/complaints", home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count"]}
        )
        self.assertEqual(counters["complaint_count"], 1)

    def test_list_shows_own_complaints_only(self):
        self._login(self.portal_user)
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.number, response.text)
        self.assertNotIn(self.other_complaint.number, response.text)
        self.assertIn("Received", response.text)
        self.assertIn("/my/complaints/new", response.text)

    def test_detail_shows_public_events_only(self):
        self._login(self.portal_user)
        self.complaint._complaint_move_to("investigating")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(self.complaint.number, text)
        self.assertIn("Being looked into", text)
        self.assertIn("Status: Being looked into", text)
        self.assertIn("We are sorry, we will check the batch.", text)
        self.assertIn("Expected solution by", text)
        self.assertNotIn("SECRET internal", text)
        self.assertNotIn("internal-audit.pdf", text)
        # The internal note's file cannot be downloaded either.
        internal = self.env["ir.attachment"].search(
            [("name", "=", "internal-audit.pdf"), ("res_id", "=", self.complaint.id)]
        )
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/attachment/{internal.id}"
        )
        self.assertEqual(response.status_code, 404)

    def test_helpdesk_ticket_page_leads_to_complaint_page(self):
        self._login(self.portal_user)
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/complaints/{self.complaint.id}", response.url)
        self.assertNotIn("internal-audit.pdf", response.text)
        # Someone else's complaint: no redirect that would confirm it exists.
        response = self.url_open(f"/my/ticket/{self.other_complaint.id}")
        self.assertNotIn(f"/my/complaints/{self.other_complaint.id}", response.url)
        self.assertNotIn(self.other_complaint.number, response.text)

    def test_helpdesk_list_and_counter_leave_complaints_out(self):
        """Complaints are listed once, on /my/complaints: not again among
        helpdesk_mgmt's tickets, with the internal names of their stages."""
        printer = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jam (test)",
                "description": "<p>Paper stuck.</p>",
                "partner_id": self.portal_user.partner_id.id,
            }
        )
        self.assertFalse(printer.is_complaint)
        complaint_stage = self.complaint.stage_id
        self.assertTrue(complaint_stage.complaint_state)
        helpdesk_stage = printer.stage_id
        self._login(self.portal_user)
        for url in (
            "/my/tickets",
            f"/my/tickets?filterby={complaint_stage.id}",
            f"/my/tickets?search={self.complaint.number}&search_in=number",
            "/my/tickets?groupby=stage",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(self.complaint.name, response.text)
                self.assertNotIn(f"/my/ticket/{self.complaint.id}", response.text)
        text = self.url_open("/my/tickets").text
        self.assertIn(printer.number, text)
        self.assertNotIn(self.complaint.number, text)
        # The stage filters are the helpdesk's, not the complaint workflow's.
        self.assertRegex(text, rf"filterby={helpdesk_stage.id}\b")
        self.assertNotRegex(text, rf"filterby={complaint_stage.id}\b")
        self.assertNotIn(f"<span>{complaint_stage.name}</span>", text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ticket_count", "complaint_count"]}
        )
        self.assertEqual(counters, {"ticket_count": 1, "complaint_count": 1})

    def test_tickets_entry_only_where_helpdesk_is_used(self):
        Team = self.env["helpdesk.ticket.team"]
        Team.search([("is_complaint_team", "=", False)]).action_archive()
        self._login(self.portal_user)
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/complaints"', home)
        self.assertNotIn('href="/my/tickets"', home)
        # A helpdesk team besides the complaint teams brings the entry back.
        it_team = Team.create({"name": "IT support (test)"})
        self.assertIn('href="/my/tickets"', self.url_open("/my/home").text)
        # So does a ticket of the customer that is not a complaint.
        it_team.action_archive()
        self.assertNotIn('href="/my/tickets"', self.url_open("/my/home").text)
        self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jam (test)",
                "description": "<p>Paper stuck.</p>",
                "partner_id": self.portal_user.partner_id.id,
            }
        )
        self.assertIn('href="/my/tickets"', self.url_open("/my/home").text)

    def test_helpdesk_form_offers_no_complaint_category(self):
        """helpdesk_mgmt's own form (/new/ticket) would make complaints
        without the complaint form's checks."""
        self.env.company.helpdesk_mgmt_portal_select_category = True
        printers = self.env["helpdesk.ticket.category"].create(
            {"name": "Printers (test)"}
        )
        self._login(self.portal_user)
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn(printers.name, page.text)
        self.assertNotIn(f'value="{self.category.id}"', page.text)
        before = self._tickets()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self._post(
            "/submitted/ticket",
            {
                "csrf_token": csrf,
                "category": str(self.category.id),
                "subject": "Forged complaint",
                "description": "Posted with a complaint category",
            },
        )
        self.assertIn(response.status_code, (302, 303), response.text[-1000:])
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.category_id)
        self.assertFalse(ticket.is_complaint)

    def test_promised_answer_time_in_customer_timezone(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint.partner_id.tz = "Asia/Shanghai"
        ticket = self.complaint.with_context(lang="zh_CN")
        when = datetime(2024, 11, 24, 10, 0)
        self.assertEqual(
            ticket._complaint_portal_format_dt(when, with_year=False), "11月24日 18:00"
        )
        self.complaint.partner_id.tz = "Europe/Paris"
        self.assertEqual(
            self.complaint.with_context(lang="en_US")._complaint_portal_format_dt(
                when, with_year=False
            ),
            "Nov 24 11:00",
        )
        deadline = (
            self.complaint.resolution_deadline or self.complaint.complaint_deadline
        )
        self.assertTrue(deadline, "the SLA gives a solution deadline")
        self.assertIn(
            ticket._complaint_portal_format_dt(deadline),
            ticket._complaint_portal_deadline_text(),
        )

    def test_portal_user_files_a_complaint(self):
        self._login(self.portal_user)
        csrf = self._csrf("/my/complaints/new")
        before = self._tickets()
        data = self._form_data(csrf=csrf, name=None, email=None, phone="021-1234567")
        response = self._post(
            "/my/complaints/new",
            data,
            files=[("attachments", ("photo.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        ticket = self._tickets() - before
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_portal")
        )
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertEqual(ticket.partner_phone, "021-1234567")
        self.assertIn(f"/my/complaints/{ticket.id}", response.headers["Location"])
        page = self.url_open(response.headers["Location"])
        self.assertIn("has been registered", page.text)
        self.assertIn("photo.png", page.text)
        # Bad input on the portal form too.
        response = self._post(
            "/my/complaints/new", self._form_data(csrf=csrf, phone="12", name=None)
        )
        self._assert_refused(response, "mainland mobile number")
        response = self._post("/my/complaints/new", self._form_data(csrf="bad"))
        self._assert_refused(response, "This form has expired")
        self.assertEqual(len(self._tickets() - before), 1)

    # Customer actions -----------------------------------------------------

    def test_message_and_evidence(self):
        self._login(self.portal_user)
        csrf = self._page_csrf(self.complaint)
        messages = len(self.complaint.message_ids)
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"csrf_token": csrf, "message": "Here is the <b>receipt</b>."},
            files=[("attachments", ("receipt.pdf", PDF, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        self.env.invalidate_all()
        message = self.complaint.message_ids[0]
        self.assertEqual(len(self.complaint.message_ids), messages + 1)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertIn("&lt;b&gt;receipt&lt;/b&gt;", message.body)
        self.assertEqual(message.attachment_ids.name, "receipt.pdf")
        self.assertIn("evidence", self.complaint.event_ids.mapped("event_type"))
        # Wrong type: nothing posted.
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"csrf_token": csrf, "message": "again"},
            files=[("attachments", ("x.pdf", b"MZ\x90\x00binary", "application/pdf"))],
        )
        self._assert_refused(response, "x.pdf is not an accepted file.")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"csrf_token": csrf, "message": "x" * 20000},
        )
        self._assert_refused(response, "Your message is too long")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"csrf_token": csrf, "message": "  "},
        )
        self._assert_refused(response, "Write a message or attach a file.")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"csrf_token": "forged", "message": "no token"},
        )
        self._assert_refused(response, "This form has expired")
        self.env.invalidate_all()
        self.assertEqual(len(self.complaint.message_ids), messages + 1)

    def test_reject_then_accept_solution(self):
        self._to_feedback(self.complaint)
        self._login(self.portal_user)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("Full refund of 129.90", page.text)
        self.assertIn("Waiting for your answer", page.text)
        csrf = self._page_csrf(self.complaint)
        url = f"/my/complaints/{self.complaint.id}"
        response = self._post(f"{url}/reject", {"csrf_token": csrf, "reason": " "})
        self._assert_refused(
            response, "Please tell us why the solution does not suit you."
        )
        response = self._post(f"{url}/accept", {"csrf_token": ""})
        self._assert_refused(response, "This form has expired")
        self.env.invalidate_all()
        self.assertEqual(self.complaint.complaint_state, "feedback")
        response = self._post(
            f"{url}/reject", {"csrf_token": csrf, "reason": "Coupon is useless to me."}
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.complaint_state, "solution")
        self.assertEqual(self.complaint.customer_response, "rejected")
        self.assertEqual(
            self.complaint.customer_response_reason, "Coupon is useless to me."
        )
        # Nothing to answer now.
        response = self._post(f"{url}/accept", {"csrf_token": csrf})
        self._assert_refused(response, "There is no solution waiting for your answer.")
        self.complaint.action_complaint_submit()
        response = self._post(f"{url}/accept", {"csrf_token": csrf})
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.complaint_state, "execution")
        self.assertEqual(self.complaint.customer_response, "accepted")

    def test_answer_comes_after_the_solution(self):
        """On a phone the columns stack in the order of the page: the
        buttons must follow the solution they answer."""
        self._to_feedback(self.complaint)
        self._login(self.portal_user)
        text = self.url_open(f"/my/complaints/{self.complaint.id}").text
        solution = text.index("o_complaint_solution")
        self.assertIn("Full refund of 129.90", text[solution:])
        self.assertLess(solution, text.index("o_complaint_answer"))
        self.assertLess(solution, text.index("o_complaint_accept"))
        self.assertLess(solution, text.index("o_complaint_reject_toggle"))
        self.assertLess(
            text.index("Full refund of 129.90"), text.index("o_complaint_accept")
        )

    def test_rejection_reason_shown_back(self):
        self.portal_user.partner_id.tz = "Asia/Shanghai"
        self._to_feedback(self.complaint)
        self._login(self.portal_user)
        csrf = self._page_csrf(self.complaint)
        url = f"/my/complaints/{self.complaint.id}"
        page = self.url_open(url).text
        self.assertNotIn("o_complaint_rejection", page)
        response = self._post(
            f"{url}/reject",
            {
                "csrf_token": csrf,
                "reason": "The coupon <b>expires</b> tomorrow.\nI want cash.",
            },
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        when = self.complaint.with_context(lang="en_US")._complaint_portal_format_dt(
            self.complaint.customer_response_date
        )
        page = self.url_open(url).text
        self.assertIn("You did not accept our proposal", page)
        self.assertIn(f"Your reason, sent on {when}:", page)
        self.assertIn("The coupon &lt;b&gt;expires&lt;/b&gt; tomorrow.", page)
        self.assertIn("I want cash.", page)
        # A new proposal: the earlier answer stays in view, above the buttons
        # that answer the new one.
        self.complaint.solution = "<p>Cash refund of 129.90.</p>"
        self.complaint.action_complaint_submit()
        page = self.url_open(url).text
        self.assertIn("You did not accept our previous proposal", page)
        self.assertLess(
            page.index("Cash refund of 129.90"), page.index("o_complaint_rejection")
        )
        self.assertLess(
            page.index("o_complaint_rejection"), page.index("o_complaint_accept")
        )
        # Once the customer accepts, the rejection is history.
        response = self._post(f"{url}/accept", {"csrf_token": csrf})
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("o_complaint_rejection", self.url_open(url).text)

    def test_withdraw(self):
        self._login(self.portal_user)
        csrf = self._page_csrf(self.complaint)
        url = f"/my/complaints/{self.complaint.id}"
        response = self._post(
            f"{url}/withdraw",
            {"csrf_token": csrf, "withdraw_reason": "Solved in store."},
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.complaint_state, "withdrawn")
        page = self.url_open(url)
        self.assertIn("Withdrawn", page.text)
        self.assertIn("Solved in store.", page.text)
        response = self._post(f"{url}/withdraw", {"csrf_token": csrf})
        self._assert_refused(response, "This complaint can no longer be withdrawn.")
        response = self._post(
            f"{url}/message", {"csrf_token": csrf, "message": "hello"}
        )
        self._assert_refused(response, "This complaint is closed.")

    def test_compensation_lines_when_available(self):
        self._login(self.portal_user)
        Ticket = self.registry["helpdesk.ticket"]
        with patch.object(
            Ticket,
            "_complaint_portal_compensation_lines",
            create=True,
            return_value=[{"name": "Coupon <50>", "amount": 50.0, "state": "Approved"}],
        ):
            page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("Coupon &lt;50&gt;", page.text)
        self.assertIn("Approved", page.text)

    # Access ---------------------------------------------------------------

    def test_other_customer_cannot_see_or_act(self):
        self._to_feedback(self.other_complaint)
        self._login(self.portal_user)
        csrf = self._page_csrf(self.complaint)
        other = self.other_complaint
        url = f"/my/complaints/{other.id}"
        self.assertEqual(self.url_open(url).status_code, 403)
        self.assertEqual(
            self.url_open(f"{url}?access_token=wrong-token").status_code, 403
        )
        self.assertEqual(self.url_open("/my/complaints/99999999").status_code, 404)
        messages = len(other.message_ids)
        for action, data in (
            ("message", {"message": "I was here"}),
            ("accept", {}),
            ("reject", {"reason": "nope"}),
            ("withdraw", {}),
        ):
            response = self._post(f"{url}/{action}", dict(data, csrf_token=csrf))
            self.assertEqual(response.status_code, 403, action)
            response = self._post(
                f"{url}/{action}",
                dict(data, csrf_token=csrf, access_token=other.access_token[:-1] + "x"),
            )
            self.assertEqual(response.status_code, 403, action)
        self.env.invalidate_all()
        self.assertEqual(other.complaint_state, "feedback")
        self.assertFalse(other.customer_response)
        self.assertEqual(len(other.message_ids), messages)
        # Attachments: neither through the complaint page nor the generic route.
        response = self.url_open(f"{url}/attachment/{self.other_attachment.id}")
        self.assertEqual(response.status_code, 403)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/attachment/{self.other_attachment.id}"
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/web/content/{self.other_attachment.id}")
        self.assertIn(response.status_code, (403, 404))
        # The owner can.
        self._login(self.portal_user2)
        response = self.url_open(f"{url}/attachment/{self.other_attachment.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PNG)

    def test_guest_with_token(self):
        url = f"/my/complaints/{self.complaint.id}"
        response = self.url_open(url)
        self.assertIn("/web/login", response.url)
        self.assertIn("redirect=", response.url)
        token = self.complaint._portal_ensure_token()
        self.assertEqual(self.url_open(f"{url}?access_token=bad").status_code, 403)
        csrf = self._page_csrf(self.complaint, token)
        response = self._post(
            f"{url}/message",
            {"csrf_token": csrf, "access_token": token, "message": "From my phone"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"access_token={token}", response.headers["Location"])
        self.env.invalidate_all()
        self.assertEqual(
            self.complaint.message_ids[0].author_id, self.complaint.partner_id
        )
        # Without the token, a guest cannot post.
        response = self._post(f"{url}/message", {"csrf_token": csrf, "message": "x"})
        self.assertEqual(response.status_code, 403)

    def test_ticket_close_checks_access(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Ticket = self.env["helpdesk.ticket"]
        mine = Ticket.create(
            {
                "name": "Printer",
                "description": "<p>x</p>",
                "partner_id": self.portal_user.partner_id.id,
            }
        )
        theirs = Ticket.create(
            {
                "name": "Router",
                "description": "<p>y</p>",
                "partner_id": self.portal_user2.partner_id.id,
            }
        )
        self.assertTrue(done.close_from_portal)
        self._login(self.portal_user)
        response = self.url_open(
            f"/ticket/close?ticket_id={theirs.id}&stage_id={done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        response = self.url_open(
            f"/ticket/close?ticket_id={self.other_complaint.id}&stage_id={done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        response = self.url_open(
            "/ticket/close?ticket_id=99999999&stage_id=1", allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertNotEqual(theirs.stage_id, done)
        self.assertFalse(self.other_complaint.closed)
        # A stage not meant for the portal is refused, even on one's own ticket.
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        response = self.url_open(
            f"/ticket/close?ticket_id={mine.id}&stage_id={rejected.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        response = self.url_open(
            f"/ticket/close?ticket_id={mine.id}&stage_id={done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(mine.stage_id, done)
