# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import Any

from odoo import fields, models
from starlette.middleware import Middleware

from ..errors import ApiErrorMiddleware
from ..routers import complaint_router

API_DESCRIPTION = """
Register and follow consumer complaints from an app, a mini-program, an
order system or a regulator's platform.

* Authentication: header `X-API-Key` (one key per integration, with scopes).
* Following a complaint: header `X-Tracking-Token`, answered at registration.
* Errors: `{"detail": {"code": "...", "message": "...", "errors": {...}}}`;
  the message follows `Accept-Language` (zh-CN, en).
* Webhook: status changes are posted to the integration's URL, signed with
  `X-Complaint-Signature: sha256=<HMAC-SHA256 of the body with the secret>`.
"""


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    app = fields.Selection(
        selection_add=[("complaint_api", "Complaint API")],
        ondelete={"complaint_api": "cascade"},
    )

    def _get_fastapi_routers(self):
        if self.app == "complaint_api":
            return [complaint_router]
        return super()._get_fastapi_routers()

    def _get_fastapi_app_middlewares(self):
        middlewares = super()._get_fastapi_app_middlewares()
        if self.app == "complaint_api":
            middlewares.append(Middleware(ApiErrorMiddleware))
        return middlewares

    def _prepare_fastapi_app_params(self) -> dict[str, Any]:
        params = super()._prepare_fastapi_app_params()
        if self.app == "complaint_api":
            params["description"] = (self.description or "") + API_DESCRIPTION
            params["version"] = "1"
        return params
