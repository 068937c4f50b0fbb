from . import complaint_health_report
