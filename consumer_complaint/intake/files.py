# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Files a customer uploads (form, portal, API, Odoo's own upload routes):
recognised from their content, within the intake's limits."""

import os
import unicodedata

from odoo.exceptions import UserError
from odoo.tools.image import IMAGE_MAX_RESOLUTION

from .form import CONTROL_RE, intake_config

# Recognised file contents: kind -> (mimetype, extensions, test on the first bytes).
FILE_SIGNATURES = {
    "png": ("image/png", (".png",), lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": (
        "image/jpeg",
        (".jpg", ".jpeg"),
        lambda b: b.startswith(b"\xff\xd8\xff"),
    ),
    "gif": (
        "image/gif",
        (".gif",),
        lambda b: b.startswith((b"GIF87a", b"GIF89a")),
    ),
    "webp": (
        "image/webp",
        (".webp",),
        lambda b: len(b) >= 12 and b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    ),
    "pdf": ("application/pdf", (".pdf",), lambda b: b.startswith(b"%PDF-")),
}
IMAGE_MIMETYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def accept_attribute(config):
    """Value of the ``accept`` attribute of the file inputs."""
    return ",".join(
        FILE_SIGNATURES[kind][0] + "," + ",".join(FILE_SIGNATURES[kind][1])
        for kind in config["kinds"]
    )


def file_kind(content):
    head = content[:16]
    for kind, (_mimetype, _exts, test) in FILE_SIGNATURES.items():
        if test(head):
            return kind
    return False


def read_uploads(env, uploads):
    """``(filename, content)`` of uploaded files.

    :param uploads: ``(filename, stream)`` pairs, as the channel receives
        them; those without a file name are skipped.
    :return: each content holds at most one byte more than the size limit
        (enough to refuse it); files past the number allowed are not read.
    """
    config = intake_config(env)
    limit = config["max_file_mb"] * 1024 * 1024 + 1
    files = []
    for filename, stream in uploads:
        if not filename:
            continue
        if len(files) >= config["max_files"]:
            # Too many anyway: do not read the rest.
            files.append((filename, b""))
            continue
        files.append((filename, stream.read(limit)))
    return files


def check_files(env, files, config=None):
    """Check uploaded files: number, size and kind.

    :param files: list of ``(filename, content)``; content holds at most
        one byte more than the size limit.
    :return: ``(prepared, error)``: prepared is a list of dicts with
        name, raw and mimetype; error a message or False.
    """
    config = config or intake_config(env)
    if len(files) > config["max_files"]:
        return [], env._(
            "You can attach at most %(count)s files.", count=config["max_files"]
        )
    max_bytes = config["max_file_mb"] * 1024 * 1024
    prepared, problems = [], []
    for filename, content in files:
        name = os.path.basename((filename or "").replace("\\", "/"))
        name = unicodedata.normalize("NFC", CONTROL_RE.sub("", name)).strip()
        name = name[-100:] or "file"
        if not content:
            problems.append(env._("%(name)s is empty.", name=name))
            continue
        if len(content) > max_bytes:
            problems.append(
                env._(
                    "%(name)s is larger than %(size)s MB.",
                    name=name,
                    size=config["max_file_mb"],
                )
            )
            continue
        kind = file_kind(content)
        if kind not in config["kinds"]:
            problems.append(
                env._(
                    "%(name)s is not an accepted file. Accepted: %(kinds)s.",
                    name=name,
                    kinds=", ".join(k.upper() for k in config["kinds"]),
                )
            )
            continue
        mimetype, extensions, _test = FILE_SIGNATURES[kind]
        if not name.lower().endswith(extensions):
            name = f"{name}{extensions[0]}"
        prepared.append({"name": name, "raw": content, "mimetype": mimetype})
    if problems:
        return [], " ".join(problems)
    return prepared, False


def check_uploads(env, files, config=None):
    """``check_files``, then the dimensions of images.

    Stored images are resized by ir.attachment, which decodes every pixel: a
    few kilobytes of PNG can expand to gigabytes of memory. Images larger
    than Odoo's own limit are refused before that.

    :return: ``(prepared, error)`` as ``check_files``.
    """
    # The models import this package: the attachment model is read late.
    from ..models.ir_attachment import image_pixels

    if not files:
        return [], False
    prepared, error = check_files(env, files, config=config)
    if error:
        return prepared, error
    too_large = [
        item["name"]
        for item in prepared
        if item["mimetype"] in IMAGE_MIMETYPES
        and image_pixels(item["raw"]) > IMAGE_MAX_RESOLUTION
    ]
    if too_large:
        return [], " ".join(
            env._(
                "%(name)s is too large an image: at most %(mpx)s million pixels.",
                name=name,
                mpx=int(IMAGE_MAX_RESOLUTION / 1e6),
            )
            for name in too_large
        )
    return prepared, False


def check_customer_upload(env, name, raw):
    """The intake's rules for one file a customer or guest uploads through
    a route that does not check them (Odoo's /mail/attachment/upload).

    :return: ``(name, mimetype)`` to store.
    :raise UserError: what is wrong with the file.
    """
    prepared, error = check_uploads(env, [(name, raw or b"")])
    if error:
        raise UserError(error)
    return prepared[0]["name"], prepared[0]["mimetype"]
