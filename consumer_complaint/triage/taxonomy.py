# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Default complaint taxonomy used by the triage engine.

Every second-level category has a stable ASCII key. The Odoo side maps the
keys to ``helpdesk.ticket.category`` records; the engine itself only knows
the keys, so a company can rename the categories freely.
"""

from collections import namedtuple

Category = namedtuple(
    "Category",
    ["key", "parent_key", "parent_name", "name", "team", "grade"],
)
Category.__doc__ = """One second-level category.

key          stable ASCII key (the label the model predicts)
parent_key   stable ASCII key of the first-level category
parent_name  first-level name (zh_CN)
name         second-level name (zh_CN)
team         key of the department team that handles it by default
grade        default severity grade when no rule matches
"""

#: Severity grades, most severe first, with the ``complaint.severity`` level.
GRADE_LEVELS = {"major": 1, "urgent": 2, "normal": 3}
GRADES = tuple(GRADE_LEVELS)

#: Department teams (keys) a category routes to by default.
TEAMS = {
    "quality": "质量部",
    "logistics": "物流部",
    "customer_service": "客服部",
    "after_sales": "售后部",
    "legal": "法务部",
}

CATEGORIES = (
    Category("quality_spoiled", "quality", "产品质量", "变质", "quality", "urgent"),
    Category("quality_odor", "quality", "产品质量", "异味", "quality", "urgent"),
    Category("quality_package", "quality", "产品质量", "包装破损", "quality", "normal"),
    Category("quality_foreign", "quality", "产品质量", "异物", "quality", "urgent"),
    Category("delivery_late", "delivery", "配送问题", "延迟", "logistics", "normal"),
    Category("delivery_wrong", "delivery", "配送问题", "错送", "logistics", "normal"),
    Category(
        "delivery_coldchain", "delivery", "配送问题", "冷链失效", "logistics", "urgent"
    ),
    Category(
        "service_attitude",
        "service",
        "服务投诉",
        "态度差",
        "customer_service",
        "normal",
    ),
    Category(
        "service_slow", "service", "服务投诉", "响应慢", "customer_service", "normal"
    ),
    Category("refund_slow", "refund", "售后退款", "退款慢", "after_sales", "normal"),
    Category(
        "refund_refused", "refund", "售后退款", "拒绝退款", "after_sales", "urgent"
    ),
    Category("false_ad", "false_ad", "虚假宣传", "夸大宣传", "legal", "urgent"),
    Category("price_dispute", "price", "价格争议", "价格不符", "after_sales", "normal"),
    Category("privacy_leak", "privacy", "个人信息泄露", "信息泄露", "legal", "urgent"),
    Category("other", "other", "其他", "其他", "customer_service", "normal"),
)

CATEGORY_BY_KEY = {c.key: c for c in CATEGORIES}
CATEGORY_KEYS = tuple(c.key for c in CATEGORIES)

#: category key -> team key (editable copy for the engine)
DEFAULT_CATEGORY_TEAMS = {c.key: c.team for c in CATEGORIES}
#: category key -> default grade when no grade rule matches
DEFAULT_CATEGORY_GRADES = {c.key: c.grade for c in CATEGORIES}


def grade_rank(grade):
    """Sort key for grades: lower is more severe.

    Accepts the grade keys of :data:`GRADE_LEVELS` or integer levels
    (1 = major) as used by ``complaint.severity.level``. Unknown values rank
    after every known grade.
    """
    if isinstance(grade, bool) or grade is None:
        return 1000
    if isinstance(grade, int):
        return grade
    return GRADE_LEVELS.get(str(grade).strip().lower(), 999)


def most_severe(grades):
    """The most severe of ``grades`` (``None`` when empty)."""
    best = None
    for grade in grades:
        if grade is None:
            continue
        if best is None or grade_rank(grade) < grade_rank(best):
            best = grade
    return best
