from . import complaint_customer_response
from . import complaint_close
