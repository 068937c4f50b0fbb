# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 18, for databases installed with 18.0.1.0.0.

The seeded clauses are ``noupdate``: correct the ones whose figures drove
wrong checks, and carry the old yes/no product-nature flags over to the new
three-state selections (an unset old flag stays "not checked yet").
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

OLD_NATURES = ("custom_made", "perishable", "digital_unsealed", "periodical")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _fix_clauses(env)
    _carry_natures(cr)


def _fix_clauses(env):
    # 消法 art. 46 and the 2020 measures are the authority's own duties, not
    # the company's deadline (the 12315 ODR clause is created by the data file).
    for xmlid in ("clause_cpl_46", "clause_samr_2020"):
        clause = env.ref(f"complaint_compliance.{xmlid}", raise_if_not_found=False)
        if clause and clause.rule_type == "deadline":
            clause.write({"rule_type": False, "deadline_days": 0})
    food = env.ref("complaint_compliance.clause_food_148", raise_if_not_found=False)
    if food and not food.loss_multiplier:
        food.loss_multiplier = 3


def _column_exists(cr, name):
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'helpdesk_ticket' AND column_name = %s",
            name,
        )
    )
    return bool(cr.fetchone())


def _carry_natures(cr):
    for nature in OLD_NATURES:
        if _column_exists(cr, nature):
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET return_nature = %s "
                    "WHERE %s AND return_nature IS NULL",
                    nature,
                    SQL.identifier(nature),
                )
            )
    if _column_exists(cr, "excluded_confirmed"):
        cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET purchase_confirmation = 'confirmed' "
                "WHERE excluded_confirmed AND purchase_confirmation IS NULL"
            )
        )
