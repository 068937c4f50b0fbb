# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .complaint import (
    ComplaintCreated,
    ComplaintDetail,
    ComplaintList,
    ComplaintSummary,
    ErrorBody,
    Status,
)

__all__ = [
    "ComplaintCreated",
    "ComplaintDetail",
    "ComplaintList",
    "ComplaintSummary",
    "ErrorBody",
    "Status",
]
