# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import complaint_api_key
from . import complaint_api_delivery
from . import helpdesk_ticket
from . import helpdesk_ticket_channel
from . import fastapi_endpoint
