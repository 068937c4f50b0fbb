# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import complaint_survey_rule
from . import survey_survey
from . import survey_question
from . import survey_question_answer
from . import survey_user_input
from . import helpdesk_ticket
from . import helpdesk_ticket_portal_fields
from . import helpdesk_ticket_privacy
