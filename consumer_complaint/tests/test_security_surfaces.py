# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role against Odoo's generic surfaces, as an attacker would call them.

SURFACES below is the table: one row per (model, operation, target), one
expected outcome per role. Every call goes over HTTP JSON-RPC
(``/web/dataset/call_kw``) or Odoo's own ``/mail/*`` routes, never through the
ORM. Rows over a list of fields (decision fields, desk-only fields, masked
fields) try each field on its own; the lists come from the models and are
also written out in PROTECTED, PORTAL_READABLE and MASKED below, which the
test keeps equal to the code. A refused call must leave the record, its
messages and the event log as they were.

docs/ACCESS_MATRIX.md shows this table (section "Generic surfaces"); the test
checks that the document is up to date.
"""

import contextlib
import json
import os
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CountedSubTests

ROLES = (
    ("portal_a", "Portal customer A (owner)"),
    ("portal_b", "Portal customer B (signed up)"),
    ("receptionist", "Receptionist"),
    ("handler_x", "Handler, team X"),
    ("handler_y", "Handler, team Y"),
    ("followup", "Follow-up agent"),
    ("supervisor", "Supervisor"),
    ("manager", "Manager"),
    ("analyst", "Analyst"),
    ("compliance", "Compliance manager"),
    ("personal", "Supervisor with personal-data role"),
)

OUTCOMES = {
    "ok": "the call succeeds (for a search: finds complaint A's record)",
    "none": "the search succeeds and finds nothing of complaint A",
    "masked": "the call succeeds, the value is masked",
    "denied": "AccessError; nothing changed",
    "refused": "UserError with a message (for a customer: no export right, a "
    "step that cannot be taken); nothing changed",
}

# Decision fields per model and addon: they change only through the
# model's actions. Kept equal to ``_complaint_decision_fields()``.
PROTECTED = {
    "helpdesk.ticket": {
        "consumer_complaint": (
            "complaint_state is_complaint approved_by_id approved_date "
            "customer_response customer_response_reason customer_response_date "
            "escalation_count reopen_count is_repeat knowledge_id "
            "first_response_date response_deadline resolution_deadline "
            "response_sla_met resolution_sla_met complaint_deadline "
            "deadline_warning_date warned_deadline escalated_deadline breach_count "
            "peak_period_id privacy_consent_date complaint_intake_ip_hash "
            "anonymized_date complaint_link_partner_id complaint_link_nonce "
            "compensation_amount repeat_of_id repeat_match "
            "triage_category_id triage_confidence triage_applied triage_severity_rules "
            "triage_model_id category_confirmed triage_corrected merged_into_id "
            "merged_date"
        ),
        "complaint_compliance": "compliance_override_by_id",
        "complaint_survey": (
            "survey_user_input_id survey_rule_id survey_due_date survey_sent_date "
            "survey_status survey_answer_date survey_by_phone csat_score "
            "csat_satisfied nps_score nps_category speed_score attitude_score "
            "problem_solved survey_comment survey_low_score followup_call_date "
            "followup_call_user_id"
        ),
        "complaint_api": "api_key_id",
    },
    "complaint.compensation.line": {
        "consumer_complaint": (
            "state required_level approval_reason proposed_by_id proposed_date "
            "approved_by_id approved_date rejected_by_id rejected_date "
            "reject_reason done_by_id done_date reference waived_by_id waived_date "
            "waive_reason amount_company kind company_id team_id user_id partner_id"
        ),
    },
    "helpdesk.ticket.sla": {
        "consumer_complaint": (
            "state deadline hours consumed_time last_state_date expected_stage_id "
            "complaint_sla_kind complaint_deadline_unit"
        ),
    },
    "complaint.triage.model": {
        "consumer_complaint": (
            "version current source trained_on trained_by_id training_size "
            "test_size class_count accuracy macro_f1 train_seconds report blob "
            "blob_sha256 precision_curve"
        ),
    },
    "complaint.hotline": {"consumer_complaint": "state ticket_id"},
    "complaint.spike.alert": {
        "complaint_reports": (
            "state company_id alert_date window_end dimension value_key product_id "
            "lot_ref category_id region_id count expected p_value score ticket_ids"
        ),
    },
}

# Personal data masked for users without the personal-data role.
MASKED = {
    "helpdesk.ticket": "partner_phone partner_email id_number contact_address email_cc",
    "res.partner": (
        "email email_normalized email_formatted phone mobile street street2 "
        "contact_address"
    ),
}

# (key, surface as documented, expected outcome of each role in ROLES order)
SURFACES = [
    (
        "ticket_write_decision",
        "helpdesk.ticket write <each decision field> on A",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "line_write_decision",
        "complaint.compensation.line write <each decision field> on A's proposed line",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "line_create_approved",
        "complaint.compensation.line create with state=approved, approved_by_id",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "sla_write_decision",
        "helpdesk.ticket.sla write <each decision field> of A's SLA line",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "triage_model_write_decision",
        "complaint.triage.model write <each decision field>",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "spike_write_decision",
        "complaint.spike.alert write <each decision field>",
        "denied denied denied denied denied denied denied denied denied denied denied",
    ),
    (
        "ticket_read_desk_fields",
        "helpdesk.ticket read <each desk-only field> of A",
        "denied denied denied ok denied denied ok ok ok ok ok",
    ),
    (
        "ticket_read_draft_solution",
        "helpdesk.ticket read complaint_portal_solution of A (not sent yet)",
        "none denied denied none denied denied none none none none none",
    ),
    (
        "ticket_read_group_masked",
        "helpdesk.ticket web_read_group by <each masked field>",
        "denied denied denied denied denied denied denied denied denied denied ok",
    ),
    (
        "ticket_search_masked",
        "helpdesk.ticket search_count with <each masked field> =like '139%'",
        "denied denied denied denied denied denied denied denied denied denied ok",
    ),
    (
        "ticket_read_masked",
        "helpdesk.ticket read <each masked field> of A",
        "denied denied denied masked denied denied masked masked masked masked ok",
    ),
    (
        "partner_read_masked",
        "res.partner read phone, email of customer A",
        "ok denied masked masked masked masked masked masked masked masked ok",
    ),
    (
        "sla_search_read",
        "helpdesk.ticket.sla search_read (A's SLA lines)",
        "denied denied none ok none none ok ok ok ok ok",
    ),
    (
        "line_search_read",
        "complaint.compensation.line search_read (A's lines)",
        "denied denied denied ok none none ok ok ok ok ok",
    ),
    (
        "event_search_read",
        "complaint.event search_read (A's entries)",
        "denied denied denied denied denied denied ok ok ok ok ok",
    ),
    (
        "attachment_search_read",
        "ir.attachment search_read (A's files)",
        "denied denied none ok none none ok ok ok ok ok",
    ),
    (
        "message_search_read",
        "mail.message search_read (A's internal note)",
        "none none none ok none none ok ok ok ok ok",
    ),
    (
        "ticket_message_post",
        "helpdesk.ticket message_post (comment to the customer) on A",
        "denied denied denied ok denied denied ok ok denied ok ok",
    ),
    (
        "mail_message_post",
        "POST /mail/message/post on A",
        "ok refused refused ok refused refused ok ok denied ok ok",
    ),
    (
        "mail_upload_exe",
        "POST /mail/attachment/upload of a .exe on A",
        "refused refused refused refused refused refused refused refused refused "
        "refused refused",
    ),
    (
        "event_verify_chain",
        "complaint.event action_verify_integrity",
        "denied denied denied denied denied denied ok ok denied ok ok",
    ),
    (
        "ticket_stage_skip_context",
        "helpdesk.ticket write stage_id=archived on A with context "
        "complaint_skip_checks",
        "refused denied denied refused denied denied refused refused refused refused "
        "refused",
    ),
    (
        "ticket_export_masked",
        "helpdesk.ticket export_data partner_phone of A",
        "refused refused denied masked denied denied masked masked masked masked ok",
    ),
    (
        "mail_upload_exe_pending",
        "POST /mail/attachment/upload of a .exe on A (pending, then "
        "/mail/message/post)",
        "refused refused refused refused refused refused refused refused refused "
        "refused refused",
    ),
]

MATRIX_BEGIN = (
    "<!-- surfaces-matrix:begin (generated from tests/test_security_surfaces.py) -->"
)
MATRIX_END = "<!-- surfaces-matrix:end -->"

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def matrix_markdown():
    """The table as the Markdown block of docs/ACCESS_MATRIX.md."""
    header = "| Surface | " + " | ".join(label for _key, label in ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    rows = [
        f"| {surface} | " + " | ".join(expected.split()) + " |"
        for _key, surface, expected in SURFACES
    ]
    legend = [f"- `{code}`: {meaning}" for code, meaning in OUTCOMES.items()]
    fields = ["| Model | Addon | Decision fields (changed only by actions) |"]
    fields.append("|---|---|---|")
    for model, per_addon in PROTECTED.items():
        for addon, names in per_addon.items():
            listed = ", ".join(f"`{name}`" for name in names.split())
            fields.append(f"| `{model}` | {addon} | {listed} |")
    masked = ["| Model | Masked fields (personal-data role only) |", "|---|---|"]
    for model, names in MASKED.items():
        listed = ", ".join(f"`{name}`" for name in names.split())
        masked.append(f"| `{model}` | {listed} |")
    return "\n".join(
        [MATRIX_BEGIN, header, rule, *rows, "", *legend, "", *fields, "", *masked]
        + [MATRIX_END]
    )


class _Rollback(Exception):
    """Undoes what a cell of the table changed."""


@tagged("post_install", "-at_install")
class TestSecuritySurfaces(CountedSubTests, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        group = "consumer_complaint.group_complaint_{}".format
        compliance = cls.env.ref(
            "complaint_compliance.group_compliance_manager", raise_if_not_found=False
        )

        def user(login, groups, **kw):
            if groups != "base.group_portal":
                # Export is a right of its own in Odoo 18: the attacker has it.
                groups += ",base.group_allow_export"
            return new_test_user(
                cls.env,
                login,
                groups=groups,
                name=login,
                email=f"{login}@example.com",
                lang="en_US",
                **kw,
            )

        cls.users = {
            "portal_a": user("sec_portal_a", "base.group_portal"),
            "portal_b": user("sec_portal_b", "base.group_portal"),
            "receptionist": user("sec_reception", group("receptionist")),
            "handler_x": user("sec_handler_x", group("handler")),
            "handler_y": user("sec_handler_y", group("handler")),
            "followup": user("sec_followup", group("followup")),
            "supervisor": user("sec_supervisor", group("supervisor")),
            "manager": user("sec_manager", group("manager")),
            "analyst": user("sec_analyst", group("analyst")),
            "compliance": user(
                "sec_compliance",
                "complaint_compliance.group_compliance_manager"
                if compliance
                else group("supervisor"),
            ),
            "personal": user(
                "sec_personal",
                f"{group('supervisor')},{group('personal_data')}",
            ),
        }
        users = cls.users
        cls.customer = users["portal_a"].partner_id
        cls.customer.phone = "13912344321"
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_x = Team.create(
            {
                "name": "Team X (surfaces)",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": cls.env.ref(
                    "consumer_complaint.resource_calendar_24x7"
                ).id,
                "user_id": users["supervisor"].id,
                "user_ids": [(6, 0, users["handler_x"].ids)],
            }
        )
        Team.create(
            {
                "name": "Team Y (surfaces)",
                "is_complaint_team": True,
                "user_ids": [(6, 0, users["handler_y"].ids)],
            }
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings (surfaces)",
                "description": "<p>The dumplings smell sour.</p>",
                "team_id": cls.team_x.id,
                "user_id": users["handler_x"].id,
                "category_id": cls.env.ref(
                    "consumer_complaint.category_quality_odor"
                ).id,
                "partner_id": cls.customer.id,
                "partner_email": "custa@example.com",
                "partner_phone": "13912344321",
                "email_cc": "cousin.a@example.com",
                "id_number": "11010519491231002X",
                "contact_address": "1 Test Road, Jing'an, Shanghai",
                "amount_paid": 100.0,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )
        cls.complaint._complaint_move_to("investigating")
        cls.complaint._complaint_move_to("solution")
        cls.complaint.solution = "<p>Draft: refund 50 yuan.</p>"
        cls.line = cls.env["complaint.compensation.line"].create(
            {
                "ticket_id": cls.complaint.id,
                "type_id": cls.env.ref("consumer_complaint.compensation_type_cash").id,
                "amount": 50.0,
                "reason": "Spoiled goods",
            }
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "evidence.txt",
                "raw": b"photo of the dumplings",
                "res_model": "helpdesk.ticket",
                "res_id": cls.complaint.id,
            }
        )
        cls.note = cls.complaint.message_post(
            body="Internal: supplier batch 42 suspected.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.sla_line = cls.complaint.ticket_sla_ids[:1]
        cls.env["res.company"].create({"name": "Other company (surfaces)"})
        # Records the forged values point to (another one than the current).
        cls.env["complaint.knowledge"].create(
            {"name": "Sour dumplings: refund and batch check (surfaces)"}
        )
        cls.env["complaint.peak.period"].create(
            {
                "name": "Singles' Day (surfaces)",
                "date_from": "2026-11-01",
                "date_to": "2026-11-15",
            }
        )
        cls.env["product.product"].create({"name": "Pork dumplings (surfaces)"})
        if "survey.user_input" in cls.env:
            survey = cls.env["survey.survey"].search([], limit=1)
            cls.env["survey.user_input"].create({"survey_id": survey.id})
        cls.archived_stage = cls.env["helpdesk.ticket.stage"]._complaint_stage(
            "archived"
        )
        cls.triage_model = cls.env["complaint.triage.model"].create(
            {"version": 9001, "source": "history", "accuracy": 0.9}
        )
        cls.spike = (
            cls.env["complaint.spike.alert"].create(
                {
                    "company_id": cls.env.company.id,
                    "alert_date": "2026-11-30",
                    "window_end": "2026-11-30 16:00:00",
                    "dimension": "batch",
                    "value_key": "SURFACES-42",
                    "lot_ref": "SURFACES-42",
                    "count": 9,
                    "expected": 1.0,
                    "p_value": 0.00001,
                }
            )
            if "complaint.spike.alert" in cls.env
            else None
        )

    def url_open(self, url, *args, **kwargs):
        # No language redirect on the way: the session's language decides.
        return super().url_open(url, *args, **kwargs)

    # Calls ---------------------------------------------------------------

    def _jsonrpc(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertLess(response.status_code, 500, url)
        return response.json()

    def _rpc_outcome(self, body):
        if "result" in body:
            return "ok", body["result"]
        name = body["error"]["data"]["name"]
        outcome = {
            "odoo.exceptions.AccessError": "denied",
            "odoo.exceptions.MissingError": "denied",
            "odoo.exceptions.UserError": "refused",
            "odoo.exceptions.ValidationError": "refused",
            "werkzeug.exceptions.NotFound": "refused",
            "werkzeug.exceptions.Forbidden": "refused",
        }.get(name, name)
        return outcome, None

    def _rpc(self, model, method, args, **kwargs):
        return self._rpc_outcome(
            self._jsonrpc(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": args, "kwargs": kwargs},
            )
        )

    # Values an attacker would write --------------------------------------

    def _forged_value(self, record, fname):
        field = record._fields[fname]
        current = record[fname]
        if field.type in ("many2one", "many2many"):
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "not in", current.ids)], limit=1)
            )
            self.assertTrue(other, f"the table needs another {field.comodel_name}")
            return other.id if field.type == "many2one" else [(6, 0, other.ids)]
        if field.type == "one2many":
            return [(5, 0, 0)]
        if field.type == "selection":
            values = [
                key
                for key, _label in field._description_selection(self.env)
                if key != current
            ]
            return values[-1]
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return 99999
        if field.type == "datetime":
            return "2030-01-01 00:00:00"
        if field.type == "date":
            return "2030-01-01"
        if field.type == "html":
            return "<p>forged</p>"
        return "forged"

    def _decision_fields(self, model):
        return sorted(self.env[model]._complaint_decision_fields())

    # Cells ---------------------------------------------------------------

    def _write_each(self, record, fields):
        """Write each field alone; the worst outcome wins ("ok" if any
        write went through)."""
        self.assertTrue(record, "the table needs a record to attack")
        outcomes, written = set(), []
        for fname in fields:
            outcome, _ = self._rpc(
                record._name,
                "write",
                [record.ids, {fname: self._forged_value(record, fname)}],
            )
            outcomes.add(outcome)
            if outcome == "ok":
                written.append(fname)
        if written:
            return "ok: " + ", ".join(written)
        return "/".join(sorted(outcomes))

    def _read_each(self, record, fields, masked=False):
        """Read each field alone; with ``masked``, a value that differs from
        the stored one counts as "masked"."""
        stored = record.sudo().read(fields)[0] if masked else {}
        outcomes = set()
        for fname in fields:
            outcome, result = self._rpc(record._name, "read", [record.ids, [fname]])
            if outcome == "ok" and masked and result[0][fname] != stored[fname]:
                outcome = "masked"
            outcomes.add(outcome if outcome != "denied" else f"denied {fname}")
        if len({outcome.split()[0] for outcome in outcomes}) > 1:
            return "/".join(sorted(outcomes))
        return outcomes.pop().split()[0]

    def _search_read(self, model, domain):
        outcome, result = self._rpc(model, "search_read", [domain, ["id"]])
        if outcome != "ok":
            return outcome
        return "ok" if result else "none"

    def _cell(self, key):
        ticket, line = self.complaint, self.line
        Ticket = self.env["helpdesk.ticket"]
        # Stored values of the complaint itself: fields with groups= are
        # checked by Odoo's field access, relations by the rules of their model.
        desk_fields = sorted(
            fname
            for fname, field in Ticket._fields.items()
            if fname not in Ticket._complaint_portal_readable_fields()
            and not field.groups
            and not field.relational
        )
        masked = sorted(Ticket._complaint_masked_fields())
        cells = {
            "ticket_write_decision": lambda: self._write_each(
                ticket, self._decision_fields("helpdesk.ticket")
            ),
            "line_write_decision": lambda: self._write_each(
                line, self._decision_fields("complaint.compensation.line")
            ),
            "line_create_approved": lambda: self._rpc(
                "complaint.compensation.line",
                "create",
                [
                    {
                        "ticket_id": ticket.id,
                        "type_id": line.type_id.id,
                        "amount": 99999,
                        "state": "approved",
                        "approved_by_id": self.users["supervisor"].id,
                    }
                ],
            )[0],
            "sla_write_decision": lambda: self._write_each(
                self.sla_line, self._decision_fields("helpdesk.ticket.sla")
            ),
            "triage_model_write_decision": lambda: self._write_each(
                self.triage_model, self._decision_fields("complaint.triage.model")
            ),
            "spike_write_decision": lambda: (
                self._write_each(
                    self.spike, self._decision_fields("complaint.spike.alert")
                )
                if self.spike
                else "denied"
            ),
            "ticket_read_desk_fields": lambda: self._read_each(ticket, desk_fields),
            "ticket_read_draft_solution": lambda: self._read_draft_solution(),
            "ticket_read_group_masked": lambda: self._each(
                masked,
                lambda fname: self._rpc(
                    "helpdesk.ticket",
                    "web_read_group",
                    [[("id", "=", ticket.id)], ["id:count"], [fname]],
                )[0],
            ),
            "ticket_search_masked": lambda: self._each(
                masked,
                lambda fname: self._rpc(
                    "helpdesk.ticket", "search_count", [[(fname, "=like", "139%")]]
                )[0],
            ),
            "ticket_read_masked": lambda: self._read_each(ticket, masked, True),
            "partner_read_masked": lambda: self._read_each(
                self.customer, ["phone", "email"], True
            ),
            "sla_search_read": lambda: self._search_read(
                "helpdesk.ticket.sla", [("ticket_id", "=", ticket.id)]
            ),
            "line_search_read": lambda: self._search_read(
                "complaint.compensation.line", [("ticket_id", "=", ticket.id)]
            ),
            "event_search_read": lambda: self._search_read(
                "complaint.event", [("ticket_id", "=", ticket.id)]
            ),
            "attachment_search_read": lambda: self._search_read(
                "ir.attachment", [("id", "=", self.attachment.id)]
            ),
            "message_search_read": lambda: self._search_read(
                "mail.message", [("id", "=", self.note.id)]
            ),
            "ticket_message_post": lambda: self._rpc(
                "helpdesk.ticket",
                "message_post",
                [ticket.ids],
                body="Message from the generic surface",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )[0],
            "mail_message_post": lambda: self._rpc_outcome(
                self._jsonrpc(
                    "/mail/message/post",
                    {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": ticket.id,
                        "post_data": {
                            "body": "Posted through /mail",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                    },
                )
            )[0],
            "mail_upload_exe": self._upload_exe,
            "mail_upload_exe_pending": self._upload_exe_pending,
            "ticket_stage_skip_context": lambda: self._rpc(
                "helpdesk.ticket",
                "write",
                [ticket.ids, {"stage_id": self.archived_stage.id}],
                context={"complaint_skip_checks": True},
            )[0],
            "ticket_export_masked": self._export_masked,
            "event_verify_chain": lambda: self._rpc(
                "complaint.event", "action_verify_integrity", []
            )[0],
        }
        self.assertEqual(set(cells), {key for key, _s, _e in SURFACES})
        outcome = None
        before = self._snapshot()
        with contextlib.suppress(_Rollback), self.env.cr.savepoint():
            outcome = cells[key]()
            if outcome in ("denied", "refused"):
                self.env.invalidate_all()
                self.assertEqual(
                    self._snapshot(), before, f"{key}: refused but changed"
                )
            raise _Rollback()
        self.env.invalidate_all()
        return outcome

    def _each(self, fields, call):
        return "/".join(sorted({call(fname) for fname in fields}))

    def _read_draft_solution(self):
        outcome, result = self._rpc(
            "helpdesk.ticket",
            "read",
            [self.complaint.ids, ["complaint_portal_solution"]],
        )
        if outcome != "ok":
            return outcome
        return "ok" if result[0]["complaint_portal_solution"] else "none"

    def _upload(self, pending=False):
        data = {
            "csrf_token": self._csrf_token(),
            "thread_id": self.complaint.id,
            "thread_model": "helpdesk.ticket",
        }
        if pending:
            data["is_pending"] = "true"
        response = self.url_open(
            "/mail/attachment/upload",
            data=data,
            files={"ufile": ("setup.exe", EXE, "application/x-msdownload")},
        )
        if response.status_code >= 400:
            return None
        body = response.json()
        if "data" not in body:
            return None
        return body["data"]["ir.attachment"][0]

    def _upload_exe(self):
        return "ok" if self._upload() else "refused"

    def _upload_exe_pending(self):
        attachment = self._upload(pending=True)
        if not attachment:
            return "refused"
        outcome, _ = self._rpc_outcome(
            self._jsonrpc(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.complaint.id,
                    "post_data": {
                        "body": "See the file",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                        "attachment_ids": [attachment["id"]],
                    },
                    "attachment_tokens": [attachment.get("access_token") or ""],
                },
            )
        )
        linked = (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    ("id", "=", attachment["id"]),
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.complaint.id),
                ]
            )
        )
        return "ok" if outcome == "ok" and linked else "refused"

    def _export_masked(self):
        outcome, result = self._rpc(
            "helpdesk.ticket", "export_data", [self.complaint.ids, ["partner_phone"]]
        )
        if outcome != "ok":
            return outcome
        value = result["datas"][0][0]
        return "ok" if value == self.complaint.sudo().partner_phone else "masked"

    def _csrf_token(self):
        page = self.url_open("/complaint/new")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _snapshot(self):
        env = self.env(su=True)
        env.invalidate_all()
        ticket = env["helpdesk.ticket"].browse(self.complaint.id)
        line = env["complaint.compensation.line"].browse(self.line.id)
        return (
            env["complaint.event"].search_count([]),
            env["mail.message"].search_count(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            ),
            env["ir.attachment"].search_count(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            ),
            ticket.write_date,
            line.write_date,
            env["complaint.compensation.line"].search_count([]),
        )

    # Tests ---------------------------------------------------------------

    def test_surfaces(self):
        for index, (role, _label) in enumerate(ROLES):
            user = self.users[role]
            self.authenticate(user.login, user.login)
            with mute_logger("odoo.http"):
                for key, surface, expected in SURFACES:
                    with self.subTest(role=role, surface=surface):
                        self.assertEqual(self._cell(key), expected.split()[index])

    def _installed(self, addon):
        return bool(
            self.env["ir.module.module"].search_count(
                [("name", "=", addon), ("state", "=", "installed")]
            )
        )

    def test_lists_match_the_code(self):
        for model, per_addon in PROTECTED.items():
            expected = {
                fname
                for addon, fields in per_addon.items()
                if self._installed(addon)
                for fname in fields.split()
            }
            if not expected:
                continue
            with self.subTest(model=model):
                self.assertEqual(set(self._decision_fields(model)), expected)
        for model, fields in MASKED.items():
            with self.subTest(model=model):
                code = set(self.env[model]._complaint_masked_fields())
                self.assertLessEqual(set(fields.split()), code)
                self.assertLessEqual(code - set(fields.split()), {"phone_sanitized"})

    def test_document_is_up_to_date(self):
        path = os.path.join(
            os.path.dirname(__file__), "..", "..", "docs", "ACCESS_MATRIX.md"
        )
        # The document lives in the repository, not in the installed addon.
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as document:
            text = document.read()
        found = re.search(
            re.escape(MATRIX_BEGIN) + ".*?" + re.escape(MATRIX_END), text, re.DOTALL
        )
        self.assertTrue(found, "docs/ACCESS_MATRIX.md has no generic-surfaces block")
        self.assertEqual(
            found.group(0),
            matrix_markdown(),
            "docs/ACCESS_MATRIX.md differs from SURFACES: paste matrix_markdown()",
        )
