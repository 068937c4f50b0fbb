# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader
from odoo.addons.fastapi.dependencies import odoo_env
from odoo.api import Environment

from .errors import ApiError

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="The integration's key (Complaints › Configuration › API keys).",
)


def authenticated_key(
    env: Annotated[Environment, Depends(odoo_env)],
    raw: Annotated[str | None, Security(api_key_header)],
):
    """The integration's valid key; 401 for a missing, unknown, expired or
    revoked key (the answer does not say which)."""
    key = env["complaint.api.key"].sudo()._api_authenticate(raw)
    if not key:
        raise ApiError(
            401,
            "unauthorized",
            env._("A valid API key is required (header X-API-Key)."),
            headers={"WWW-Authenticate": "APIKey"},
        )
    return key


def require_scope(scope):
    """Dependency: the key, when it holds ``scope``."""

    def checker(
        env: Annotated[Environment, Depends(odoo_env)],
        key: Annotated[object, Depends(authenticated_key)],
    ):
        if scope not in key._api_scopes():
            raise ApiError(
                403,
                "forbidden_scope",
                env._("This API key may not do this (scope %(scope)s).", scope=scope),
            )
        return key.with_env(env(su=True)).with_company(key.company_id)

    return checker
