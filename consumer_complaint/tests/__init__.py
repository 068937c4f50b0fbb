from . import test_complaint_intake
from . import test_complaint_deadlines
from . import test_complaint_workflow
from . import test_complaint_cron
from . import test_complaint_event
from . import test_complaint_access
from . import test_triage_engine
from . import test_triage_cli
