# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..triage.engine import TriageEngine


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    triage_category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Proposed category",
        readonly=True,
        copy=False,
        help="What the triage model proposed from the complaint's text.",
    )
    triage_confidence = fields.Float(
        string="Confidence",
        readonly=True,
        copy=False,
        digits=(16, 2),
        help="The model's probability for the proposed category (0 to 1). Below "
        "the confidence that meets the company's target precision the category "
        "is left for an agent.",
    )
    triage_applied = fields.Boolean(
        string="Category set by triage", readonly=True, copy=False
    )
    triage_severity_rules = fields.Char(
        string="Severity rules matched",
        readonly=True,
        copy=False,
        help="Severity rules whose words appear in the complaint; the severity "
        "is at least theirs.",
    )
    triage_model_id = fields.Many2one(
        "complaint.triage.model", string="Triage model", readonly=True, copy=False
    )
    category_confirmed = fields.Boolean(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A person chose or confirmed the category: the complaint is used "
        "to train the next model.",
    )
    triage_corrected = fields.Boolean(
        string="Category corrected",
        readonly=True,
        copy=False,
        help="An agent replaced the category the model proposed.",
    )

    # ------------------------------------------------------------------
    # Decision fields
    # ------------------------------------------------------------------

    @api.model
    def _complaint_decision_fields(self):
        # The model's proposal, and whether a person vouched for the category:
        # the latter makes the complaint training data of the next model.
        return super()._complaint_decision_fields() | self._complaint_triage_fields()

    @api.model
    def _complaint_intake_fields(self):
        return super()._complaint_intake_fields() | self._complaint_triage_fields()

    @api.model
    def _complaint_triage_fields(self):
        return {
            "triage_category_id",
            "triage_confidence",
            "triage_applied",
            "triage_severity_rules",
            "triage_model_id",
            "category_confirmed",
            "triage_corrected",
        }

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------

    @api.model
    def _complaint_triage_text(self, vals):
        return " ".join(
            filter(
                None,
                [vals.get("name"), html2plaintext(vals.get("description") or "")],
            )
        )

    @api.model
    def _complaint_triage_engine(self):
        Model = self.env["complaint.triage.model"]
        return TriageEngine(
            category_model=Model._current_model(),
            grade_rules=self.env["complaint.severity.rule"]._rules(),
            category_grades={},
            category_teams={},
        )

    @api.model
    def _complaint_prepare_triage(self, vals_list):
        """Intake step: propose the category of every new complaint from its
        text, apply it from the confidence that meets the company's target
        precision, and return the severity its severity rules ask for."""
        res = super()._complaint_prepare_triage(vals_list)
        engine = self._complaint_triage_engine()
        model_record = (
            self.env["complaint.triage.model"]
            .sudo()
            .browse(self.env["complaint.triage.model"]._current_id())
        )
        proposals = [engine.propose(self._complaint_triage_text(v)) for v in vals_list]
        Category = self.env["helpdesk.ticket.category"].sudo()
        categories = {}
        for code, category_id in Category._complaint_ids_by_code():
            categories.setdefault(code, Category.browse(category_id))
        Severity = self.env["complaint.severity"]
        severities = {}  # per company: a rule raises to that company's severity
        # The confidence from which the category is applied is the one that
        # met the company's target precision on complaints the model never saw.
        threshold = model_record._auto_threshold(
            self.env.company.complaint_triage_precision
        )
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("consumer_complaint.intake_team_id", "")
        )
        intake_team = int(param) if param.isdigit() else 0
        rule_severities = []
        for vals, proposal, rule_severity in zip(
            vals_list, proposals, res, strict=True
        ):
            category = categories.get(proposal.category)
            if category:
                vals["triage_category_id"] = category.id
                vals["triage_confidence"] = proposal.confidence
                vals["triage_model_id"] = model_record.id
                if not vals.get("category_id") and proposal.confidence >= threshold:
                    vals["category_id"] = category.id
                    vals["triage_applied"] = True
                    # The online form's catch-all team hands over to the
                    # category's team; a team chosen by a channel is kept.
                    if intake_team and vals.get("team_id") == intake_team:
                        vals["team_id"] = category._complaint_team().id or intake_team
            elif proposal.alternatives:
                vals["triage_confidence"] = proposal.confidence
                vals["triage_model_id"] = model_record.id
            if vals.get("category_id") and not vals.get("triage_applied"):
                # Chosen by the customer or the agent who typed it.
                vals["category_confirmed"] = not self.env.su or bool(
                    self.env.context.get("complaint_category_confirmed")
                )
            severity = None
            if proposal.grade_source == "rule":
                company = self._complaint_vals_company(vals)
                if company not in severities:
                    severities[company] = Severity._complaint_by_level(company)
                severity = severities[company].get(proposal.grade)
            if severity:
                vals["triage_severity_rules"] = ", ".join(proposal.grade_rules)[:200]
                rule_severity = severity
            rule_severities.append(rule_severity)
        return rule_severities

    # ------------------------------------------------------------------
    # Corrections
    # ------------------------------------------------------------------

    def _complaint_after_category_write(self, old_categories):
        """A person chose the category: recorded by the system, not typed;
        replacing the model's proposal is logged as a correction."""
        res = super()._complaint_after_category_write(old_categories)
        if self.env.su:
            return res
        chosen = self.filtered("category_id")
        chosen.sudo().write({"category_confirmed": True})
        (self - chosen).sudo().write({"category_confirmed": False})
        corrected = chosen.filtered(
            lambda t: t.triage_category_id and t.triage_category_id != t.category_id
        )
        if corrected:
            corrected.sudo().write({"triage_corrected": True})
            self.env["complaint.event"]._append(
                [
                    {
                        "ticket_id": t.id,
                        "company_id": t.company_id.id,
                        "event_type": "other",
                        "summary": self.env._(
                            "Category corrected: %(old)s → %(new)s",
                            old=old_categories[t.id].complete_name or "-",
                            new=t.category_id.complete_name,
                        ),
                        "payload": {
                            "proposed": t.triage_category_id.code or "",
                            "confidence": t.triage_confidence,
                            "confirmed": t.category_id.code or "",
                        },
                    }
                    for t in corrected
                    if t.is_complaint
                ]
            )
        return res

    def _complaint_after_transition(self, old_states):
        res = super()._complaint_after_transition(old_states)
        if not self.env.su:
            # Closing a complaint vouches for its category.
            self.filtered(
                lambda t: (
                    t.complaint_state == "archived"
                    and t.category_id
                    and not t.category_confirmed
                )
            ).sudo().write({"category_confirmed": True})
        return res

    def action_complaint_confirm_category(self):
        """The agent agrees with the category: it becomes training data."""
        self.filtered("category_id")._complaint_write_decision(
            {"category_confirmed": True}
        )
        return True
