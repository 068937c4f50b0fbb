# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


class TriageError(ValueError):
    """A problem with the input of the triage engine (bad data, bad model
    file, bad rule). The message is meant for the user, on one line."""
