# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from pydantic import BaseModel, Field


class Status(BaseModel):
    code: str = Field(
        description="Stable code: accepted, investigating, solution, feedback, "
        "execution, followup, archived, withdrawn."
    )
    label: str = Field(description="The status in plain words, as on the portal.")
    text: str = Field(description="What it means for the customer.")


class ComplaintCreated(BaseModel):
    number: str
    token: str = Field(
        description="Tracking token: send it (header X-Tracking-Token) to follow "
        "the complaint; give it only to the customer."
    )
    tracking_url: str = Field(description="The customer's page of the complaint.")
    status: Status
    promise: str | None = Field(
        None, description="When the customer may expect a solution, in words."
    )


class TimelineItem(BaseModel):
    date: datetime
    title: str


class MessageFile(BaseModel):
    name: str
    mimetype: str | None = None


class Message(BaseModel):
    date: datetime
    author: str
    text: str
    files: list[MessageFile] = []


class Compensation(BaseModel):
    name: str
    amount: float | None = None
    state: str


class ComplaintDetail(BaseModel):
    number: str
    merged_into: str | None = Field(
        None,
        description="Number of the complaint this duplicate was merged into: "
        "the case goes on there, followed with that complaint's own token.",
    )
    submitted: datetime
    status: Status
    promise: str | None = None
    solution: str | None = Field(
        None, description="The proposed solution, once sent to the customer."
    )
    can_answer: bool = Field(description="A solution waits for accept or reject.")
    can_withdraw: bool
    timeline: list[TimelineItem]
    messages: list[Message]
    compensation: list[Compensation] = Field(
        description="Granted compensation, once the solution is sent."
    )


class ComplaintSummary(BaseModel):
    number: str
    order_ref: str | None = None
    merged_into: str | None = Field(
        None, description="Number of the complaint this duplicate was merged into."
    )
    submitted: datetime
    updated: datetime
    status: Status


class ComplaintList(BaseModel):
    items: list[ComplaintSummary]
    next_since: datetime | None = Field(
        None,
        description="Pass it as `since`, with `next_after_id` as `after_id`, to "
        "get the next page; null when this page is empty.",
    )
    next_after_id: int | None = Field(
        None,
        description="Pass it as `after_id` with `next_since`: complaints changed "
        "at the same moment are paged by this position, none comes twice.",
    )


class ErrorDetail(BaseModel):
    code: str = Field(
        description="Stable code: unauthorized, forbidden_scope, not_found, "
        "invalid_input, invalid_request, rate_limited, refused, unavailable."
    )
    message: str = Field(description="In the request's language (Accept-Language).")
    errors: dict | list | None = Field(None, description="Per field, when known.")


class ErrorBody(BaseModel):
    detail: ErrorDetail
