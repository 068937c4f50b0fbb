# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One word for one concept: what the screens called a "grade" is a severity.

Renames, before the new code loads, what a database of the previous version
stores under the old word, so that the registry finds its data under the new
names instead of creating empty ones and deleting the old ones at the end of
the upgrade (which would drop the rules and the column):

* the model ``complaint.grade.rule`` → ``complaint.severity.rule`` (table,
  id sequence, constraints, ir.model, its fields, xml ids, references);
* the field ``helpdesk.ticket.triage_grade_rules`` → ``triage_severity_rules``;
* the value ``grade`` → ``severity`` of ``res.company.complaint_escalation_mode``.

The event log keeps its key ``grade`` (event type and payload): it is part of
the hash chain of existing entries. Same steps as OCA openupgradelib's
``rename_models``, ``rename_tables`` and ``rename_fields``, in plain SQL.
"""

import logging

from odoo.tools.sql import column_exists, table_exists

_logger = logging.getLogger(__name__)

OLD_MODEL, NEW_MODEL = "complaint.grade.rule", "complaint.severity.rule"
OLD_TABLE, NEW_TABLE = "complaint_grade_rule", "complaint_severity_rule"
OLD_FIELD, NEW_FIELD = "triage_grade_rules", "triage_severity_rules"

# Columns that hold a model's name, for the records attached to a rule (a
# chatter, files, filters, actions...). Checked one by one: some belong to
# modules that may not be installed.
MODEL_NAME_COLUMNS = [
    ("ir_model_data", "model"),
    ("ir_model_fields", "model"),
    ("ir_model_fields", "relation"),
    ("ir_attachment", "res_model"),
    ("ir_filters", "model_id"),
    ("ir_exports", "resource"),
    ("ir_act_window", "res_model"),
    ("ir_act_server", "model_name"),
    ("ir_act_report_xml", "model"),
    ("ir_ui_view", "model"),
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("mail_message_subtype", "res_model"),
    ("mail_template", "model"),
]


def migrate(cr, version):
    if not table_exists(cr, OLD_TABLE) or table_exists(cr, NEW_TABLE):
        return
    _rename_table(cr)
    _rename_model(cr)
    _rename_xmlids(cr)
    _rename_ticket_field(cr)
    _rename_escalation_mode(cr)
    _logger.info(
        "%s renamed %s, %s renamed %s, escalation mode 'grade' renamed 'severity'",
        OLD_MODEL,
        NEW_MODEL,
        OLD_FIELD,
        NEW_FIELD,
    )


def _rename_table(cr):
    # The table and its id sequence: the id column's default refers to the
    # sequence by oid, so it follows the rename.
    cr.execute(f'ALTER TABLE "{OLD_TABLE}" RENAME TO "{NEW_TABLE}"')
    cr.execute(
        f'ALTER SEQUENCE IF EXISTS "{OLD_TABLE}_id_seq" RENAME TO "{NEW_TABLE}_id_seq"'
    )
    # The primary key's index and the foreign keys are named after the table;
    # Odoo looks foreign keys up by column, the names are for the readers (and
    # ir_model_constraint, which drops them by name at uninstall).
    cr.execute(
        """
        SELECT c.relname
          FROM pg_index i
          JOIN pg_class t ON t.oid = i.indrelid
          JOIN pg_class c ON c.oid = i.indexrelid
         WHERE t.relname = %s AND c.relname LIKE %s
        """,
        (NEW_TABLE, f"{OLD_TABLE}\\_%"),
    )
    for (index,) in cr.fetchall():
        new_index = index.replace(OLD_TABLE, NEW_TABLE, 1)
        cr.execute(f'ALTER INDEX "{index}" RENAME TO "{new_index}"')
    cr.execute(
        """
        SELECT con.conname
          FROM pg_constraint con
          JOIN pg_class t ON t.oid = con.conrelid
         WHERE t.relname = %s AND con.conname LIKE %s
        """,
        (NEW_TABLE, f"{OLD_TABLE}\\_%"),
    )
    for (constraint,) in cr.fetchall():
        new_constraint = constraint.replace(OLD_TABLE, NEW_TABLE, 1)
        cr.execute(
            f'ALTER TABLE "{NEW_TABLE}" '
            f'RENAME CONSTRAINT "{constraint}" TO "{new_constraint}"'
        )
    cr.execute(
        """
        UPDATE ir_model_constraint
           SET name = regexp_replace(name, %s, %s)
         WHERE name LIKE %s
        """,
        (f"^{OLD_TABLE}_", f"{NEW_TABLE}_", f"{OLD_TABLE}\\_%"),
    )


def _rename_model(cr):
    # ir.model keeps its id: access rights, record rules, the menu's action
    # and the fields stay attached to it.
    cr.execute(
        "UPDATE ir_model SET model = %s WHERE model = %s", (NEW_MODEL, OLD_MODEL)
    )
    # Every other column naming the model: ir_model_data.model (the xml ids of
    # the seeded rules), ir_model_fields.model / .relation, and the records
    # attached to a rule, if any.
    for table, column in MODEL_NAME_COLUMNS:
        if column_exists(cr, table, column):
            cr.execute(
                f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" = %s',
                (NEW_MODEL, OLD_MODEL),
            )


def _rename_xmlids(cr):
    # The addon's xml ids named after the model keep their records under the
    # new names the code now uses: model_complaint_grade_rule,
    # access_complaint_grade_rule_*, field_complaint_grade_rule__*,
    # model_inherit__complaint_grade_rule__*, the views, action and menu, the
    # seeded rules grade_rule_01... (noupdate: edited rules stay as edited)
    # and field_helpdesk_ticket__triage_grade_rules. Left alone, the old ids
    # would be deleted with their records at the end of the upgrade.
    cr.execute(
        """
        UPDATE ir_model_data d
           SET name = replace(d.name, 'grade_rule', 'severity_rule')
         WHERE d.module = 'consumer_complaint'
           AND d.name LIKE '%grade\\_rule%'
           AND NOT EXISTS (
                SELECT 1
                  FROM ir_model_data o
                 WHERE o.module = d.module
                   AND o.name = replace(d.name, 'grade_rule', 'severity_rule')
           )
        """
    )
    # Fields another addon would have added to the model.
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = replace(name, %s, %s)
         WHERE model = 'ir.model.fields'
           AND module != 'consumer_complaint'
           AND name LIKE %s
        """,
        (f"field_{OLD_TABLE}__", f"field_{NEW_TABLE}__", f"field\\_{OLD_TABLE}\\_\\_%"),
    )


def _rename_ticket_field(cr):
    if column_exists(cr, "helpdesk_ticket", OLD_FIELD) and not column_exists(
        cr, "helpdesk_ticket", NEW_FIELD
    ):
        cr.execute(
            f'ALTER TABLE helpdesk_ticket RENAME COLUMN "{OLD_FIELD}" TO "{NEW_FIELD}"'
        )
    cr.execute(
        """
        UPDATE ir_model_fields
           SET name = %s
         WHERE model = 'helpdesk.ticket' AND name = %s
        """,
        (NEW_FIELD, OLD_FIELD),
    )
    # Where users saved the field's name: export templates, favourite
    # filters (domain and group by), views of their own.
    cr.execute(
        """
        UPDATE ir_exports_line l
           SET name = %s
          FROM ir_exports e
         WHERE e.id = l.export_id
           AND e.resource = 'helpdesk.ticket'
           AND l.name = %s
        """,
        (NEW_FIELD, OLD_FIELD),
    )
    cr.execute(
        """
        UPDATE ir_filters
           SET domain = replace(domain, %(old)s, %(new)s),
               context = replace(context, %(old)s, %(new)s)
         WHERE model_id = 'helpdesk.ticket'
           AND (domain LIKE %(like)s OR context LIKE %(like)s)
        """,
        {"old": f"'{OLD_FIELD}'", "new": f"'{NEW_FIELD}'", "like": f"%'{OLD_FIELD}'%"},
    )
    cr.execute(
        """
        UPDATE ir_ui_view
           SET arch_db = replace(arch_db::text, %s, %s)::jsonb
         WHERE arch_db::text LIKE %s
        """,
        (OLD_FIELD, NEW_FIELD, f"%{OLD_FIELD}%"),
    )


def _rename_escalation_mode(cr):
    # The stored choice of every company, the selection value Odoo reflects
    # (with its xml id, else it would be deleted and created again) and
    # defaults set by users. The event log's "mode" of past escalations
    # keeps "grade": it is sealed in the hash chain.
    cr.execute(
        """
        UPDATE res_company
           SET complaint_escalation_mode = 'severity'
         WHERE complaint_escalation_mode = 'grade'
        """
    )
    cr.execute(
        """
        SELECT id
          FROM ir_model_fields
         WHERE name = 'complaint_escalation_mode'
           AND model IN ('res.company', 'res.config.settings')
        """
    )
    field_ids = tuple(row[0] for row in cr.fetchall())
    if not field_ids:
        return
    cr.execute(
        """
        UPDATE ir_model_fields_selection s
           SET value = 'severity'
         WHERE s.field_id IN %s
           AND s.value = 'grade'
           AND NOT EXISTS (
                SELECT 1
                  FROM ir_model_fields_selection o
                 WHERE o.field_id = s.field_id AND o.value = 'severity'
           )
        """,
        (field_ids,),
    )
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = regexp_replace(name, '__grade$', '__severity')
         WHERE model = 'ir.model.fields.selection'
           AND module = 'consumer_complaint'
           AND name ~ '^selection__.*__complaint_escalation_mode__grade$'
        """
    )
    cr.execute(
        """
        UPDATE ir_default
           SET json_value = '"severity"'
         WHERE field_id IN %s
           AND json_value = '"grade"'
        """,
        (field_ids,),
    )
