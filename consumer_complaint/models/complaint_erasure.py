# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasing a complainant's personal data (PIPL arts. 19 and 47): what the
erasure hook of every addon shares. No model here.

``Scrubber`` takes the personal values known of the person (name, phones,
e-mail addresses, ID number, address) and removes them, and anything that
looks like a phone number, an e-mail address, an ID-card number (18 digits
with a valid check digit), a bank-card number (Luhn) or a street address,
from the free texts that stay for statistics (title, description, solution,
resolution, notes, reasons).

``ErasureResult`` collects what each addon erased, detached and kept (with
the legal reason); the request wizard shows it and the event log records it.
"""

import contextvars
import html
import re

from markupsafe import Markup

from .complaint_masking import EMAIL_RE, PHONE_RE

PLACEHOLDER = "***"
# Set while an erasure runs (a context key would be client-controlled): lets
# the erasure rewrite texts that are otherwise frozen once decided.
ERASING = contextvars.ContextVar("complaint_erasing", default=False)

ID_CARD_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])"
)
# 13 to 19 digits, optionally grouped by spaces or dashes.
CARD_RE = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])")
CN_NUMBER = r"[0-9０-９一二三四五六七八九十百零〇]{1,6}"
# A street and its number, with the province, city and district before it
# and the building, unit and room after it: 上海市徐汇区漕溪北路88号3号楼1201室.
# Every part is bounded and the administrative prefix is atomic, so a long
# text costs linear time (a free repetition there backtracks exponentially).
CN_ADDRESS_RE = re.compile(
    r"(?>(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|区|县|旗|镇|乡|街道|村)){0,4})"
    r"[\u4e00-\u9fff0-9]{1,12}?(?:大道|大街|路|街|道|巷|弄|胡同)"
    + CN_NUMBER
    + r"(?:号|弄|號)"
    + r"(?:[0-9A-Za-z０-９一二三四五六七八九十百零〇-]{1,8}"
    r"(?:号楼|號樓|栋|幢|座|单元|楼|层|室|号|號)){0,4}"
)
EN_ADDRESS_RE = re.compile(
    r"\b[0-9]{1,5}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way"
    r"|Court|Ct|Place|Pl|Square|Sq|Terrace|Highway|Hwy)\b\.?"
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_card_valid(number):
    """True when ``number`` has the check digit of GB 11643 (ISO 7064)."""
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(value):
    return re.sub(r"\D", "", value or "")


class Scrubber:
    """Removes the known values of one or more persons, and the patterns of
    personal data, from free texts."""

    def __init__(self, names=(), phones=(), emails=(), id_numbers=(), addresses=()):
        patterns = []
        for email in {e.strip() for e in emails if e and e.strip()}:
            patterns.append(re.escape(email))
        for phone in phones:
            digits = _digits(phone)
            if digits.startswith("86") and len(digits) == 13:
                digits = digits[2:]
            if len(digits) >= 6:
                # The digits with any spacing or dashes between them.
                patterns.append(r"[ -]?".join(digits))
        for number in id_numbers:
            number = (number or "").strip()
            if len(number) >= 6:
                patterns.append(r"[ -]?".join(re.escape(c) for c in number))
        for address in addresses:
            address = (address or "").strip()
            parts = {address} | {
                part.strip() for part in re.split(r"[,，;；\n]", address)
            }
            patterns.extend(re.escape(p) for p in parts if len(p) >= 4)
        for name in names:
            name = (name or "").strip()
            if len(name) < 2:
                continue
            patterns.append(re.escape(name))
            words = [w for w in re.split(r"\s+", name) if len(w) >= 3]
            if len(words) > 1:
                # "Wei Zhang" is also "Mr Zhang".
                patterns.extend(rf"\b{re.escape(w)}\b" for w in words)
        # Longest first, so that a value is removed before a part of it.
        patterns.sort(key=len, reverse=True)
        self.known = (
            re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
            if patterns
            else None
        )
        self.known_escaped = None
        escaped = [
            re.escape(html.escape(value))
            for value in (*names, *addresses)
            if value and html.escape(value) != value
        ]
        if escaped:
            self.known_escaped = re.compile("|".join(escaped), re.IGNORECASE)

    def text(self, value):
        """``value`` without personal data (False and None stay)."""
        if not value or not isinstance(value, str):
            return value
        is_markup = isinstance(value, Markup)
        text = EMAIL_RE.sub(PLACEHOLDER, str(value))
        text = ID_CARD_RE.sub(
            lambda m: PLACEHOLDER if id_card_valid(m.group()) else m.group(), text
        )
        text = CARD_RE.sub(
            lambda m: PLACEHOLDER if luhn_valid(_digits(m.group())) else m.group(),
            text,
        )
        text = PHONE_RE.sub(PLACEHOLDER, text)
        text = CN_ADDRESS_RE.sub(PLACEHOLDER, text)
        text = EN_ADDRESS_RE.sub(PLACEHOLDER, text)
        if self.known:
            text = self.known.sub(PLACEHOLDER, text)
        if self.known_escaped:
            text = self.known_escaped.sub(PLACEHOLDER, text)
        return Markup(text) if is_markup else text

    def data(self, value, drop=()):
        """A JSON-like ``value`` scrubbed; keys in ``drop`` are removed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {
                key: self.data(item, drop)
                for key, item in value.items()
                if key not in drop
            }
        if isinstance(value, (list, tuple)):
            return [self.data(item, drop) for item in value]
        return value

    def matches(self, value):
        return bool(value) and self.text(value) != value


class ErasureResult:
    """What an erasure did: erased, detached and kept (with the reason).

    Entries are plain words and counts, never personal data: the event log
    records them.
    """

    def __init__(self):
        self.erased = {}
        self.detached = []
        self.kept = []
        self.files = set()

    def add_erased(self, label, count=1):
        if count:
            self.erased[label] = self.erased.get(label, 0) + count

    def add_detached(self, label, reason):
        self.detached.append({"what": label, "reason": reason})

    def add_kept(self, label, reason):
        self.kept.append({"what": label, "reason": reason})

    def as_payload(self):
        return {
            "erased": dict(sorted(self.erased.items())),
            "detached": self.detached,
            "kept": self.kept,
        }
