# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools


class ComplaintSeverity(models.Model):
    _name = "complaint.severity"
    _inherit = ["complaint.cache.mixin"]
    _description = "Complaint Severity"
    _order = "level, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short technical key, e.g. major.")
    level = fields.Integer(
        required=True,
        default=3,
        help="1 is the most severe. Escalation moves a complaint one level down "
        "(towards 1).",
    )
    color = fields.Integer(default=0)
    description = fields.Text(translate=True)
    response_hours = fields.Integer(
        string="First response (hours)",
        required=True,
        default=24,
        help="Hours to reach the investigation stage or to send the first "
        "reply to the customer: calendar hours (a 24 h deadline falls the same "
        "time the next day), or working hours for teams that count them.",
    )
    resolution_hours = fields.Integer(
        string="Solution (hours)",
        required=True,
        default=72,
        help="Hours to send a solution to the customer (feedback stage): "
        "calendar hours, or working hours for teams that count them.",
    )
    notify_supervisor = fields.Boolean(
        string="Notify supervisor at once",
        help="A new complaint of this severity sends an activity and an e-mail to "
        "the team supervisor as soon as it is registered.",
    )
    requires_approval = fields.Boolean(
        string="Solution needs approval",
        help="Solutions of complaints of this severity must be approved by a "
        "supervisor before they are sent to the customer.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
    sla_ids = fields.One2many("helpdesk.sla", "severity_id", string="SLA policies")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The severity code must be unique per company.",
        ),
        (
            "hours_positive",
            "CHECK(response_hours > 0 AND resolution_hours >= response_hours)",
            "Hours must be positive and the solution time may not be shorter "
            "than the first-response time.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        severities = super().create(vals_list)
        severities._sync_sla_policies()
        return severities

    def write(self, vals):
        res = super().write(vals)
        if {"name", "response_hours", "resolution_hours", "active", "company_id"} & set(
            vals
        ):
            self._sync_sla_policies()
        return res

    @api.model
    @tools.ormcache()
    def _complaint_ids_by_level(self):
        """(level, id, company id or False) of the active severities of every
        company, the most severe first: the intake reads them for each
        complaint."""
        severities = self.sudo().with_context(active_test=True).search([])
        return tuple((g.level, g.id, g.company_id.id) for g in severities)

    @api.model
    def _complaint_by_level(self, company):
        """``{level: severity}`` a complaint of ``company`` can take: the
        company's own severity of a level, else the shared one (sudo)."""
        own, shared = {}, {}
        for level, severity_id, company_id in self._complaint_ids_by_level():
            if company_id == company.id:
                own.setdefault(level, severity_id)
            elif not company_id:
                shared.setdefault(level, severity_id)
        found = {**shared, **own}
        return {level: self.sudo().browse(found[level]) for level in sorted(found)}

    def _sync_sla_policies(self):
        """Keep one response and one resolution SLA policy per severity.

        The OCA SLA engine then computes the deadlines of each complaint, in
        calendar hours or in its team's working hours (see
        helpdesk.ticket.team.complaint_deadline_unit).
        """
        Sla = self.env["helpdesk.sla"].sudo().with_context(active_test=False)
        Stage = self.env["helpdesk.ticket.stage"]
        targets = {
            "response": Stage._complaint_stage("investigating"),
            "resolution": Stage._complaint_stage("feedback"),
        }
        existing = {
            (sla.severity_id.id, sla.complaint_sla_kind): sla
            for sla in Sla.search([("severity_id", "in", self.ids)])
        }
        to_create = []
        for severity in self:
            for kind, stage in targets.items():
                vals = {
                    "name": f"{severity.name} · "
                    + (
                        self.env._("First response")
                        if kind == "response"
                        else self.env._("Solution")
                    ),
                    "hours": severity.response_hours
                    if kind == "response"
                    else severity.resolution_hours,
                    "days": 0,
                    "stage_id": stage.id,
                    "active": severity.active,
                    "company_id": severity.company_id.id,
                    "domain": f"[('severity_id', '=', {severity.id})]",
                }
                sla = existing.get((severity.id, kind))
                if sla:
                    sla.write(vals)
                else:
                    to_create.append(
                        dict(vals, severity_id=severity.id, complaint_sla_kind=kind)
                    )
        if to_create:
            Sla.create(to_create)
