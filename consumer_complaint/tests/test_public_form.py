# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import urlencode

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..intake.form import intake_config
from .common import CountedSubTests

# Smallest valid files of each kind (the first bytes are what counts).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2O"
    "UAAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


class ComplaintIntakeHttpCase(CountedSubTests, HttpCase):
    """Fixtures of the intake tests (no test here: shared by the test files)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The messages checked below are the English ones, whatever the
        # database's languages.
        cls.env["res.lang"]._activate_lang("en_US")
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("consumer_complaint.intake_rate_ip_hour", 1000)
        ICP.set_param("consumer_complaint.intake_rate_contact_day", 1000)
        ICP.set_param("consumer_complaint.intake_max_files", 3)
        ICP.set_param("consumer_complaint.intake_max_file_size_mb", 1)
        cls.handler = new_test_user(
            cls.env,
            "cc_intake_handler",
            groups="consumer_complaint.group_complaint_handler",
            name="Intake Handler",
            email="cc_intake_handler@example.com",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Online complaints (test)",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": cls.env.ref(
                    "consumer_complaint.resource_calendar_24x7"
                ).id,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        ICP.set_param("consumer_complaint.intake_team_id", cls.team.id)
        cls.parent_category = cls.env.ref("consumer_complaint.category_quality")
        cls.category = cls.env.ref("consumer_complaint.category_quality_odor")
        (cls.parent_category | cls.parent_category.child_id).write(
            {"default_team_id": cls.team.id, "show_in_portal": True}
        )
        cls.hidden_category = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Internal only (test)",
                "parent_id": cls.parent_category.id,
                "show_in_portal": False,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Pork dumplings (test)", "sale_ok": True}
        )
        cls.product_not_sold = cls.env["product.product"].create(
            {"name": "Packing tape (test)", "sale_ok": False}
        )
        cls.store = cls.env["complaint.store"].create(
            {"name": "Jing'an store (test)", "code": "SHJA01", "team_id": cls.team.id}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "cc_portal_one",
            groups="base.group_portal",
            name="Portal One",
            email="portal.one@example.com",
            lang="en_US",
        )
        cls.portal_user2 = new_test_user(
            cls.env,
            "cc_portal_two",
            groups="base.group_portal",
            name="Portal Two",
            email="portal.two@example.com",
            lang="en_US",
        )
        cls.today = fields.Date.context_today(cls.env.user)

    # Helpers -------------------------------------------------------------

    def url_open(self, url, *args, **kwargs):
        # Guests get the language of this cookie (users get their own).
        self.opener.cookies.set("frontend_lang", "en_US")
        return super().url_open(url, *args, **kwargs)

    def _csrf(self, url="/complaint/new"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, "the form carries a CSRF token")
        return match.group(1)

    def _form_data(self, csrf=None, **values):
        data = {
            "csrf_token": csrf if csrf is not None else self._csrf(),
            "name": "张三",
            "phone": "13800138000",
            "email": "zhang.san@example.com",
            "category_parent_id": str(self.parent_category.id),
            "category_id": str(self.category.id),
            "product_id": str(self.product.id),
            "order_ref": "JD-2024-0001",
            "purchase_date": str(self.today - timedelta(days=10)),
            "delivery_date": str(self.today - timedelta(days=8)),
            "amount_paid": "129.90",
            "description": "饺子有酸味，吃了以后肚子不舒服。",
            "demand": "refund",
            "privacy_consent": "1",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def _tickets(self):
        self.env.invalidate_all()
        return self.env["helpdesk.ticket"].search([])

    def _attachments(self):
        self.env.invalidate_all()
        return self.env["ir.attachment"].search([("res_model", "=", "helpdesk.ticket")])

    def _post(self, url, data, files=None):
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _assert_refused(self, response, message, status=400):
        self.assertEqual(response.status_code, status, response.text[-2000:])
        self.assertIn(message, response.text)


@tagged("post_install", "-at_install")
class TestPublicForm(ComplaintIntakeHttpCase):
    def test_form_offers_complaint_categories_only(self):
        Category = self.env["helpdesk.ticket.category"]
        # helpdesk_mgmt's own categories (like its demo Software, Wifi).
        wifi = Category.create({"name": "Wifi (test)", "show_in_portal": True})
        router = Category.create(
            {"name": "Router (test)", "parent_id": wifi.id, "show_in_portal": True}
        )
        # Complaint categories a company adds without a triage code: under a
        # complaint category, or routed to a complaint team.
        mould = Category.create(
            {"name": "Mould (test)", "parent_id": self.parent_category.id}
        )
        pricing = Category.create(
            {"name": "Pricing (test)", "default_team_id": self.team.id}
        )
        response = self.url_open("/complaint/new")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn('name="csrf_token"', text)
        self.assertIn('name="homepage"', text)
        for category in (self.parent_category, self.category, mould, pricing):
            self.assertIn(f'value="{category.id}"', text, category.name)
        for category in (wifi, router, self.hidden_category):
            self.assertNotIn(category.name, text)
        # Sub-categories come grouped under their main category.
        group = re.search(
            rf'<optgroup label="([^"]+)" data-parent="{self.parent_category.id}">'
            r"(.*?)</optgroup>",
            text,
            re.S,
        )
        self.assertTrue(group, "the main category's sub-categories are grouped")
        self.assertEqual(group.group(1), self.parent_category.name)
        self.assertIn(f'<option value="{self.category.id}">', group.group(2))
        self.assertIn(f'<option value="{mould.id}">', group.group(2))
        # Products are searched, not listed.
        self.assertIn('name="product_name"', text)
        self.assertIn('data-search-url="/', text)
        self.assertNotIn(self.product.name, text)
        # Posted anyway, a helpdesk category is refused.
        before = self._tickets()
        response = self._post(
            "/complaint/new",
            self._form_data(
                category_parent_id=str(wifi.id), category_id=str(router.id)
            ),
        )
        self._assert_refused(response, "Please choose a category from the list.")
        self.assertFalse(self._tickets() - before)

    def test_product_search_route(self):
        Product = self.env["product.product"]
        sausage = Product.create(
            {
                "name": "Cantonese sausage (test)",
                "default_code": "CS-0042",
                "sale_ok": True,
            }
        )
        sofa = Product.create({"name": "Leather sofa (test)", "sale_ok": True})
        Product.create(
            [{"name": f"Sausage pack {i} (test)", "sale_ok": True} for i in range(30)]
        )
        other_company = self.env["res.company"].create({"name": "Other shop (test)"})
        elsewhere = Product.create(
            {
                "name": "Sausage of another company (test)",
                "sale_ok": True,
                "company_id": other_company.id,
            }
        )

        def search(query, **params):
            return self.url_open(
                "/complaint/products?" + urlencode(dict(params, q=query))
            )

        # Guests may search: at most 20 products on sale, id and name only.
        response = search("sausage")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        products = response.json()["products"]
        self.assertEqual(len(products), 20)
        self.assertEqual(
            {frozenset(item) for item in products}, {frozenset({"id", "name"})}
        )
        ids = {item["id"] for item in products}
        self.assertNotIn(sofa.id, ids)
        self.assertNotIn(elsewhere.id, ids)
        self.assertTrue(all("sausage" in item["name"].lower() for item in products))
        # By internal reference, whatever the case; the exact one first.
        products = search("cs-0042").json()["products"]
        self.assertEqual(products[0]["id"], sausage.id)
        self.assertIn("CS-0042", products[0]["name"])
        # Products not on sale are not found.
        self.assertEqual(search(self.product_not_sold.name).json()["products"], [])
        # A smaller limit is kept, a larger one is not.
        self.assertEqual(len(search("sausage", limit=3).json()["products"]), 3)
        self.assertEqual(len(search("sausage", limit=500).json()["products"]), 20)
        self.assertEqual(len(search("sausage", limit="x").json()["products"]), 20)
        # No listing of the whole catalogue: an empty search is refused, so
        # is an overlong one.
        for query in ("", "   ", "s" * 200):
            with self.subTest(query=query[:10]):
                response = search(query)
                self.assertEqual(response.status_code, 400)
                self.assertIn("error", response.json())
        self.assertEqual(self.url_open("/complaint/products").status_code, 400)

    def test_product_typed_without_picking(self):
        """Without JavaScript the product field is plain text that the
        server matches; the ids it offers are checked again."""
        Product = self.env["product.product"]
        sausage = Product.create(
            {
                "name": "Cantonese sausage (test)",
                "default_code": "CS-0042",
                "sale_ok": True,
            }
        )
        plain, strawberry = Product.create(
            [
                {"name": "Plain yoghurt (test)", "sale_ok": True},
                {"name": "Strawberry yoghurt (test)", "sale_ok": True},
            ]
        )
        before = self._tickets()
        for typed in ("cantonese SAUSAGE (test)", "cs-0042", "Cantonese sau"):
            with self.subTest(typed=typed):
                response = self._post(
                    "/complaint/new",
                    self._form_data(product_id="", product_name=typed),
                )
                self.assertEqual(response.status_code, 303, response.text[-1500:])
                ticket = self._tickets() - before
                self.assertEqual(ticket.product_id, sausage)
                before |= ticket
        # Several products match: they are offered as choices.
        response = self._post(
            "/complaint/new", self._form_data(product_id="", product_name="yoghurt")
        )
        self._assert_refused(response, "Several products match")
        for product in (plain, strawberry):
            self.assertIn(
                f'type="radio" name="product_id" id="complaint_product_{product.id}" '
                f'value="{product.id}"',
                response.text,
            )
        self.assertIn('value="yoghurt"', response.text)
        response = self._post(
            "/complaint/new",
            self._form_data(product_id=str(strawberry.id), product_name="yoghurt"),
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._tickets() - before
        self.assertEqual(ticket.product_id, strawberry)
        before |= ticket
        # Nothing matches, or only a product not on sale.
        for typed in ("Unicorn steak", self.product_not_sold.name):
            with self.subTest(typed=typed):
                response = self._post(
                    "/complaint/new",
                    self._form_data(product_id="", product_name=typed),
                )
                self._assert_refused(response, "No product matches")
        # Left empty: no product.
        response = self._post(
            "/complaint/new", self._form_data(product_id="", product_name="")
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse((self._tickets() - before).product_id)

    def test_guest_files_a_complaint(self):
        before, before_att = self._tickets(), self._attachments()
        response = self._post(
            "/complaint/new",
            self._form_data(),
            files=[
                ("attachments", ("dumplings.png", PNG, "image/png")),
                ("attachments", ("receipt.pdf", PDF, "application/pdf")),
            ],
        )
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_web_form")
        )
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.partner_phone, "13800138000")
        self.assertEqual(ticket.partner_email, "zhang.san@example.com")
        self.assertEqual(ticket.partner_id.email, "zhang.san@example.com")
        self.assertEqual(ticket.amount_paid, 129.9)
        self.assertEqual(ticket.demand, "refund")
        self.assertEqual(ticket.order_ref, "JD-2024-0001")
        self.assertTrue(ticket.privacy_consent_date)
        self.assertIn(ticket.partner_id, ticket.message_partner_ids)
        self.assertIn("饺子有酸味", ticket.description)
        attachments = self._attachments() - before_att
        self.assertEqual(len(attachments), 2)
        self.assertEqual(set(attachments.mapped("res_id")), {ticket.id})
        self.assertEqual(
            set(attachments.mapped("mimetype")), {"image/png", "application/pdf"}
        )
        self.assertEqual(
            set(ticket.event_ids.mapped("event_type"))
            & {"intake", "privacy", "evidence"},
            {"intake", "privacy", "evidence"},
        )
        # The thank-you page gives the number and the tracking link.
        location = response.headers["Location"]
        self.assertIn(f"/complaint/thanks/{ticket.id}?access_token=", location)
        thanks = self.url_open(location)
        self.assertEqual(thanks.status_code, 200)
        self.assertIn(ticket.number, thanks.text)
        tracking = f"/my/complaints/{ticket.id}?access_token={ticket.access_token}"
        self.assertIn(tracking, thanks.text.replace("&amp;", "&"))
        # So does the acknowledgement e-mail, with a link that works without
        # an account.
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .filtered(lambda m: ticket.partner_id in m.recipient_ids)
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)
        link = re.search(r'href="([^"]*access_token=[^"]*)"', mail.body_html)
        self.assertTrue(link, mail.body_html)
        followed = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(followed.status_code, 200)
        self.assertIn(f"/my/complaints/{ticket.id}", followed.url)
        self.assertIn(ticket.number, followed.text)
        # The tracking link works without an account.
        page = self.url_open(tracking)
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self.assertIn("Received", page.text)
        self.assertIn("dumplings.png", page.text)

    def test_known_contact_is_not_linked(self):
        """A typed e-mail or phone proves nothing: the guest gets a partner
        of their own (see test_intake_trust for the confirmation link)."""
        by_email = self.env["res.partner"].create(
            {"name": "Known by mail", "email": "Known@Example.com"}
        )
        by_phone = self.env["res.partner"].create(
            {"name": "Known by phone", "mobile": "+86 139 0013 9000"}
        )
        before = self._tickets()
        self._post(
            "/complaint/new", self._form_data(email="known@example.com", phone="")
        )
        self._post("/complaint/new", self._form_data(email="", phone="139-0013-9000"))
        tickets = self._tickets() - before
        self.assertEqual(len(tickets), 2)
        self.assertFalse(tickets.partner_id & (by_email | by_phone))
        self.assertEqual(
            sorted(tickets.partner_id.mapped("email"), key=str),
            sorted([False, "known@example.com"], key=str),
        )
        self.assertIn("13900139000", tickets.mapped("partner_phone"))

    def test_store_qr_code_presets_store_and_channel(self):
        page = self.url_open(f"/complaint/new?store={self.store.code}")
        self.assertIn(self.store.name.replace("'", "&#39;"), page.text)
        before = self._tickets()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self._post(
            "/complaint/new", self._form_data(csrf=csrf, store=self.store.code)
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._tickets() - before
        self.assertEqual(ticket.store_id, self.store)
        self.assertEqual(
            ticket.channel_id, self.env.ref("consumer_complaint.channel_store_qr")
        )
        # A forged store code is refused, not silently dropped.
        response = self._post("/complaint/new", self._form_data(store="NOPE"))
        self._assert_refused(response, "This store is unknown")

    def test_missing_required_fields_keep_typed_values(self):
        before = self._tickets()
        data = {
            "csrf_token": self._csrf(),
            "order_ref": "ORD-42-kept",
            "amount_paid": "88",
        }
        response = self._post("/complaint/new", data)
        self._assert_refused(response, "Please enter your name.")
        for message in (
            "Please choose a category.",
            "Please describe what happened.",
            "Please tell us what you would like us to do.",
            "Please give a phone number or an e-mail address",
            "personal data",
        ):
            self.assertIn(message, response.text)
        self.assertIn('value="ORD-42-kept"', response.text)
        self.assertIn('value="88"', response.text)
        self.assertFalse(self._tickets() - before)

    def test_phone_and_email_formats(self):
        before = self._tickets()
        for phone in ("12345", "1381234567", "23800138000", "138001380001", "abc"):
            response = self._post("/complaint/new", self._form_data(phone=phone))
            self._assert_refused(response, "mainland mobile number")
        for email in (
            "foo@",
            "not an email",
            "a@b@c.com",
            "x@example.com, y@example.com",
        ):
            response = self._post("/complaint/new", self._form_data(email=email))
            self._assert_refused(response, "valid e-mail address")
        self.assertFalse(self._tickets() - before)
        accepted = {
            "010-12345678": "010-12345678",
            "021-1234567": "021-1234567",
            "+86 138 0013 8000": "13800138000",
            "0755-88889999": "0755-88889999",
        }
        for phone, stored in accepted.items():
            response = self._post(
                "/complaint/new", self._form_data(phone=phone, email="")
            )
            self.assertEqual(response.status_code, 303, response.text[-1500:])
            ticket = self._tickets() - before
            self.assertEqual(ticket.partner_phone, stored)
            before |= ticket

    def test_bad_attachments(self):
        before, before_att = self._tickets(), self._attachments()
        too_many = [
            ("attachments", (f"photo{i}.png", PNG, "image/png")) for i in range(4)
        ]
        response = self._post("/complaint/new", self._form_data(), files=too_many)
        self._assert_refused(response, "You can attach at most 3 files.")
        too_large = PNG + b"\x00" * (1024 * 1024)
        response = self._post(
            "/complaint/new",
            self._form_data(),
            files=[("attachments", ("big.png", too_large, "image/png"))],
        )
        self._assert_refused(response, "big.png is larger than 1 MB.")
        # Named like an image, sent as an image, but HTML inside.
        response = self._post(
            "/complaint/new",
            self._form_data(),
            files=[("attachments", ("photo.png", HTML, "image/png"))],
        )
        self._assert_refused(response, "photo.png is not an accepted file.")
        # Only PNG and PDF allowed: a real JPEG is refused too.
        self.env["ir.config_parameter"].sudo().set_param(
            "consumer_complaint.intake_allowed_types", "png,pdf"
        )
        response = self._post(
            "/complaint/new",
            self._form_data(),
            files=[("attachments", ("photo.jpg", JPEG, "image/jpeg"))],
        )
        self._assert_refused(response, "photo.jpg is not an accepted file.")
        self.assertFalse(self._tickets() - before)
        self.assertFalse(self._attachments() - before_att)

    def test_file_name_follows_content(self):
        before_att = self._attachments()
        response = self._post(
            "/complaint/new",
            self._form_data(),
            files=[("attachments", ("scan.html", PDF, "text/html"))],
        )
        self.assertEqual(response.status_code, 303)
        attachment = self._attachments() - before_att
        self.assertEqual(attachment.name, "scan.html.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")

    def test_long_texts(self):
        before = self._tickets()
        long_text = "投" * 20000
        for field, message in (
            ("description", "Description is too long: at most 5000 characters."),
            ("name", "Your name is too long"),
            ("order_ref", "Order number is too long"),
            ("email", "E-mail is too long"),
            ("phone", "Phone is too long"),
        ):
            response = self._post(
                "/complaint/new", self._form_data(**{field: long_text})
            )
            self._assert_refused(response, message)
        # 5,000 characters are accepted.
        response = self._post(
            "/complaint/new", self._form_data(description="投" * 5000)
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._tickets() - before), 1)

    def test_html_and_script_are_plain_text(self):
        script = "<script>alert('x')</script><b>bold</b>"
        before = self._tickets()
        response = self._post(
            "/complaint/new",
            self._form_data(
                name=f"Evil {script}",
                order_ref=f"O{script}"[:64],
                description=f"Help {script}\nsecond line",
            ),
        )
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        ticket = self._tickets() - before
        self.assertNotIn("<script", ticket.description)
        self.assertNotIn("<b>", ticket.description)
        self.assertIn("&lt;script&gt;", ticket.description)
        self.assertEqual(ticket.partner_name, f"Evil {script}")
        page = self.url_open(
            f"/my/complaints/{ticket.id}?access_token={ticket.access_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("<script>alert('x')", page.text)
        self.assertNotIn("<b>bold</b>", page.text)
        self.assertIn("&lt;script&gt;", page.text)
        # Re-rendered forms escape what was typed as well.
        response = self._post(
            "/complaint/new",
            self._form_data(
                description=f"{script}",
                demand="",
                order_ref='"><img src=x onerror=alert(1)>',
            ),
        )
        self._assert_refused(response, "Please tell us what you would like us to do.")
        self.assertNotIn("<script>alert('x')", response.text)
        self.assertNotIn("<img src=x", response.text)

    def test_forged_category_and_product_ids(self):
        before = self._tickets()
        cases = [
            ({"category_id": "999999"}, "Please choose a category from the list."),
            (
                {"category_id": str(self.hidden_category.id)},
                "Please choose a category from the list.",
            ),
            ({"category_id": "1 OR 1=1"}, "Please choose a category from the list."),
            (
                {
                    "category_parent_id": str(
                        self.env.ref("consumer_complaint.category_delivery").id
                    )
                },
                "The sub-category does not belong to the chosen category.",
            ),
            ({"category_id": ""}, "Please choose a sub-category."),
            ({"product_id": "999999"}, "Please choose a product from the list."),
            (
                {"product_id": str(self.product_not_sold.id)},
                "Please choose a product from the list.",
            ),
            ({"product_id": "-1"}, "Please choose a product from the list."),
            ({"demand": "free_car"}, "Please tell us what you would like us to do."),
        ]
        for values, message in cases:
            response = self._post("/complaint/new", self._form_data(**values))
            self._assert_refused(response, message)
        self.assertFalse(self._tickets() - before)

    def test_dates_and_amount(self):
        before = self._tickets()
        cases = [
            ({"purchase_date": "2024-13-45"}, "Purchase date is not a valid date."),
            (
                {"purchase_date": str(self.today + timedelta(days=30))},
                "cannot be in the future",
            ),
            (
                {
                    "purchase_date": str(self.today - timedelta(days=3)),
                    "delivery_date": str(self.today - timedelta(days=5)),
                },
                "The delivery date cannot be before the purchase date.",
            ),
            ({"amount_paid": "lots"}, "Please enter the amount paid as a number"),
            ({"amount_paid": "-5"}, "Please enter the amount paid as a number"),
            ({"amount_paid": "nan"}, "Please enter the amount paid as a number"),
        ]
        for values, message in cases:
            response = self._post("/complaint/new", self._form_data(**values))
            self._assert_refused(response, message)
        self.assertFalse(self._tickets() - before)

    def test_csrf_token_missing_or_wrong(self):
        before = self._tickets()
        message = "This form has expired or was not sent from our site."
        for csrf in ("", "0123456789abcdefo9999999999"):
            response = self._post(
                "/complaint/new", self._form_data(csrf=csrf, order_ref="KEEP-ME")
            )
            self._assert_refused(response, message)
            # What was typed is kept and a fresh token is given.
            self.assertIn('value="KEEP-ME"', response.text)
            self.assertIn('name="csrf_token" value="', response.text)
        self.assertFalse(self._tickets() - before)

    def test_honeypot(self):
        before = self._tickets()
        response = self._post(
            "/complaint/new", self._form_data(homepage="http://spam.example.com")
        )
        self._assert_refused(response, "Your complaint could not be sent.")
        self.assertFalse(self._tickets() - before)

    def test_rate_limits(self):
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("consumer_complaint.intake_rate_ip_hour", 2)
        before = self._tickets()
        for i in range(2):
            response = self._post(
                "/complaint/new",
                self._form_data(email=f"ip{i}@example.com", phone=f"1380013800{i}"),
            )
            self.assertEqual(response.status_code, 303)
        response = self._post(
            "/complaint/new", self._form_data(email="ip9@example.com", phone="")
        )
        self._assert_refused(
            response, "Too many complaints were sent from your network", 429
        )
        self.assertEqual(len(self._tickets() - before), 2)
        # Per phone or e-mail, whatever the network.
        ICP.set_param("consumer_complaint.intake_rate_ip_hour", 1000)
        ICP.set_param("consumer_complaint.intake_rate_contact_day", 1)
        response = self._post(
            "/complaint/new", self._form_data(email="IP0@example.com", phone="")
        )
        self._assert_refused(
            response, "You have already sent several complaints today", 429
        )
        response = self._post(
            "/complaint/new", self._form_data(email="", phone="13800138001")
        )
        self._assert_refused(
            response, "You have already sent several complaints today", 429
        )
        self.assertEqual(len(self._tickets() - before), 2)

    def test_failure_leaves_nothing_behind(self):
        """A failure after the complaint, its partner and its files were
        written rolls all of them back."""
        before, before_att = self._tickets(), self._attachments()
        partners = self.env["res.partner"].search_count([])
        data = self._form_data(email="rollback@example.com")
        IrAttachment = self.registry["ir.attachment"]
        create = IrAttachment.create

        def create_then_fail(records, vals_list):
            attachments = create(records, vals_list)
            if any(vals.get("res_model") == "helpdesk.ticket" for vals in vals_list):
                self.assertTrue(attachments.exists())
                raise UserError(self.env._("The file store is full."))
            return attachments

        with patch.object(IrAttachment, "create", create_then_fail):
            response = self._post(
                "/complaint/new",
                data,
                files=[("attachments", ("a.png", PNG, "image/png"))],
            )
        self._assert_refused(response, "The file store is full.")
        self.assertFalse(self._tickets() - before)
        self.assertFalse(self._attachments() - before_att)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "rollback@example.com")])
        )

    def test_unexpected_error_is_not_a_server_error(self):
        before = self._tickets()
        Ticket = self.registry["helpdesk.ticket"]
        with (
            patch.object(
                Ticket,
                "_complaint_attach_files",
                side_effect=ZeroDivisionError("boom"),
                autospec=True,
            ),
            mute_logger("odoo.addons.consumer_complaint.controllers.main"),
        ):
            response = self._post(
                "/complaint/new",
                self._form_data(),
                files=[("attachments", ("a.png", PNG, "image/png"))],
            )
        self._assert_refused(response, "technical problem", 503)
        self.assertFalse(self._tickets() - before)

    def test_logged_in_user_is_not_linked_to_another_partner(self):
        self.authenticate("cc_portal_one", "cc_portal_one")
        before = self._tickets()
        response = self._post(
            "/complaint/new", self._form_data(email="someone.else@example.com")
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._tickets() - before
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)

    def test_store_poster_has_qr_code_to_the_form(self):
        shop = self.env["complaint.store"].create(
            {"name": "南京西路店 (test)", "code": "上海-02"}
        )
        Report = self.env["ir.actions.report"]
        report = "consumer_complaint.action_report_complaint_store_poster"
        html = Report._render_qweb_html(report, (self.store | shop).ids)[0].decode()
        base = self.store.get_base_url()
        self.assertIn(f"{base}/complaint/new?store=SHJA01", html)
        self.assertIn(f"{base}/complaint/new?store=%E4%B8%8A%E6%B5%B7-02", html)
        self.assertIn("南京西路店 (test)", html)
        # One QR image per store, inline (no request back to the server).
        images = re.findall(r"<img [^>]*>", html)
        for code in ("SHJA01", "上海-02"):
            qr = [img for img in images if f'alt="{code}"' in img]
            self.assertEqual(len(qr), 1)
            self.assertRegex(qr[0], r'src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"')
        if Report.get_wkhtmltopdf_state() == "ok":
            # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores the
            # header and footer switches; the poster has neither.
            with mute_logger("odoo.addons.base.models.ir_actions_report"):
                pdf, _type = Report.with_context(
                    force_report_rendering=True
                )._render_qweb_pdf(report, self.store.ids)
            self.assertTrue(pdf.startswith(b"%PDF"))

    def test_intake_settings(self):
        settings = self.env["res.config.settings"].create(
            {
                "complaint_intake_max_files": 2,
                "complaint_intake_max_file_size": 4,
                "complaint_intake_allowed_types": "png, PDF",
                "complaint_intake_rate_ip": 7,
                "complaint_intake_rate_contact": 2,
                "complaint_intake_team_id": self.team.id,
            }
        )
        settings.set_values()
        config = intake_config(self.env)
        self.assertEqual(config["max_files"], 2)
        self.assertEqual(config["max_file_mb"], 4)
        self.assertEqual(config["kinds"], ["png", "pdf"])
        self.assertEqual((config["rate_ip"], config["rate_contact"]), (7, 2))
        for values in (
            {"complaint_intake_allowed_types": "png,exe"},
            {"complaint_intake_max_files": 50},
            {"complaint_intake_max_file_size": 0},
        ):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(values)
