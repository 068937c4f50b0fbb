# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import TransactionCase


class SuiteCase(TransactionCase):
    """Base of the cross-addon tests.

    Odoo tags test classes that live inside an addon; these live beside the
    addons, so they carry the tags themselves.
    """

    test_tags = {"standard", "post_install"}
    test_module = "consumer_complaint_suite"

    @classmethod
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.test_class = cls.__name__
