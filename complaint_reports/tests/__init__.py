from . import test_complaint_report
from . import test_dashboard
from . import test_health_report
from . import test_spike_alert
from . import test_health_report_http
from . import test_decision_guard
from . import test_health_xlsx_text
from . import test_report_merge
