# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
import logging
import threading

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, file_path, html2plaintext

from ..triage import (
    TriageError,
    TriageModel,
    coverage_at,
    evaluate,
    file_sha256,
    format_report,
    precision_curve,
    read_labelled_csv,
)

_logger = logging.getLogger(__name__)

# Deserialised models per process: loading one takes far longer than a
# prediction, and a model never changes once stored (a new training makes a
# new record).
_CACHE = {}
_CACHE_LOCK = threading.Lock()
MIN_PER_CLASS = 2
# Points of the held-out precision curve kept per model.
CURVE_POINTS = 400
STARTER_CSV = "consumer_complaint/demo/complaint_triage_starter.csv"


class ComplaintTriageModel(models.Model):
    """A trained category classifier, with the figures of its evaluation on
    complaints it never saw during training."""

    _name = "complaint.triage.model"
    _inherit = ["complaint.cache.mixin", "complaint.decision.mixin"]
    _description = "Complaint Triage Model"
    _order = "version desc"
    _rec_name = "version_name"

    version = fields.Integer(string="Number", required=True, readonly=True)
    version_name = fields.Char(
        string="Version", compute="_compute_version_name", store=True
    )
    current = fields.Boolean(
        readonly=True, help="The model that classifies new complaints."
    )
    source = fields.Selection(
        [
            ("history", "Confirmed complaints"),
            ("synthetic", "Synthetic starter set"),
        ],
        readonly=True,
        required=True,
    )
    trained_on = fields.Datetime(readonly=True)
    trained_by_id = fields.Many2one("res.users", readonly=True)
    training_size = fields.Integer(
        readonly=True, help="Complaints the model learned from."
    )
    test_size = fields.Integer(
        readonly=True, help="Complaints kept aside to measure the accuracy."
    )
    class_count = fields.Integer(string="Categories", readonly=True)
    accuracy = fields.Float(
        readonly=True,
        digits=(16, 4),
        help="Share of the held-out complaints whose category the model found.",
    )
    macro_f1 = fields.Float(
        readonly=True,
        digits=(16, 4),
        help="Mean F1 over categories: rare categories count as much as common ones.",
    )
    train_seconds = fields.Float(string="Training time (s)", readonly=True)
    report = fields.Text(string="Per category", readonly=True)
    blob = fields.Binary(string="Model file", attachment=True, readonly=True)
    blob_sha256 = fields.Char(
        string="Model file SHA-256",
        readonly=True,
        help="Recorded when the model was trained: a model file that does not "
        "match it is not loaded.",
    )
    precision_curve = fields.Text(
        readonly=True,
        help="On the held-out complaints (JSON): for each confidence threshold, "
        "the share of complaints at or above it and the share of those whose "
        "proposed category was right.",
    )
    target_precision = fields.Float(
        string="Target precision",
        compute="_compute_coverage",
        digits=(16, 2),
        help="The company's setting: the share of automatically applied "
        "categories that must be right (0.95: at most 1 in 20 wrong).",
    )
    auto_coverage = fields.Float(
        string="Categorised automatically",
        compute="_compute_coverage",
        digits=(16, 4),
        help="Share of the held-out complaints whose category this model would "
        "apply automatically while meeting the company's target precision.",
    )
    auto_threshold = fields.Float(
        string="From a confidence of",
        compute="_compute_coverage",
        digits=(16, 4),
        help="The confidence from which this model applies its category, "
        "derived from the target precision on the held-out complaints.",
    )
    auto_precision = fields.Float(
        string="Right among those",
        compute="_compute_coverage",
        digits=(16, 4),
    )
    load_error = fields.Char(
        compute="_compute_load_error",
        help="Why the model file cannot be used on this server.",
    )

    @api.model
    def _complaint_decision_fields(self):
        # A model is what its training produced; which one classifies new
        # complaints is chosen with "Make current".
        return super()._complaint_decision_fields() | {
            "version",
            "current",
            "source",
            "trained_on",
            "trained_by_id",
            "training_size",
            "test_size",
            "class_count",
            "accuracy",
            "macro_f1",
            "train_seconds",
            "report",
            "blob",
            "blob_sha256",
            "precision_curve",
        }

    @api.depends("version", "trained_on")
    def _compute_version_name(self):
        for model in self:
            model.version_name = f"v{model.version}"

    @api.depends("precision_curve")
    @api.depends_context("company")
    def _compute_coverage(self):
        target = self.env.company.complaint_triage_precision
        for model in self:
            point = model._auto_point(target)
            model.target_precision = target
            model.auto_threshold = point[0] if point else 0.0
            model.auto_coverage = point[1] if point else 0.0
            model.auto_precision = point[2] if point else 0.0

    @api.depends("blob", "blob_sha256")
    def _compute_load_error(self):
        for model in self.with_context(bin_size=False):
            error = False
            if model.blob:
                try:
                    TriageModel.check(
                        base64.b64decode(model.blob), sha256=model.blob_sha256 or ""
                    )
                except TriageError as exc:
                    error = str(exc)
            model.load_error = error

    def _auto_point(self, target):
        """``(threshold, coverage, precision)`` on the held-out complaints for
        a target precision, or None when the model cannot reach it."""
        self.ensure_one()
        try:
            curve = json.loads(self.precision_curve or "[]")
        except ValueError:
            return None
        return coverage_at(curve, target)

    def _auto_threshold(self, target):
        """Confidence from which the proposed category is applied; above 1
        (never) when the target precision is out of reach."""
        point = self._auto_point(target) if self else None
        return point[0] if point else 1.01

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------

    @api.model
    def _training_rows(self):
        """(text, category code) of complaints whose category a person
        confirmed, read in one query."""
        self.env["helpdesk.ticket"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT t.name, t.description, c.code
                  FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_category c ON c.id = t.category_id
                 WHERE t.category_confirmed AND t.is_complaint
                   AND c.code IS NOT NULL AND c.parent_id IS NOT NULL
                """
            )
        )
        return [
            (f"{name or ''} {html2plaintext(description or '')}", code)
            for name, description, code in self.env.cr.fetchall()
        ]

    @api.model
    def _train(self, texts, labels, source):
        counts = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        keep = {label for label, n in counts.items() if n >= MIN_PER_CLASS}
        rows = [(t, lbl) for t, lbl in zip(texts, labels, strict=True) if lbl in keep]
        if len(keep) < 2 or len(rows) < 10:
            raise UserError(
                self.env._(
                    "Not enough confirmed complaints to train: %(rows)s complaints "
                    "in %(classes)s categories with at least two each. Confirm or "
                    "correct the category of more complaints first.",
                    rows=len(rows),
                    classes=len(keep),
                )
            )
        words = self.env["complaint.triage.word"]._words()
        try:
            result = evaluate(
                [t for t, _lbl in rows],
                [lbl for _t, lbl in rows],
                test_share=0.2,
                seed=42,
                target_precision=self.env.company.complaint_triage_precision,
                user_words=words,
            )
        except TriageError as error:
            raise UserError(str(error)) from error
        model = result["model"]
        blob = model.to_bytes()
        # The training writes what it measured; callers checked the right
        # to train (action_train) or run as the system (cron, demo data).
        system = self.sudo()
        previous = system.search([], order="version desc", limit=1)
        system.search([("current", "=", True)]).write({"current": False})
        record = system.create(
            {
                "version": (previous.version or 0) + 1,
                "current": True,
                "source": source,
                "trained_on": fields.Datetime.now(),
                "trained_by_id": self.env.uid,
                "training_size": result["n_train"],
                "test_size": result["n_test"],
                "class_count": len(result["classes"]),
                "accuracy": result["accuracy"],
                "macro_f1": result["macro_f1"],
                "train_seconds": result["train_seconds"],
                "report": "\n".join(format_report(result)),
                "blob": base64.b64encode(blob),
                "blob_sha256": file_sha256(blob),
                "precision_curve": json.dumps(
                    precision_curve(*result["scores"], points=CURVE_POINTS)
                ),
            }
        )
        with _CACHE_LOCK:
            _CACHE[(self.env.cr.dbname, record.id)] = model
        _logger.info(
            "Triage model v%s trained on %s complaints: accuracy %.4f",
            record.version,
            result["n_train"],
            result["accuracy"],
        )
        return record.with_env(self.env)

    @api.model
    def action_train(self):
        # The training reads every complaint's text: managers only.
        self.check_access("create")
        rows = self._training_rows()
        record = self._train(
            [t for t, _l in rows], [lbl for _t, lbl in rows], "history"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_train(self):
        """Weekly: learn from the categories confirmed and corrected since."""
        rows = self._training_rows()
        current = self.search([("current", "=", True)], limit=1)
        if current.source == "history" and len(rows) <= current.training_size + (
            current.test_size
        ):
            _logger.info("Triage: no new confirmed complaints, model kept")
            return
        try:
            self._train([t for t, _l in rows], [lbl for _t, lbl in rows], "history")
        except UserError as error:
            _logger.info("Triage: training skipped: %s", error)

    @api.model
    def _train_synthetic(self, size=3000):
        """A model from the generated complaints shipped with the demo data."""
        texts, labels, _skipped = read_labelled_csv(file_path(STARTER_CSV))
        return self._train(texts[:size], labels[:size], "synthetic")

    @api.model
    def _train_starter(self, size=3000):
        """A starter model for a database that has none yet."""
        return self.search([], limit=1) or self._train_synthetic(size)

    def action_make_current(self):
        self.ensure_one()
        previous = self.search([("current", "=", True)])
        (previous - self)._complaint_write_decision({"current": False})
        self._complaint_write_decision({"current": True})

    # ------------------------------------------------------------------
    # Use
    # ------------------------------------------------------------------

    @tools.ormcache()
    def _current_id(self):
        return self.sudo().search([("current", "=", True)], limit=1).id

    @api.model
    def _current_model(self):
        """The current TriageModel (cached per process), or None."""
        # bin_size: the web client reads forms with it, which would give the
        # file's size instead of its content.
        record = self.sudo().with_context(bin_size=False).browse(self._current_id())
        if not record:
            return None
        key = (self.env.cr.dbname, record.id)
        if key in _CACHE:
            return _CACHE[key]
        model = None
        if record.blob:
            try:
                model = TriageModel.from_bytes(
                    base64.b64decode(record.blob), sha256=record.blob_sha256 or ""
                )
            except TriageError as error:
                # Refused once per process: complaints still come in, their
                # category is left to the agents until a model is trained.
                _logger.warning(
                    "Triage model %s not used: %s", record.version_name, error
                )
        with _CACHE_LOCK:
            _CACHE[key] = model
        return model
