from . import compliance_rules
from . import complaint_legal_clause
from . import complaint_holiday
from . import helpdesk_ticket
from . import helpdesk_ticket_privacy
from . import res_company
from . import res_config_settings
