from . import test_compliance_rules
from . import test_compliance_ticket
from . import test_decision_guard
from . import test_legal_vectors
