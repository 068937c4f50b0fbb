# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .complaints import router as complaint_router

__all__ = ["complaint_router"]
