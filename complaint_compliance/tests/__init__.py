from . import test_compliance_rules
from . import test_compliance_ticket
