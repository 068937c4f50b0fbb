# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer writes on a complaint after filing it (portal page, API):
messages with files, and the reasons of a rejection or a withdrawal,
checked as the complaint form checks its texts."""

from .files import check_uploads
from .form import MAX_LENGTHS, clean_text


def check_message(env, raw, files):
    """A message, files or both.

    :param files: ``(filename, content)`` (see ``files.read_uploads``)
    :return: ``(text, prepared files, errors)``
    """
    text = clean_text(raw, multiline=True)
    errors = {}
    if len(text) > MAX_LENGTHS["message"]:
        errors["message"] = env._(
            "Your message is too long: at most %(max)s characters.",
            max=MAX_LENGTHS["message"],
        )
    prepared, file_error = check_uploads(env, files)
    if file_error:
        errors["attachments"] = file_error
    if not errors and not text and not prepared:
        errors["message"] = env._("Write a message or attach a file.")
    return text, prepared, errors


def check_reason(env, raw, errors, key="reason", required=False):
    """The reason of a rejection (``required``: it must say why) or of a
    withdrawal; what is wrong goes to ``errors[key]``."""
    reason = clean_text(raw, multiline=True)
    if required and not reason:
        errors[key] = env._("Please tell us why the solution does not suit you.")
    elif len(reason) > MAX_LENGTHS["reason"]:
        errors[key] = env._(
            "Your reason is too long: at most %(max)s characters.",
            max=MAX_LENGTHS["reason"],
        )
    return reason
