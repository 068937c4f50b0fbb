# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint intake, outside the models (plain Python on an Odoo env).

- ``form``: cleaning and checks of what a customer types (the complaint
  form's fields, also the hotline entry's);
- ``catalogue``: the categories and products the form offers;
- ``files``: uploaded files, recognised from their content;
- ``rate_limit``: limits per network address and per complainant;
- ``reply``: what a customer writes later (messages, reasons);
- ``pipeline``: ``Intake``, the steps every online channel runs.

The creation itself is ``helpdesk.ticket._complaint_intake_create``
(models/helpdesk_ticket_intake.py); who a complainant is, is
``helpdesk.ticket._complaint_contact_keys`` (models/helpdesk_ticket_contact.py).
"""

from . import catalogue, files, form, pipeline, rate_limit, reply
from .pipeline import Intake, IntakeRefused
