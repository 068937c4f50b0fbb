# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The online intake: one submission, in the same steps whatever the channel
(public form, store QR code, portal, API).

    validate (form.validate + files.check_uploads)
      → limits (rate_limit.rate_limit_error, and the channel's own quota)
      → helpdesk.ticket._complaint_intake_create (partner, team, consent,
        files), inside a savepoint; its create() prepares the values
        (triage, severity rules, routing, deadlines, repeat keys) and runs the
        effects after creation.

A channel gathers the input (posted strings, uploaded files), builds an
``Intake`` and calls ``submit`` (or ``check`` then ``create``, to tell the
failures of the creation apart); it renders the complaint it returns, or the
errors of ``IntakeRefused``. An error raised by the creation (UserError,
ValidationError, AccessError, database errors) is rolled back to the
savepoint and reaches the channel as it is.
"""

from . import (
    files as intake_files,
    form,
    rate_limit,
)


class IntakeRefused(Exception):
    """A submission refused before anything was written.

    :ivar errors: field name -> message (``form`` for the whole submission)
    :ivar status: 400 for the input, 429 for a limit reached
    """

    def __init__(self, errors, status=400):
        super().__init__(" ".join(str(message) for message in errors.values()))
        self.errors = errors
        self.status = status


class Intake:
    """One online submission on ``channel`` (a helpdesk.ticket.channel).

    :param partner: the logged-in customer, else None (a guest)
    :param store: the store of a QR code
    :param address: the network address the submission came from
    :param limit_address: whether the address counts for the per-network
        limit (an integration sends for many people from one address)
    :param quota: a callable returning the message of another limit reached
        (an API key's quota), else False; checked before the others
    :param values: ticket values the channel adds to the checked ones
    """

    def __init__(
        self,
        env,
        channel,
        partner=None,
        store=None,
        address=None,
        limit_address=True,
        quota=None,
        values=None,
    ):
        # As superuser: guests submit; what they send is checked here.
        self.env = env(su=True)
        self.channel = channel.with_env(self.env)
        self.partner = partner
        self.store = store
        self.address = address
        self.limit_address = limit_address
        self.quota = quota
        self.extra_values = values or {}

    def validate(self, post, files):
        """:return: ``(values, contact, prepared files)``
        :raise IntakeRefused: (400) field -> message"""
        values, contact, errors = form.validate(
            self.env, post, partner=self.partner, store=self.store
        )
        prepared, file_error = intake_files.check_uploads(self.env, files)
        if file_error:
            errors["attachments"] = file_error
        if errors:
            raise IntakeRefused(errors, 400)
        return dict(values, **self.extra_values), contact, prepared

    def check_limits(self, contact):
        """:raise IntakeRefused: (429) when a limit is reached; the locks it
        takes hold until the transaction ends."""
        Ticket = self.env["helpdesk.ticket"]
        address = self.address if self.limit_address else None
        # The per-complainant limit holds where consumers file by
        # themselves; an order system or a regulator files for many people.
        who = (
            {
                "email": contact.get("email"),
                "phone": contact.get("phone"),
                "partner": self.partner,
            }
            if self.channel.code in Ticket._complaint_online_channel_codes()
            else {}
        )
        error = self.quota and self.quota()
        if not error and (address or who):
            error = rate_limit.rate_limit_error(self.env, address=address, **who)
        if error:
            raise IntakeRefused({"form": error}, 429)

    def create(self, values, contact, prepared):
        """The complaint, its partner and its files, all or nothing."""
        Ticket = self.env["helpdesk.ticket"]
        with self.env.cr.savepoint():
            return Ticket._complaint_intake_create(
                values,
                contact,
                prepared,
                self.channel,
                partner=self.partner,
                address=self.address,
            )

    def check(self, post, files):
        """Validate, then check the limits.

        :param post: the posted strings (the complaint form's field names)
        :param files: ``(filename, content)`` (see ``files.read_uploads``)
        :return: ``(values, contact, prepared files)`` for ``create``
        :raise IntakeRefused: nothing was written
        """
        values, contact, prepared = self.validate(post, files)
        self.check_limits(contact)
        return values, contact, prepared

    def submit(self, post, files):
        """``check``, then ``create``: the complaint (superuser)."""
        return self.create(*self.check(post, files))
