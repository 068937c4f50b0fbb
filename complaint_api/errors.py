# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Errors of the API: JSON ``{"detail": {"code", "message"[, "errors"]}}``,
a stable code for programs and a message in the request's language."""

import logging

from fastapi import HTTPException
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from odoo.addons.fastapi.context import odoo_env_ctx
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(HTTPException):
    """A refusal. Raised, so that Odoo rolls the transaction back; logged
    at INFO level by Odoo's request handler (a refusal is not a fault)."""

    loglevel = logging.INFO

    def __init__(self, status_code, code, message, errors=None, headers=None):
        detail = {"code": code, "message": message}
        if errors:
            detail["errors"] = errors
        super().__init__(status_code=status_code, detail=detail, headers=headers)


class ApiErrorMiddleware:
    """Turns what FastAPI or Starlette refuse before our code runs (a
    malformed body, a parameter of the wrong type) into an ``ApiError``."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        try:
            await self.app(scope, receive, send)
        except ApiError:
            raise
        except RequestValidationError as exc:
            env = odoo_env_ctx.get()
            raise ApiError(
                422,
                "invalid_request",
                env._("The request is not valid: see the errors."),
                errors=jsonable_encoder(exc.errors()),
            ) from exc
        except StarletteHTTPException as exc:
            env = odoo_env_ctx.get()
            raise ApiError(
                exc.status_code,
                "invalid_request",
                env._("The request could not be read: %(reason)s", reason=exc.detail),
                headers=getattr(exc, "headers", None),
            ) from exc
        except UnicodeDecodeError as exc:
            env = odoo_env_ctx.get()
            raise ApiError(
                400,
                "invalid_request",
                env._("The request is not valid UTF-8 text."),
            ) from exc
