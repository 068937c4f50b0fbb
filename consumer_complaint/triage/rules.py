# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keyword / regular-expression overrides for the severity grade.

Rules are plain data so that the Odoo side can store them in editable
records: a list of ``(pattern, grade)`` pairs, or of dicts with the keys
``pattern`` and ``grade`` (and optionally ``regex``: bool, ``negation``:
bool).

* A pattern is a keyword matched as a case-insensitive substring of the
  normalised text (full-width characters folded to half-width).
* A pattern starting with ``re:`` is a regular expression (``re.I``).
* A keyword preceded by a negation (没有, 没, 未, 无, 不是, 并非 ...) does not
  match at that place ("没有过敏" is no allergy), unless the rule sets
  ``negation: False``.

When several rules match, the most severe grade wins (``major`` before
``urgent`` before ``normal``; integer grades are severity levels, 1 being the
most severe).
"""

import re
import unicodedata

from .exceptions import TriageError
from .taxonomy import grade_rank

#: Default overrides: safety, health, media / regulator risk -> major.
DEFAULT_GRADE_RULES = (
    ("食物中毒", "major"),
    ("住院", "major"),
    ("急诊", "major"),
    ("抢救", "major"),
    ("过敏", "major"),
    ("上吐下泻", "major"),
    ("死亡", "major"),
    ("身亡", "major"),
    ("去世", "major"),
    ("受伤", "major"),
    ("烫伤", "major"),
    ("划伤", "major"),
    ("爆炸", "major"),
    ("起火", "major"),
    ("媒体", "major"),
    ("记者", "major"),
    ("曝光", "major"),
    ("12315", "major"),
    ("市场监管", "major"),
    ("消协", "major"),
    ("消费者协会", "major"),
    ("起诉", "major"),
    ("律师", "major"),
    (
        "re:(多|好几|[2-9二三四五六七八九十几])(个|位|名)?人都(吃|拉|吐|病|不舒服)",
        "major",
    ),
    ("退一赔三", "urgent"),
    ("假一赔十", "urgent"),
    ("退一赔十", "urgent"),
    ("拉肚子", "urgent"),
    ("腹泻", "urgent"),
    (
        "re:(超过|超了|晚了|延误|延迟了?)\\s*(24|48|二十四|四十八)\\s*(个)?小时",
        "urgent",
    ),
)

NEGATIONS = ("没有", "并没有", "并未", "没", "未", "无", "不是", "并非", "非")
_NEGATION_WINDOW = max(len(n) for n in NEGATIONS)


def normalize_for_rules(text):
    """NFKC-fold and lower-case ``text`` (full-width ``１２３１５`` -> ``12315``)."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", str(text)).lower()


class CompiledRule:
    __slots__ = ("_keyword", "_re", "grade", "negation", "pattern", "regex")

    def __init__(self, pattern, grade, regex=None, negation=True):
        if not isinstance(pattern, str) or not pattern.strip():
            raise TriageError(
                f"severity rule with an empty pattern (severity {grade!r})"
            )
        if grade is None or (isinstance(grade, str) and not grade.strip()):
            raise TriageError(f"severity rule {pattern!r} has no severity")
        self.pattern = pattern
        self.grade = grade.strip() if isinstance(grade, str) else grade
        body = pattern
        if regex is None:
            regex = pattern.startswith("re:")
            if regex:
                body = pattern[3:]
        self.regex = bool(regex)
        self.negation = bool(negation)
        self._keyword = None
        self._re = None
        if self.regex:
            try:
                self._re = re.compile(normalize_for_rules(body), re.IGNORECASE)
            except re.error as exc:
                raise TriageError(
                    f"severity rule {pattern!r}: invalid regular expression ({exc})"
                ) from None
        else:
            self._keyword = normalize_for_rules(body).strip()

    def matches(self, norm_text):
        """Whether the rule matches the already normalised text."""
        if self._re is not None:
            return self._re.search(norm_text) is not None
        keyword = self._keyword
        start = norm_text.find(keyword)
        while start >= 0:
            if not (self.negation and _negated(norm_text, start)):
                return True
            start = norm_text.find(keyword, start + 1)
        return False

    def __repr__(self):
        return f"CompiledRule({self.pattern!r}, {self.grade!r})"


def _negated(text, start):
    before = text[max(0, start - _NEGATION_WINDOW) : start]
    return any(before.endswith(neg) for neg in NEGATIONS)


def compile_grade_rules(rules):
    """Validate and compile ``rules`` (see the module docstring).

    Raises :class:`TriageError` on an empty pattern, a missing grade or an
    invalid regular expression. Already compiled rules pass through.
    """
    if rules is None:
        rules = DEFAULT_GRADE_RULES
    compiled = []
    for rule in rules:
        if isinstance(rule, CompiledRule):
            compiled.append(rule)
        elif isinstance(rule, dict):
            compiled.append(
                CompiledRule(
                    rule.get("pattern"),
                    rule.get("grade"),
                    regex=rule.get("regex"),
                    negation=rule.get("negation", True),
                )
            )
        else:
            try:
                pattern, grade = rule
            except (TypeError, ValueError):
                raise TriageError(
                    f"severity rule {rule!r} is not a (pattern, severity) pair"
                ) from None
            compiled.append(CompiledRule(pattern, grade))
    return compiled


def matching_grade_rules(text, rules=None):
    """All rules of ``rules`` that match ``text`` (compiled rules)."""
    norm = normalize_for_rules(text)
    if not norm:
        return []
    return [rule for rule in compile_grade_rules(rules) if rule.matches(norm)]


def apply_grade_rules(text, rules=None):
    """The most severe grade among the rules matching ``text``, or ``None``.

    ``rules`` defaults to :data:`DEFAULT_GRADE_RULES`; pass ``[]`` for none.
    """
    best = None
    for rule in matching_grade_rules(text, rules):
        if best is None or grade_rank(rule.grade) < grade_rank(best.grade):
            best = rule
    return best.grade if best is not None else None


def parse_grade_rules(source):
    """Parse rules written one per line as ``pattern => grade``.

    Blank lines and lines starting with ``#`` are ignored. Handy for a text
    field or a file; raises :class:`TriageError` on a malformed line.
    """
    rules = []
    for number, line in enumerate(source.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" not in line:
            raise TriageError(
                f"severity rules line {number}: expected 'pattern => severity'"
            )
        pattern, grade = (part.strip() for part in line.rsplit("=>", 1))
        rules.append((pattern, grade))
    compile_grade_rules(rules)
    return rules
