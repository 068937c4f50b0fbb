from . import test_complaint_report
