# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint REST API: the customer's side (register, follow, answer,
write, withdraw) for apps and mini-programs, and the list of changes for
integrations. Every call goes through the intake pipeline and the portal's
model methods of consumer_complaint; nothing here decides on its own."""

from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile
from odoo.addons.consumer_complaint.intake import Intake, IntakeRefused
from odoo.addons.consumer_complaint.intake.files import read_uploads
from odoo.addons.consumer_complaint.intake.reply import check_message, check_reason
from odoo.exceptions import AccessError, UserError, ValidationError
from starlette.datastructures import UploadFile as StarletteUploadFile

from ..dependencies import require_scope
from ..errors import ApiError
from ..models.helpdesk_ticket import utc
from ..schemas import ComplaintCreated, ComplaintDetail, ComplaintList, ErrorBody

router = APIRouter(tags=["complaints"])

ERRORS = {
    400: {"model": ErrorBody, "description": "Invalid input (see errors)"},
    401: {
        "model": ErrorBody,
        "description": "Missing, unknown, expired or revoked key",
    },
    403: {"model": ErrorBody, "description": "The key lacks the scope"},
}
NOT_FOUND = {
    404: {
        "model": ErrorBody,
        "description": "No such complaint of this integration, or wrong token",
    }
}
CONFLICT = {409: {"model": ErrorBody, "description": "Not possible at this step"}}

Token = Annotated[
    str | None,
    Header(
        alias="X-Tracking-Token",
        description="The tracking token answered when the complaint was registered.",
    ),
]
Text = Annotated[str | None, Form()]
Files = Annotated[
    list[UploadFile] | None,
    File(description="Photos (PNG, JPEG, GIF, WebP) and PDF, as on the web form."),
]


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------


def _ticket_model(key):
    return key.env["helpdesk.ticket"].sudo().with_company(key.company_id)


def _read_uploads(env, uploads):
    """``(filename, content)`` of the uploads, read as the web form reads
    them (``read_uploads``)."""
    return read_uploads(
        env,
        [
            (upload.filename, upload.file)
            for upload in uploads or []
            if isinstance(upload, StarletteUploadFile)
        ],
    )


def _invalid(env, errors):
    raise ApiError(
        400,
        "invalid_input",
        " ".join(str(message) for message in errors.values()),
        errors=errors,
    )


def _find(key, number, token):
    ticket = _ticket_model(key)._api_find(key, number, token=token or "")
    # (An empty token never matches, not even an erased complaint's.)
    if not ticket:
        raise ApiError(
            404,
            "not_found",
            key.env._("No complaint of yours has this number and token."),
        )
    return ticket


def _find_answerable(key, number, token):
    """The complaint, when a solution waits for the customer's answer."""
    ticket = _find(key, number, token)
    if not ticket._complaint_portal_can_answer():
        raise ApiError(
            409, "refused", key.env._("There is no solution waiting for your answer.")
        )
    return ticket


def _reason(key, reason, required=False):
    """The customer's reason as the portal takes it (``check_reason``)."""
    env = _ticket_model(key).env
    errors = {}
    reason = check_reason(env, reason, errors, required=required)
    if errors:
        _invalid(env, errors)
    return reason


def _refused(exc):
    return ApiError(409, "refused", str(exc.args[0] if exc.args else exc))


def _client_address(request):
    return request.client.host if request.client else None


# ----------------------------------------------------------------------
# Routes
# ----------------------------------------------------------------------


@router.post(
    "/complaints",
    status_code=201,
    response_model=ComplaintCreated,
    responses={**ERRORS, 429: {"model": ErrorBody, "description": "Rate limit"}},
    summary="Register a complaint",
)
def create_complaint(
    request: Request,
    key: Annotated[object, Depends(require_scope("create"))],
    description: Text = None,
    name: Text = None,
    phone: Text = None,
    email: Text = None,
    category_id: Text = None,
    category_parent_id: Text = None,
    product_id: Text = None,
    order_ref: Text = None,
    purchase_date: Text = None,
    delivery_date: Text = None,
    amount_paid: Text = None,
    demand: Text = None,
    anonymous: Text = None,
    privacy_consent: Text = None,
    attachments: Files = None,
):
    """The fields of the web form, checked by the same code: `description`,
    `name`, `phone` or `email`, `category_id` (a sub-category shown on the
    portal), `product_id`, `order_ref`, `purchase_date` and `delivery_date`
    (YYYY-MM-DD), `amount_paid`, `demand` (refund, exchange, repair,
    compensation, apology, explanation, other), `anonymous`,
    `privacy_consent` (required: the customer agreed) and files as
    `attachments`. Rate limits: the web form's per contact (phone, e-mail)
    and the key's hourly quota (429 `rate_limited`); not per network
    address, as one integration sends for many customers."""
    env = key.env
    Ticket = _ticket_model(key)
    post = {
        "description": description,
        "name": name,
        "phone": phone,
        "email": email,
        "category_id": category_id,
        "category_parent_id": category_parent_id,
        "product_id": product_id,
        "order_ref": order_ref,
        "purchase_date": purchase_date,
        "delivery_date": delivery_date,
        "amount_paid": amount_paid,
        "demand": demand,
        "anonymous": anonymous,
        "privacy_consent": privacy_consent,
    }
    post = {field: value for field, value in post.items() if value is not None}
    channel = env["helpdesk.ticket.channel"].search(
        [("code", "=", key.channel)], order="id", limit=1
    )
    if not channel:
        raise ApiError(
            503,
            "unavailable",
            env._("Complaints cannot be received through this channel yet."),
        )
    # The web form's per-contact limit holds where consumers file by
    # themselves (app, mini-program: the intake's online channels); an order
    # system or a regulator files for many people and is held by its key's
    # quota only. Not per network address: one integration sends for many.
    intake = Intake(
        Ticket.env,
        channel,
        address=_client_address(request),
        limit_address=False,
        quota=key._api_quota_error,
        values={"api_key_id": key.id},
    )
    try:
        ticket = intake.submit(post, _read_uploads(Ticket.env, attachments))
    except IntakeRefused as refused:
        if refused.status == 429:
            raise ApiError(429, "rate_limited", refused.errors["form"]) from refused
        _invalid(env, refused.errors)
    except (UserError, ValidationError) as exc:
        raise ApiError(
            400, "invalid_input", str(exc.args[0] if exc.args else exc)
        ) from exc
    except AccessError as exc:
        raise ApiError(
            503, "unavailable", str(exc.args[0] if exc.args else exc)
        ) from exc
    ticket._complaint_log(
        "other",
        env._("Registered through the API by %(integration)s", integration=key.name),
        {"api_key": key.id, "channel": key.channel},
    )
    return {
        "number": ticket.number,
        "token": ticket._portal_ensure_token(),
        "tracking_url": ticket._complaint_tracking_url(),
        "status": ticket._api_status(),
        "promise": ticket._complaint_portal_deadline_text() or None,
    }


@router.get(
    "/complaints",
    response_model=ComplaintList,
    responses=ERRORS,
    summary="List the integration's complaints changed since a moment",
)
def list_complaints(
    key: Annotated[object, Depends(require_scope("list"))],
    since: Annotated[
        datetime,
        Query(description="ISO 8601 moment, e.g. 2026-01-31T08:00:00Z"),
    ],
    after_id: Annotated[
        int | None,
        Query(
            ge=0,
            description="The `next_after_id` of the previous page, with its "
            "`next_since` as `since`: only the complaints changed after that "
            "position are answered.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
):
    """Only the complaints this key registered, oldest change first, then by
    position. Complaints changed in one transaction share their change
    moment: to page, pass the answer's `next_since` as `since` and its
    `next_after_id` as `after_id`, until `items` is empty; each complaint
    comes once per change. Without `after_id`, everything changed at
    `since` or later is answered."""
    if since.tzinfo:
        since = since.astimezone(timezone.utc).replace(tzinfo=None)
    if after_id is None:
        moment = [("write_date", ">=", since)]
    else:
        moment = [
            "|",
            ("write_date", ">", since),
            "&",
            ("write_date", "=", since),
            ("id", ">", after_id),
        ]
    tickets = _ticket_model(key).search(
        [
            ("is_complaint", "=", True),
            ("api_key_id", "=", key.id),
            ("company_id", "=", key.company_id.id),
        ]
        + moment,
        order="write_date, id",
        limit=limit,
    )
    items = [ticket._api_summary() for ticket in tickets]
    last = tickets[-1:]
    return {
        "items": items,
        "next_since": utc(last.write_date) if last else None,
        "next_after_id": last.id or None,
    }


@router.get(
    "/complaints/{number}",
    response_model=ComplaintDetail,
    responses={**ERRORS, **NOT_FOUND},
    summary="Follow a complaint",
)
def get_complaint(
    number: str,
    key: Annotated[object, Depends(require_scope("read"))],
    token: Token = None,
):
    """What the customer's page shows: status in plain words, timeline,
    messages, the solution once sent and granted compensation."""
    return _find(key, number, token)._api_detail()


@router.post(
    "/complaints/{number}/messages",
    response_model=ComplaintDetail,
    responses={**ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Write to the desk (text, files or both)",
)
def post_message(
    number: str,
    key: Annotated[object, Depends(require_scope("act"))],
    token: Token = None,
    message: Text = None,
    attachments: Files = None,
):
    ticket = _find(key, number, token)
    env = key.env
    text, prepared, errors = check_message(
        _ticket_model(key).env, message, _read_uploads(env, attachments)
    )
    if errors:
        _invalid(env, errors)
    if ticket.complaint_state in ("archived", "withdrawn"):
        raise ApiError(
            409,
            "refused",
            env._(
                "This complaint is closed. To complain again, please file a "
                "new complaint."
            ),
        )
    ticket._complaint_portal_post(text, prepared, ticket.partner_id)
    return ticket._api_detail()


@router.post(
    "/complaints/{number}/accept",
    response_model=ComplaintDetail,
    responses={**ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Accept the proposed solution",
)
def accept_solution(
    number: str,
    key: Annotated[object, Depends(require_scope("act"))],
    token: Token = None,
):
    ticket = _find_answerable(key, number, token)
    try:
        ticket._complaint_customer_accept()
    except UserError as exc:
        raise _refused(exc) from exc
    return ticket._api_detail()


@router.post(
    "/complaints/{number}/reject",
    response_model=ComplaintDetail,
    responses={**ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Reject the proposed solution, with the reason",
)
def reject_solution(
    number: str,
    key: Annotated[object, Depends(require_scope("act"))],
    token: Token = None,
    reason: Text = None,
):
    ticket = _find_answerable(key, number, token)
    reason = _reason(key, reason, required=True)
    try:
        ticket._complaint_customer_reject(reason)
    except UserError as exc:
        raise _refused(exc) from exc
    return ticket._api_detail()


@router.post(
    "/complaints/{number}/withdraw",
    response_model=ComplaintDetail,
    responses={**ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Withdraw the complaint (the tracking token stops working)",
)
def withdraw_complaint(
    number: str,
    key: Annotated[object, Depends(require_scope("act"))],
    token: Token = None,
    reason: Text = None,
):
    ticket = _find(key, number, token)
    env = key.env
    if not ticket._complaint_portal_can_withdraw():
        raise ApiError(
            409, "refused", env._("This complaint can no longer be withdrawn.")
        )
    reason = _reason(key, reason)
    try:
        ticket._complaint_portal_withdraw(reason, ticket.partner_id)
    except UserError as exc:
        raise _refused(exc) from exc
    return ticket._api_detail()
