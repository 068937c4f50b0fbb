# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_survey_flow
from . import test_followup
from . import test_survey_portal
from . import test_survey_report
from . import test_survey_translation
from . import test_decision_guard
from . import test_survey_access
from . import test_security_followups
from . import test_survey_scores
from . import test_tours_zh
