# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Triage proposal: category, severity grade and team for one complaint."""

from dataclasses import dataclass, field

from .rules import DEFAULT_GRADE_RULES, compile_grade_rules, normalize_for_rules
from .taxonomy import DEFAULT_CATEGORY_GRADES, DEFAULT_CATEGORY_TEAMS, grade_rank


@dataclass
class TriageProposal:
    """What the engine proposes; an agent confirms or corrects it."""

    category: str = None
    confidence: float = 0.0
    grade: object = None
    #: "rule" (a grade rule matched), "model" (grade model), "category"
    #: (default grade of the category) or None
    grade_source: str = None
    #: patterns of the grade rules that matched
    grade_rules: list = field(default_factory=list)
    team: str = None
    #: [(category, probability), ...] best first
    alternatives: list = field(default_factory=list)

    def as_dict(self):
        return {
            "category": self.category,
            "confidence": self.confidence,
            "grade": self.grade,
            "grade_source": self.grade_source,
            "grade_rules": list(self.grade_rules),
            "team": self.team,
            "alternatives": list(self.alternatives),
        }


class TriageEngine:
    """Combine the category model, an optional grade model and grade rules.

    The grade is the most severe of: the matching grade rules, the grade
    model's prediction (when given) and the default grade of the proposed
    category. Below ``min_confidence`` no category (and no team) is
    proposed; rules still apply.
    """

    def __init__(
        self,
        category_model=None,
        grade_model=None,
        grade_rules=DEFAULT_GRADE_RULES,
        category_grades=None,
        category_teams=None,
        min_confidence=0.0,
        n_alternatives=3,
    ):
        self.category_model = category_model
        self.grade_model = grade_model
        self.grade_rules = compile_grade_rules(grade_rules)
        self.category_grades = (
            dict(DEFAULT_CATEGORY_GRADES)
            if category_grades is None
            else dict(category_grades)
        )
        self.category_teams = (
            dict(DEFAULT_CATEGORY_TEAMS)
            if category_teams is None
            else dict(category_teams)
        )
        self.min_confidence = float(min_confidence)
        self.n_alternatives = int(n_alternatives)

    def propose(self, text):
        proposal = TriageProposal()
        if self.category_model is not None and text and str(text).strip():
            ranked = self.category_model.top(text, k=max(1, self.n_alternatives))
            proposal.alternatives = ranked
            best, confidence = ranked[0]
            proposal.confidence = confidence
            if confidence >= self.min_confidence:
                proposal.category = best
                proposal.team = self.category_teams.get(best)
        candidates = []
        norm = normalize_for_rules(text)
        matched = (
            [rule for rule in self.grade_rules if rule.matches(norm)] if norm else []
        )
        if matched:
            proposal.grade_rules = [rule.pattern for rule in matched]
            best_rule = min(matched, key=lambda rule: grade_rank(rule.grade))
            candidates.append((best_rule.grade, "rule"))
        if self.grade_model is not None and norm:
            candidates.append((self.grade_model.predict(text)[0], "model"))
        if proposal.category is not None and self.category_grades.get(
            proposal.category
        ):
            candidates.append((self.category_grades[proposal.category], "category"))
        if candidates:
            # stable: on a tie the earlier source (rule, model, category) wins
            proposal.grade, proposal.grade_source = min(
                candidates, key=lambda item: grade_rank(item[0])
            )
        return proposal
