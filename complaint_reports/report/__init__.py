from . import complaint_report
from . import complaint_health_xlsx
from . import complaint_health_pdf
