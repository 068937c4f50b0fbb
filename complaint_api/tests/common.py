# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.consumer_complaint.tests.test_public_form import (
    ComplaintIntakeHttpCase,
)
from odoo.modules.registry import DummyRLock
from odoo.tests import new_test_user

API = "/api/complaints/v1"


class ComplaintApiCase(ComplaintIntakeHttpCase):
    """The web form's intake fixtures (team, categories, products, limits),
    plus integrations with keys, over the real Odoo route of the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # FastAPI runs the handlers in a worker thread while Odoo's request
        # thread holds the test cursor's lock; the intake rate limit opens a
        # second (test) cursor from the handler, which would wait for that
        # lock forever. Requests here are sequential: no lock is needed
        # (Odoo does the same for the registry's lock in test mode).
        cls.registry.test_lock = DummyRLock()
        cls.env.ref("complaint_api.fastapi_endpoint_complaint")._handle_registry_sync()
        cls.manager = new_test_user(
            cls.env,
            "cc_api_manager",
            groups="consumer_complaint.group_complaint_manager",
            name="API Manager",
        )
        cls.supervisor = new_test_user(
            cls.env,
            "cc_api_supervisor",
            groups="consumer_complaint.group_complaint_supervisor",
            name="API Supervisor",
        )
        cls.team.user_ids |= cls.supervisor
        cls.key_app, cls.raw_app = cls._new_key("Mini-program (test)", scope_list=True)
        cls.key_erp, cls.raw_erp = cls._new_key(
            "Order system (test)", channel="erp", scope_list=True
        )

    @classmethod
    def _new_key(cls, name, **values):
        key = (
            cls.env["complaint.api.key"]
            .with_user(cls.manager)
            .create(dict({"name": name}, **values))
        )
        shown = cls.env["complaint.api.key.show"].browse(
            key.action_generate_key()["res_id"]
        )
        return key.sudo(), shown.sudo().api_key

    def _headers(self, raw=None, token=None, lang="en-US"):
        headers = {"Accept-Language": lang}
        if raw:
            headers["X-API-Key"] = raw
        if token:
            headers["X-Tracking-Token"] = token
        return headers

    def _api(self, method, path, raw=None, token=None, lang="en-US", **kwargs):
        self.opener.cookies.clear()
        return self.opener.request(
            method,
            self.base_url() + API + path,
            headers=self._headers(raw, token, lang),
            timeout=60,
            allow_redirects=False,
            **kwargs,
        )

    def _api_data(self, **values):
        """The web form's valid values, without its CSRF token."""
        data = self._form_data(csrf="")
        data.pop("csrf_token")
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def _create(self, raw=None, files=None, **values):
        response = self._api(
            "POST",
            "/complaints",
            raw=raw or self.raw_app,
            data=self._api_data(**values),
            files=files,
        )
        self.assertEqual(response.status_code, 201, response.text[:2000])
        return response.json()

    def _ticket(self, number):
        self.env.invalidate_all()
        return self.env["helpdesk.ticket"].search([("number", "=", number)])

    def assertApiError(self, response, status, code, message=None):
        self.assertEqual(response.status_code, status, response.text[:2000])
        detail = response.json()["detail"]
        self.assertEqual(detail["code"], code)
        self.assertTrue(detail["message"])
        if message:
            self.assertIn(message, detail["message"])
        return detail
