# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext

_logger = logging.getLogger(__name__)

# Terms kept per complaint, and asked for when looking for similar ones: the
# most distinctive (highest TF-IDF weight) word and character n-grams.
STORED_TERMS = 24
QUERY_TERMS = 8
SIMILAR_LIMIT = 5
CANDIDATES = 600


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    similar_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Similar closed complaints",
        compute="_compute_similar",
        help="The closed complaints whose texts share the most distinctive words "
        "with this one, with how they were solved.",
    )
    similar_knowledge_ids = fields.Many2many(
        "complaint.knowledge",
        string="Knowledge entries",
        compute="_compute_similar",
    )

    def _complaint_init_terms_column(self):
        """An integer array of term ids per complaint with a GIN index: the
        ORM has no such field type, and the overlap search needs one."""
        self.env.cr.execute(
            SQL(
                "ALTER TABLE helpdesk_ticket "
                "ADD COLUMN IF NOT EXISTS complaint_terms integer[]"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS helpdesk_ticket_complaint_terms_closed_idx "
                "ON helpdesk_ticket USING gin (complaint_terms) "
                "WHERE complaint_state = 'archived'"
            )
        )

    # ------------------------------------------------------------------
    # Index
    # ------------------------------------------------------------------

    @api.model
    def _complaint_terms(self, texts, model, size):
        """For each text, the ids of its ``size`` heaviest TF-IDF features."""
        if model is None or not texts:
            return [[] for _text in texts]
        indptr, cols, data = model.transform(texts)
        result = []
        for row in range(len(texts)):
            start, end = indptr[row], indptr[row + 1]
            order = data[start:end].argsort()[::-1][:size]
            result.append(sorted(int(b) for b in model.buckets[cols[start:end][order]]))
        return result

    def _complaint_index_terms(self):
        model = self.env["complaint.triage.model"]._current_model()
        if model is None or not self:
            return
        texts = [f"{t.name or ''} {html2plaintext(t.description or '')}" for t in self]
        terms = self._complaint_terms(texts, model, STORED_TERMS)
        # The category rides along as a negative term, so that one GIN index
        # scan finds "same category and shared words" without a heap filter.
        rows = [
            SQL(
                "(%s, %s::integer[])",
                ticket.id,
                ticket_terms + ([-ticket.category_id.id] if ticket.category_id else []),
            )
            for ticket, ticket_terms in zip(self, terms, strict=True)
        ]
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket t SET complaint_terms = v.terms "
                "FROM (VALUES %s) AS v(id, terms) WHERE t.id = v.id",
                SQL(", ").join(rows),
            )
        )

    def _complaint_after_category_write(self, old_categories):
        """The category rides in the terms (see _complaint_index_terms)."""
        res = super()._complaint_after_category_write(old_categories)
        self.flush_model(["category_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket SET complaint_terms = ARRAY(
                    SELECT x FROM unnest(complaint_terms) x WHERE x >= 0
                ) || CASE WHEN category_id IS NULL THEN '{}'::integer[]
                          ELSE ARRAY[-category_id] END
                 WHERE id = ANY(%s) AND complaint_terms IS NOT NULL
                """,
                self.ids,
            )
        )
        return res

    @api.model
    def _cron_complaint_index_terms(self, limit=5000):
        """Index complaints registered before a model existed, in batches."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE is_complaint "
                "AND complaint_terms IS NULL ORDER BY id DESC LIMIT %s",
                limit,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not ids or self.env["complaint.triage.model"]._current_model() is None:
            return
        for start in range(0, len(ids), 500):
            self.browse(ids[start : start + 500])._complaint_index_terms()
        _logger.info("Indexed %s complaints for similar-case search", len(ids))
        if len(ids) == limit:
            self.env.ref("consumer_complaint.ir_cron_complaint_index_terms")._trigger()

    # ------------------------------------------------------------------
    # Search
    # ------------------------------------------------------------------

    def _complaint_similar_ids(self, limit=SIMILAR_LIMIT):
        """Closed complaints sharing the most distinctive terms with this one,
        of the same category first; readable ones only.

        Scoring is bounded: at most CANDIDATES recent matches are scored per
        query, so the cost does not grow with the number of complaints."""
        self.ensure_one()
        model = self.env["complaint.triage.model"]._current_model()
        if model is None:
            return []
        text = f"{self.name or ''} {html2plaintext(self.description or '')}"
        query_terms = self._complaint_terms([text], model, QUERY_TERMS)[0]
        if not query_terms:
            return []
        self.flush_model()
        category = self.category_id or self.triage_category_id
        ids = []
        for same_category in (True, False) if category else (False,):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT c.id FROM (
                        SELECT t.id, t.complaint_terms
                          FROM helpdesk_ticket t
                         WHERE t.complaint_terms && %(terms)s::integer[]
                           AND t.complaint_state = 'archived'
                           AND t.company_id = %(company)s
                           AND t.id <> ALL(%(exclude)s)
                           AND %(category_filter)s
                         ORDER BY t.id DESC
                         LIMIT %(candidates)s
                    ) c
                    ORDER BY (SELECT count(*) FROM unnest(c.complaint_terms) u
                               WHERE u = ANY(%(terms)s::integer[])) DESC, c.id DESC
                    LIMIT %(limit)s
                    """,
                    terms=query_terms,
                    company=self.company_id.id,
                    exclude=[self.id or 0, *ids],
                    category_filter=SQL(
                        "t.complaint_terms @> ARRAY[%s]::integer[]", -category.id
                    )
                    if same_category
                    else SQL("TRUE"),
                    candidates=CANDIDATES,
                    limit=limit * 3,
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
            if len(ids) >= limit * 3:
                break
        readable = set(self.search([("id", "in", ids)]).ids)
        return [i for i in ids if i in readable][:limit]

    @api.depends("name", "description", "category_id")
    def _compute_similar(self):
        Knowledge = self.env["complaint.knowledge"]
        for ticket in self:
            ids = ticket._complaint_similar_ids() if ticket.is_complaint else []
            ticket.similar_ticket_ids = self.browse(ids)
            # Which complaint an entry came from is for handlers only
            # (complaint.knowledge.ticket_id): match it as superuser; ids are
            # complaints this user may read, the entries still obey the rules.
            sources = Knowledge.sudo().search([("ticket_id", "in", ids)])
            domain = [("id", "in", sources.ids)]
            if ticket.category_id:
                domain = ["|", ("category_id", "=", ticket.category_id.id)] + domain
            ticket.similar_knowledge_ids = (
                Knowledge.search(domain, limit=SIMILAR_LIMIT)
                if ticket.is_complaint
                else Knowledge
            )
