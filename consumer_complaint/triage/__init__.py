# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaint triage engine (plain Python on scikit-learn + jieba, no Odoo).

Proposes the second-level category, the severity grade and the team of a
complaint from its text::

    from odoo.addons.consumer_complaint.triage import TriageModel, evaluate

    report = evaluate(texts, labels)      # held-out figures and the model
    report["coverage"]                    # (threshold, coverage, precision)
    model = TriageModel.train(texts, labels)
    model.predict("冷链配送的三文鱼到手冰袋全化了")  # ('delivery_coldchain', 0.97)
    blob = model.to_bytes()               # store it with file_sha256(blob)
    model = TriageModel.from_bytes(blob, sha256=digest)
"""

from . import rules
from .dataset import read_labelled_csv
from .engine import TriageEngine, TriageProposal
from .evaluation import (
    classification_report,
    confusion_pairs,
    coverage_at,
    evaluate,
    format_report,
    precision_curve,
    stratified_split,
)
from .exceptions import TriageError
from .model import FORMAT_NAME, FORMAT_VERSION, TriageModel, file_sha256
from .rules import (
    DEFAULT_GRADE_RULES,
    apply_grade_rules,
    compile_grade_rules,
    matching_grade_rules,
    parse_grade_rules,
)
from .taxonomy import (
    CATEGORIES,
    CATEGORY_BY_KEY,
    CATEGORY_KEYS,
    DEFAULT_CATEGORY_GRADES,
    DEFAULT_CATEGORY_TEAMS,
    GRADE_LEVELS,
    GRADES,
    TEAMS,
    grade_rank,
    most_severe,
)
from .text import (
    DEFAULT_USER_WORDS,
    add_user_words,
    get_tokenizer,
    normalize_text,
    tokenize,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_BY_KEY",
    "CATEGORY_KEYS",
    "DEFAULT_CATEGORY_GRADES",
    "DEFAULT_CATEGORY_TEAMS",
    "DEFAULT_GRADE_RULES",
    "DEFAULT_USER_WORDS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "GRADES",
    "GRADE_LEVELS",
    "TEAMS",
    "TriageEngine",
    "TriageError",
    "TriageModel",
    "TriageProposal",
    "add_user_words",
    "apply_grade_rules",
    "classification_report",
    "compile_grade_rules",
    "confusion_pairs",
    "coverage_at",
    "evaluate",
    "file_sha256",
    "format_report",
    "get_tokenizer",
    "grade_rank",
    "matching_grade_rules",
    "most_severe",
    "normalize_text",
    "parse_grade_rules",
    "precision_curve",
    "read_labelled_csv",
    "rules",
    "stratified_split",
    "tokenize",
]
