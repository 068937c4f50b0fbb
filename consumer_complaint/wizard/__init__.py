from . import complaint_customer_response
from . import complaint_close
from . import complaint_hotline
from . import complaint_reveal
from . import complaint_privacy_request
from . import complaint_compensation_reject
from . import complaint_compensation_done
from . import complaint_merge
