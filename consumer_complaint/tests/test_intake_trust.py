# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a guest can and cannot do with someone else's phone or e-mail, and
the rate limits of the online intake under parallel submissions."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from odoo import fields
from odoo.sql_db import db_connect
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL, mute_logger

from ..intake.rate_limit import intake_lock_id, lock_intake
from ..models.helpdesk_ticket_portal import LINK_CONFIRM_HOURS
from .test_public_form import ComplaintIntakeHttpCase


@tagged("post_install", "-at_install")
class TestIntakeTrust(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.known = cls.env["res.partner"].create(
            {
                "name": "Known Customer A",
                "email": "custa@example.com",
                "mobile": "+86 139 1234 5678",
                "lang": "en_US",
            }
        )

    # Helpers -------------------------------------------------------------

    def _link_mails(self, partner=None):
        partner = partner or self.known
        self.env.invalidate_all()
        return self.env["mail.mail"].search(
            [("email_to", "ilike", partner.email), ("body_html", "ilike", "/confirm/")]
        )

    def _guest_submit(self, **values):
        before = self._tickets()
        response = self._post("/complaint/new", self._form_data(**values))
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        return ticket, response.headers["Location"]

    def _link(self, mail):
        match = re.search(r'href="([^"]*/complaint/confirm/[^"]*)"', mail.body_html)
        self.assertTrue(match, mail.body_html)
        return match.group(1).replace("&amp;", "&")

    def _confirm(self, url, csrf=None):
        path = url[url.index("/complaint/confirm/") :]
        page_url, token = path.split("?token=")
        return self._post(
            page_url, {"csrf_token": csrf or self._csrf(), "token": token}
        )

    def _state(self, ticket):
        self.env.invalidate_all()
        ticket = ticket.sudo()
        return (
            ticket.partner_id,
            ticket.access_token,
            ticket.message_partner_ids,
            ticket.complaint_link_nonce,
        )

    # A guest with someone else's contact ---------------------------------

    def test_guest_with_known_phone_is_not_linked(self):
        ticket, thanks_url = self._guest_submit(
            name="Mallory", email="", phone="139-1234-5678"
        )
        self.assertNotEqual(ticket.partner_id, self.known)
        self.assertEqual(ticket.partner_id.name, "Mallory")
        self.assertEqual(ticket.partner_id.phone, "13912345678")
        self.assertFalse(ticket.partner_id.email)
        self.assertNotIn(self.known, ticket.message_partner_ids)
        self.assertFalse(ticket.partner_email)
        # Nothing of the known customer on the guest's pages.
        pages = [
            self.url_open(thanks_url),
            self.url_open(
                f"/my/complaints/{ticket.id}?access_token={ticket.access_token}"
            ),
        ]
        for page in pages:
            self.assertEqual(page.status_code, 200)
            for stored in ("custa@example.com", "Known Customer A", "We have also"):
                self.assertNotIn(stored, page.text)
        # The known customer is asked, at their stored address.
        mail = self._link_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)
        self.assertFalse(mail.model)
        self.assertIn("other", ticket.event_ids.mapped("event_type"))

    def test_confirmation_link_works_once(self):
        ticket, _thanks = self._guest_submit(email="", phone="13912345678")
        guest = ticket.partner_id
        old_token = ticket.access_token
        url = self._link(self._link_mails())
        # Opening the link (as a mail scanner does) changes nothing.
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self.assertIn("o_complaint_link_confirm_button", page.text)
        self.assertEqual(self._state(ticket)[0], guest)
        # Without the form's CSRF token nothing happens either.
        with mute_logger("odoo.http"):
            response = self._confirm(url, csrf="forged")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._state(ticket)[0], guest)
        # Confirmed: the complaint is the customer's, the guest is out.
        response = self._confirm(url)
        self.assertEqual(response.status_code, 200, response.text[-1500:])
        partner, token, followers, nonce = self._state(ticket)
        self.assertEqual(partner, self.known)
        self.assertIn(self.known, followers)
        self.assertNotIn(guest, followers)
        self.assertFalse(nonce)
        self.assertNotEqual(token, old_token)
        self.assertIn(f"access_token={token}", response.text.replace("&amp;", "&"))
        events = ticket.sudo().event_ids.filtered(
            lambda e: e.event_type == "customer" and "confirmed" in e.summary
        )
        self.assertEqual(len(events), 1)
        self.assertIn(str(self.known.id), events.payload)
        # The old tracking link no longer opens the complaint.
        self.assertEqual(
            self.url_open(
                f"/my/complaints/{ticket.id}?access_token={old_token}"
            ).status_code,
            403,
        )
        # Used once: the second time it is refused and nothing changes.
        before = self._state(ticket)
        self.assertEqual(self._confirm(url).status_code, 403)
        self.assertEqual(self.url_open(url).status_code, 403)
        self.assertEqual(self._state(ticket), before)

    def test_forged_or_expired_link_refused(self):
        ticket, _thanks = self._guest_submit(email="custa@example.com", phone="")
        guest = ticket.partner_id
        self.assertNotEqual(guest, self.known)
        url = self._link(self._link_mails())
        other, _thanks = self._guest_submit(email="", phone="13800138000")
        forged = [
            url.replace("token=", "token=x"),
            url.replace(f"/confirm/{ticket.id}?", f"/confirm/{other.id}?"),
            url.split("?token=")[0] + "?token=",
        ]
        for bad in forged:
            with self.subTest(url=bad):
                self.assertEqual(self._confirm(bad).status_code, 403)
        later = fields.Datetime.now() + timedelta(hours=LINK_CONFIRM_HOURS + 1)
        with freeze_time(later):
            self.assertEqual(self._confirm(url).status_code, 403)
        self.assertEqual(self._state(ticket)[0], guest)
        self.assertEqual(self._state(other)[0].phone, "13800138000")

    def test_logged_in_customer_is_linked_to_themselves(self):
        self.authenticate("cc_portal_one", "cc_portal_one")
        before = self._tickets()
        response = self._post(
            "/my/complaints/new",
            self._form_data(csrf=self._csrf("/my/complaints/new")),
        )
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        ticket = self._tickets() - before
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertFalse(self._link_mails(self.portal_user.partner_id))

    # Rate limits ---------------------------------------------------------

    def _parallel_posts(self, count, **values):
        """``count`` submissions at once from this session's network."""
        csrf = self._csrf()
        url = self.base_url() + "/complaint/new"
        forms = [
            self._form_data(csrf=csrf, **{k: v.format(i) for k, v in values.items()})
            for i in range(count)
        ]

        def submit(data):
            with requests.Session() as session:
                session.cookies.update(self.opener.cookies)
                return session.post(
                    url, data=data, allow_redirects=False, timeout=120
                ).status_code

        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(submit, forms))

    def test_parallel_submissions_respect_network_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "consumer_complaint.intake_rate_ip_hour", 5
        )
        self.env.flush_all()
        before = self._tickets()
        statuses = self._parallel_posts(
            15, email="par{}@example.com", phone="1380013{:04d}"
        )
        self.assertEqual(sorted(set(statuses)), [303, 429], statuses)
        self.assertEqual(statuses.count(303), 5)
        self.assertEqual(len(self._tickets() - before), 5)

    def test_parallel_submissions_respect_contact_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "consumer_complaint.intake_rate_contact_day", 3
        )
        self.env.flush_all()
        before = self._tickets()
        statuses = self._parallel_posts(15, email="same@example.com", phone="")
        self.assertEqual(statuses.count(303), 3, statuses)
        self.assertEqual(len(self._tickets() - before), 3)

    def test_submission_lock_holds_until_commit(self):
        """A parallel transaction cannot take the lock of a pending
        submission: the check and the creation are one step."""
        lock_intake(self.env, ["email:x@example.com"])
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s)",
                    intake_lock_id("email:x@example.com"),
                )
            )
            self.assertFalse(other.fetchone()[0])
            other.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s)",
                    intake_lock_id("email:y@example.com"),
                )
            )
            self.assertTrue(other.fetchone()[0])
        finally:
            other.rollback()
            other.close()

    def test_guests_cannot_lock_out_a_customer(self):
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("consumer_complaint.intake_rate_contact_day", 2)
        email = self.portal_user.partner_id.email
        for _i in range(2):
            self._guest_submit(email=email, phone="")
        response = self._post("/complaint/new", self._form_data(email=email, phone=""))
        self._assert_refused(
            response, "You have already sent several complaints today", 429
        )
        # The customer, logged in, is counted by their own complaints.
        self.authenticate("cc_portal_one", "cc_portal_one")
        for _i in range(2):
            response = self._post(
                "/my/complaints/new",
                self._form_data(csrf=self._csrf("/my/complaints/new")),
            )
            self.assertEqual(response.status_code, 303, response.text[-1500:])
        response = self._post(
            "/my/complaints/new",
            self._form_data(csrf=self._csrf("/my/complaints/new")),
        )
        self._assert_refused(
            response, "You have already sent several complaints today", 429
        )

    # Withdrawal ends the tracking link -----------------------------------

    def test_withdrawal_ends_the_tracking_link(self):
        ticket, _thanks = self._guest_submit()
        token = ticket.access_token
        page = f"/my/complaints/{ticket.id}"
        csrf = re.search(
            r'name="csrf_token" value="([^"]+)"',
            self.url_open(f"{page}?access_token={token}").text,
        ).group(1)
        response = self._post(
            f"{page}/withdraw", {"csrf_token": csrf, "access_token": token}
        )
        self.assertEqual(response.status_code, 200, response.text[-1500:])
        self.assertIn("o_complaint_link_ended", response.text)
        self.env.invalidate_all()
        self.assertEqual(ticket.complaint_state, "withdrawn")
        self.assertNotEqual(ticket.access_token, token)
        for url in (
            f"{page}?access_token={token}",
            f"/complaint/thanks/{ticket.id}?access_token={token}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 403)
        response = self._post(
            f"{page}/message",
            {"csrf_token": csrf, "access_token": token, "message": "Still here"},
        )
        self.assertEqual(response.status_code, 403)
