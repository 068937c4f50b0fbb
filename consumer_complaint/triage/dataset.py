# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read labelled complaints from a CSV export."""

import csv
import io
import os
import sys

from .exceptions import TriageError

ENCODINGS = ("utf-8-sig", "gb18030")


def _decode(raw, encoding, path):
    if encoding and encoding != "auto":
        try:
            return raw.decode(encoding)
        except LookupError:
            raise TriageError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError:
            raise TriageError(f"{path} is not valid {encoding} text") from None
    for candidate in ENCODINGS:
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise TriageError(f"{path}: cannot decode as UTF-8 or GB18030; give --encoding")


def read_labelled_csv(
    path, text_column="text", label_column="label", encoding="auto", delimiter=None
):
    """``(texts, labels, skipped)`` from a CSV file with a header line.

    The encoding is UTF-8 (with or without BOM) or GB18030 (Excel exports on
    Chinese Windows) when ``encoding`` is ``"auto"``. The delimiter is
    guessed among ``, ; TAB |`` unless given. Rows with an empty text or label
    are skipped and counted. Problems raise :class:`TriageError`.
    """
    if not os.path.exists(path):
        raise TriageError(f"file not found: {path}")
    if os.path.isdir(path):
        raise TriageError(f"{path} is a directory, not a CSV file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise TriageError(f"cannot read {path}: {exc.strerror}") from None
    content = _decode(raw, encoding, path)
    if not content.strip():
        raise TriageError(f"{path} is empty")
    if delimiter is None:
        header = content.split("\n", 1)[0]
        try:
            delimiter = csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise TriageError(f"{path} is empty") from None
        for column in (text_column, label_column):
            if column not in header:
                raise TriageError(
                    f"column {column!r} not found in {path} "
                    f"(columns: {', '.join(header)})"
                )
        text_at, label_at = header.index(text_column), header.index(label_column)
        texts, labels, skipped = [], [], 0
        try:
            for row in reader:
                text = row[text_at].strip() if len(row) > text_at else ""
                label = row[label_at].strip() if len(row) > label_at else ""
                if not text or not label:
                    skipped += 1
                    continue
                texts.append(text)
                labels.append(label)
        except csv.Error as exc:
            raise TriageError(f"{path} line {reader.line_num}: {exc}") from None
    finally:
        csv.field_size_limit(limit)
    if not texts:
        raise TriageError(f"{path} has no row with both a text and a label")
    return texts, labels, skipped
