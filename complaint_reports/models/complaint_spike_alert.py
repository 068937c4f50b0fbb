# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
from datetime import timedelta

import pytz
from markupsafe import Markup
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DIMENSIONS = [
    ("product", "Product"),
    ("batch", "Batch / lot"),
    ("category", "Category"),
    ("region", "Province"),
]
# Column of helpdesk_ticket that each dimension counts on; the alert keeps
# the value in its field of the same name.
DIMENSION_COLUMNS = {
    "product": "product_id",
    "batch": "lot_ref",
    "category": "category_id",
    "region": "region_id",
}
HISTORY_DAYS = 28
EXAMPLES = 5
DEFAULT_MIN_COUNT = 5
# A value with no complaint in the reference window (a new batch, a new
# product) has no baseline to compare with: its first busy day is normal, so
# it needs more complaints before it is called a spike.
DEFAULT_MIN_COUNT_NEW = 10
DEFAULT_P_VALUE = 0.001


def poisson_log10_sf(k, lam):
    """log10 of P(X >= k) for X ~ Poisson(lam).

    Summed in log space from k upwards: the tail of a spike is far below what
    a float can hold (p = 1e-300 and less), and its score is -log10(p).
    """
    if k <= 0:
        return 0.0
    if k <= lam:
        # Not in the upper tail: the complement is exact enough and no spike.
        cdf = sum(
            math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1)) for i in range(k)
        )
        return math.log10(max(1.0 - cdf, 1e-300))
    log_first = -lam + k * math.log(lam) - math.lgamma(k + 1)
    ratio_sum, term, i = 1.0, 1.0, k
    while term > 1e-16 * ratio_sum and i < k + 100000:
        i += 1
        term *= lam / i
        ratio_sum += term
    return (log_first + math.log(ratio_sum)) / math.log(10)


class ComplaintSpikeAlert(models.Model):
    """An unusual number of complaints on one product, batch, category or
    province in the last 24 hours, compared with the previous 28 days."""

    _name = "complaint.spike.alert"
    _description = "Complaint Spike Alert"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.decision.mixin"]
    _order = "alert_date desc, score desc, id desc"

    # Computed when read, in the reader's language: stored, it would keep the
    # language of the hourly check that raised the alert.
    name = fields.Char(compute="_compute_name", search="_search_name")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    alert_date = fields.Date(string="Day", required=True, index=True, readonly=True)
    window_end = fields.Datetime(
        string="Counted until",
        readonly=True,
        help="End of the 24-hour window whose complaints were counted.",
    )
    dimension = fields.Selection(DIMENSIONS, required=True, readonly=True)
    value_key = fields.Char(
        required=True,
        readonly=True,
        help="Technical key of the value: record id, or the batch number.",
    )
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    lot_ref = fields.Char(string="Batch / lot", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    region_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    count = fields.Integer(
        string="Last 24 h",
        readonly=True,
        help="Complaints registered in the 24 hours before the check.",
    )
    expected = fields.Float(
        string="Expected per day",
        digits=(16, 2),
        readonly=True,
        help="Daily mean of the previous 28 days.",
    )
    p_value = fields.Float(
        string="P-value",
        digits=(16, 12),
        readonly=True,
        help="Probability of at least this many complaints in a day if the "
        "daily count followed a Poisson law with the expected mean.",
    )
    score = fields.Float(
        digits=(16, 1),
        readonly=True,
        aggregator="max",
        help="-log10 of the p-value: 3 means one chance in a thousand, "
        "higher is more unusual.",
    )
    significance = fields.Char(
        compute="_compute_significance",
        help="How unlikely such a count is if nothing had changed, in words.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Example complaints",
        readonly=True,
        help="The most recent complaints of the spike.",
    )
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged"), ("closed", "Closed")],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    note = fields.Text(help="What was found and done about the spike.")

    _sql_constraints = [
        (
            "value_day_unique",
            "UNIQUE(company_id, dimension, value_key, alert_date)",
            "There is already an alert for this value on this day.",
        )
    ]

    @api.depends("dimension", "product_id", "lot_ref", "category_id", "region_id")
    @api.depends("name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # Odoo ties display_name to the language only for translated names.
        return super()._compute_display_name()

    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["dimension"]._description_selection(self.env))
        for alert in self:
            # Only the name of the value counted goes out (sudo): a reader of
            # the alert may not read the product or category catalogue.
            counted = alert.sudo()
            value = {
                "product": counted.product_id.display_name,
                "batch": counted.lot_ref,
                "category": counted.category_id.display_name,
                "region": counted.region_id.name,
            }.get(alert.dimension) or alert.value_key
            alert.name = f"{labels.get(alert.dimension, '')}: {value}"

    def _search_name(self, operator, value):
        """The name is the dimension's label and the value: search the values."""
        negative = operator in expression.NEGATIVE_TERM_OPERATORS
        if negative:
            operator = expression.TERM_OPERATORS_NEGATION[operator]
        domain = expression.OR(
            [[(fname, operator, value)] for fname in DIMENSION_COLUMNS.values()]
        )
        return ["!", *domain] if negative else domain

    @api.depends("p_value")
    @api.depends_context("lang")
    def _compute_significance(self):
        for alert in self:
            alert.significance = self._significance_label(alert.p_value)

    @api.model
    def _significance_label(self, p_value):
        """The p-value in words: how rarely chance alone gives such a day."""
        _ = self.env._
        if p_value < 1e-6:
            return _("Practically impossible by chance (p < 0.000001)")
        if p_value < 1e-4:
            return _("Almost certainly not chance (p < 0.0001)")
        if p_value < 1e-3:
            return _("Very unlikely to be chance (p < 0.001)")
        if p_value < 1e-2:
            return _("Very unlikely to be chance (p < 0.01)")
        if p_value < 5e-2:
            return _("Unlikely to be chance (p < 0.05)")
        return _("Could be chance (p ≥ 0.05)")

    @api.model
    def _complaint_decision_fields(self):
        # What the detection counted, and where the alert stands: only the
        # notes are typed.
        return super()._complaint_decision_fields() | {
            "state",
            "company_id",
            "alert_date",
            "window_end",
            "dimension",
            "value_key",
            "product_id",
            "lot_ref",
            "category_id",
            "region_id",
            "count",
            "expected",
            "p_value",
            "score",
            "ticket_ids",
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_acknowledge(self):
        self.filtered(lambda a: a.state == "new")._complaint_write_decision(
            {"state": "acknowledged"}
        )

    def action_close(self):
        self._complaint_write_decision({"state": "closed"})

    def action_view_complaints(self):
        """All complaints of the value in the counted window."""
        self.ensure_one()
        column = DIMENSION_COLUMNS[self.dimension]
        value = self.lot_ref if self.dimension == "batch" else int(self.value_key)
        end = self.window_end or fields.Datetime.now()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [
                ("is_complaint", "=", True),
                ("merged_into_id", "=", False),
                (column, "=", value),
                ("create_date", ">=", end - timedelta(days=1)),
                ("create_date", "<", end),
            ],
            "context": {"complaint_mode": True},
        }

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------

    @api.model
    def _spike_thresholds(self):
        """(minimum count, minimum count without history, p-value)."""
        params = self.env["ir.config_parameter"].sudo()
        min_count = int(
            params.get_param("complaint_reports.spike_min_count", DEFAULT_MIN_COUNT)
            or DEFAULT_MIN_COUNT
        )
        min_count_new = int(
            params.get_param(
                "complaint_reports.spike_min_count_new", DEFAULT_MIN_COUNT_NEW
            )
            or DEFAULT_MIN_COUNT_NEW
        )
        p_value = float(
            params.get_param("complaint_reports.spike_p_value", DEFAULT_P_VALUE)
            or DEFAULT_P_VALUE
        )
        min_count = max(min_count, 1)
        return min_count, max(min_count_new, min_count), min(max(p_value, 1e-300), 1.0)

    @api.model
    def _spike_counts(self, dimension, end, min_count):
        """Per company and value of one dimension: complaints in the 24 hours
        before ``end``, in the 28 days before those, and the newest ids.

        One grouped query; only values reaching ``min_count`` come back.
        """
        column = SQL.identifier("t", DIMENSION_COLUMNS[dimension])
        start = end - timedelta(days=1)
        self.env["helpdesk.ticket"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT t.company_id, %(column)s,
                       count(*) FILTER (WHERE t.create_date >= %(start)s),
                       count(*) FILTER (WHERE t.create_date < %(start)s),
                       (array_agg(t.id ORDER BY t.create_date DESC, t.id DESC)
                            FILTER (WHERE t.create_date >= %(start)s))[1:%(examples)s]
                  FROM helpdesk_ticket t
                 WHERE t.is_complaint AND t.active AND %(column)s IS NOT NULL
                   AND t.merged_into_id IS NULL
                   AND t.create_date >= %(history_start)s
                   AND t.create_date < %(end)s
                 GROUP BY t.company_id, %(column)s
                HAVING count(*) FILTER (WHERE t.create_date >= %(start)s)
                       >= %(min_count)s
                """,
                column=column,
                start=start,
                end=end,
                history_start=start - timedelta(days=HISTORY_DAYS),
                examples=EXAMPLES,
                min_count=min_count,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _spike_values(self, dimension, end, min_count, max_p_value, min_count_new=None):
        """Alert values of one dimension whose last-24-hour count is unusual.

        A value without any complaint in the reference window needs
        ``min_count_new`` complaints: with no baseline, any count would look
        improbable.
        """
        log_threshold = math.log10(max_p_value)
        min_count_new = max(min_count_new or min_count, min_count)
        column = DIMENSION_COLUMNS[dimension]
        values = []
        for company_id, key, recent, history, example_ids in self._spike_counts(
            dimension, end, min_count
        ):
            if not history and recent < min_count_new:
                continue
            expected = history / HISTORY_DAYS
            # A value never seen in the reference window counts as one
            # complaint in it: new batches are judged, not ignored.
            log_p = poisson_log10_sf(recent, max(expected, 1.0 / HISTORY_DAYS))
            if log_p > log_threshold:
                continue
            vals = {
                "company_id": company_id,
                "dimension": dimension,
                "value_key": str(key),
                "count": recent,
                "expected": expected,
                "p_value": 10.0**log_p,
                "score": -log_p,
                "ticket_ids": [(6, 0, example_ids)],
                column: key,
            }
            values.append(vals)
        return values

    @api.model
    def _cron_detect_spikes(self):
        return self._detect_spikes(fields.Datetime.now())

    @api.model
    def _detect_spikes(self, end):
        """Compare the last 24 hours with the previous 28 days, per product,
        batch, category and province; create at most one alert per value and
        day and notify the complaint managers. Returns the new alerts."""
        min_count, min_count_new, max_p_value = self._spike_thresholds()
        # The day of the alert is the company's day, not the UTC one.
        days = {
            company.id: self._alert_day(company, end)
            for company in self.env["res.company"].sudo().search([])
        }
        existing = {
            (alert["company_id"][0], alert["dimension"], alert["value_key"])
            for alert in self.search_read(
                [("alert_date", "in", list(set(days.values())))],
                ["company_id", "dimension", "value_key", "alert_date"],
            )
            if alert["alert_date"] == days.get(alert["company_id"][0])
        }
        vals_list = []
        for dimension, _label in DIMENSIONS:
            try:
                with self.env.cr.savepoint():
                    found = self._spike_values(
                        dimension, end, min_count, max_p_value, min_count_new
                    )
            except Exception:
                # One broken dimension (e.g. a column removed by another addon)
                # must not hide the spikes found on the others.
                _logger.warning(
                    "Spike detection on %s failed", dimension, exc_info=True
                )
                continue
            for vals in found:
                key = (vals["company_id"], dimension, vals["value_key"])
                if key in existing:
                    continue
                existing.add(key)
                vals.update(alert_date=days[vals["company_id"]], window_end=end)
                vals_list.append(vals)
        # Found by the system (the daily cron): nobody types an alert.
        alerts = self.sudo().create(vals_list)
        alerts._notify_managers()
        return alerts.with_env(self.env)

    @api.model
    def _alert_day(self, company, moment):
        """The day of ``moment`` (naive UTC) in the company's time zone."""
        tz = pytz.timezone(company.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _notify_managers(self):
        if not self:
            return
        managers = self.env.ref("consumer_complaint.group_complaint_manager").users
        managers = managers.filtered(lambda u: not u.share and u.partner_id)
        # The mail queue sends the e-mails; the check does not wait on SMTP.
        for alert in self.with_context(mail_notify_force_send=False):
            partners = managers.filtered(
                lambda u, c=alert.company_id: c in u.company_ids
            ).partner_id
            alert.message_subscribe(partner_ids=partners.ids)
            if alert.expected:
                text = self.env._(
                    "%(count)s complaints in the last 24 hours for %(name)s, "
                    "against %(expected).1f a day over the previous 28 days. "
                    "%(significance)s.",
                    count=alert.count,
                    name=alert.name,
                    expected=alert.expected,
                    significance=alert.significance,
                )
            else:
                text = self.env._(
                    "%(count)s complaints in the last 24 hours for %(name)s, "
                    "which had none in the previous 28 days.",
                    count=alert.count,
                    name=alert.name,
                )
            alert.message_post(
                body=Markup("<p>%s</p>") % text,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
            )
