# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the complaint form offers to choose: complaint categories and the
products on sale. Read as superuser: guests choose among them too."""

from odoo.osv import expression

# A module, not names: form.py imports this module too.
from . import form

# Products a product search of the complaint form returns at most.
PRODUCT_SEARCH_LIMIT = 20


def category_domain():
    """Categories of complaints: those the triage classifies (a code) or that
    route to a complaint team, themselves or through their main category.
    helpdesk_mgmt's other categories (IT support, demo data) are not
    complaint categories."""
    return expression.OR(
        [
            [("code", "!=", False)],
            [("default_team_id.is_complaint_team", "=", True)],
            [("parent_id.code", "!=", False)],
            [("parent_id.default_team_id.is_complaint_team", "=", True)],
        ]
    )


def portal_categories(env, company=None):
    """Complaint categories a customer can choose: active, shown on the portal."""
    company = company or env.company
    categories = (
        env["helpdesk.ticket.category"]
        .sudo()
        .search(
            expression.AND(
                [
                    [
                        ("show_in_portal", "=", True),
                        ("company_id", "in", [company.id, False]),
                    ],
                    category_domain(),
                ]
            )
        )
    )
    # A sub-category is only offered when its main category is offered too.
    return categories.filtered(lambda c: not c.parent_id or c.parent_id in categories)


def portal_category_groups(env, company=None):
    """``[(main category, its sub-categories)]`` in the order of the
    categories, as the form groups them."""
    categories = portal_categories(env, company=company)
    subs = categories.filtered("parent_id")
    return [
        (main, subs.filtered(lambda c, main=main: c.parent_id == main))
        for main in categories - subs
    ]


def product_domain(env, company=None):
    """Products a customer can complain about: those on sale."""
    company = company or env.company
    return [
        ("sale_ok", "=", True),
        ("company_id", "in", [company.id, False]),
    ]


def search_products(env, text, limit=PRODUCT_SEARCH_LIMIT):
    """Products whose name or internal reference contains ``text``, the
    closest matches first (Odoo's product search: exact reference, then
    reference, then name).

    :return: product.product records (superuser), at most ``limit``
    """
    text = form.clean_text(text)[: form.MAX_LENGTHS["product_name"]]
    Product = env["product.product"].sudo()
    if not text:
        return Product
    limit = max(1, min(int(limit or PRODUCT_SEARCH_LIMIT), PRODUCT_SEARCH_LIMIT))
    found = Product.name_search(
        text, product_domain(env), operator="ilike", limit=limit
    )
    return Product.browse([product_id for product_id, _name in found])


def match_product(env, text):
    """The product a customer typed without picking it from the list.

    :return: ``(product, candidates)``: the product when the text names
        exactly one (its name, reference or full name, whatever the case, or
        the only match), else the products to choose from.
    """
    candidates = search_products(env, text)
    typed = form.clean_text(text).casefold()
    exact = candidates.filtered(
        lambda p: (
            typed
            in {
                (p.name or "").casefold(),
                (p.default_code or "").casefold(),
                (p.display_name or "").casefold(),
            }
        )
    )
    if len(exact) == 1:
        return exact, candidates
    if len(candidates) == 1:
        return candidates, candidates
    return env["product.product"], candidates
