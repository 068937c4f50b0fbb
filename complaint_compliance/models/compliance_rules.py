# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain computations behind the legal checks (no database, easy to test).

Every result is a hint for a person: the facts that trigger a rule (fraud,
non-compliant food, product nature) are confirmed by an agent first.
Dates passed in are local dates (the company's time zone), never the UTC
date of a timestamp.
"""

from datetime import date, timedelta

PASS, WARNING, BLOCKING, CANNOT, NOT_APPLICABLE = (
    "pass",
    "warning",
    "blocking",
    "cannot_check",
    "not_applicable",
)

# 消费者权益保护法 art. 25: distance sales
DISTANCE_CHANNELS = ("online", "tv", "phone", "mail_order")
# 消法 art. 25 (2) and 网络购买商品七日无理由退货暂行办法 art. 6: excluded by law.
EXCLUDED_BY_LAW = ("custom_made", "perishable", "digital_unsealed", "periodical")
# 七日无理由退货暂行办法 art. 7 (and 条例 art. 19: the list may not be widened):
# excludable only for these kinds, "by their nature", and only when the
# consumer confirmed it at purchase.
EXCLUDABLE_BY_CONFIRMATION = ("opening_affects_safety", "value_lost_on_use", "flawed")
NOT_EXCLUDED = "none"


def last_day(start, days, holidays=()):
    """Last day of a period of ``days`` days that starts at ``start``.

    民法典 art. 201: a period in days does not count the day it starts; it
    runs from the next day. The 7-day measures (art. 8) likewise count from
    the day after signing. Goods signed for on 03-01: 03-08 is the last day.
    民法典 art. 203: when the last day is a statutory holiday, the day after
    the holiday ends is the last day; ``holidays`` is given only when the
    company applies it (whether it extends these periods needs legal review).
    """
    end = start + timedelta(days=days)
    holidays = set(holidays)
    while end in holidays:
        end += timedelta(days=1)
    return end


def within_window(delivery_date, request_date, days, holidays=()):
    """True when ``request_date`` is inside a ``days``-day window."""
    if delivery_date is None or request_date is None:
        return None
    return request_date <= last_day(delivery_date, days, holidays)


def seven_day_return(
    sale_channel, delivery_date, request_date, nature, confirmed, days=7, holidays=()
):
    """Eligibility for a return without reason (消法 art. 25).

    :param nature: the product-nature selection: ``False`` (not checked
        yet), ``"none"``, one of EXCLUDED_BY_LAW or EXCLUDABLE_BY_CONFIRMATION
    :param confirmed: ``False`` (not checked yet), ``"confirmed"`` or
        ``"not_confirmed"`` (the consumer's confirmation at purchase)
    :returns: (result, reason key)
    """
    if not sale_channel:
        return CANNOT, "missing_channel"
    if sale_channel not in DISTANCE_CHANNELS:
        return NOT_APPLICABLE, "not_distance_sale"
    if not nature:
        return CANNOT, "missing_nature"
    if nature in EXCLUDED_BY_LAW:
        return NOT_APPLICABLE, "excluded_by_law"
    if nature in EXCLUDABLE_BY_CONFIRMATION:
        if not confirmed:
            return CANNOT, "missing_confirmation"
        if confirmed == "confirmed":
            return NOT_APPLICABLE, "excluded_confirmed"
    # A confirmation for goods that are not of an excludable kind has no
    # effect (条例 art. 19): the window applies.
    if not delivery_date:
        return CANNOT, "missing_delivery_date"
    if not request_date:
        return CANNOT, "missing_request_date"
    inside = within_window(delivery_date, request_date, days, holidays)
    return (PASS, "eligible") if inside else (WARNING, "window_passed")


def punitive_extra(price, multiplier, floor, loss=None, loss_multiplier=0.0):
    """Extra (punitive) compensation the clause implies, on top of the refund.

    消法 art. 55 (1): ``multiplier`` × price, at least ``floor``.
    食品安全法 art. 148: ``multiplier`` × price or ``loss_multiplier`` × loss
    (the consumer chooses; the higher one is shown), at least ``floor``.
    ``loss`` is ``None`` when the loss is not known: the caller must not
    call this then when ``loss_multiplier`` is set (an unknown loss is not 0).
    """
    price = max(price or 0.0, 0.0)
    extra = multiplier * price
    if loss_multiplier:
        if loss is None:
            raise ValueError("loss not known")
        extra = max(extra, loss_multiplier * max(loss, 0.0))
    return max(extra, floor or 0.0)


def food_punitive_applies(role, flaw):
    """Whether 食品安全法 art. 148 (2) applies, as (applies, reason).

    The producer is liable regardless of knowledge; a seller only when it
    knowingly sold non-compliant food (明知). Not for label or instruction
    flaws that neither affect safety nor mislead.
    ``None`` means a fact is missing (reason says which).
    """
    if not flaw:
        return None, "missing_flaw"
    if flaw == "label_only":
        return False, "label_only"
    if not role:
        return None, "missing_role"
    if role == "seller_unknowing":
        return False, "seller_unknowing"
    return True, role


def _rest_day(day, holidays, workdays):
    return day in holidays or (day.weekday() >= 5 and day not in workdays)


def add_working_days(start, days, holidays=(), workdays=()):
    """The date ``days`` working days after ``start`` (start itself not counted).

    Saturdays and Sundays are rest days unless listed in ``workdays``
    (adjusted working days, 调休上班); dates in ``holidays`` are rest days.
    """
    holidays, workdays = set(holidays), set(workdays)
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if not _rest_day(current, holidays, workdays):
            left -= 1
    return current


def working_days_between(start, end, holidays=(), workdays=()):
    """Working days after ``start`` up to and including ``end``."""
    count, current = 0, start
    holidays, workdays = set(holidays), set(workdays)
    while current < end:
        current += timedelta(days=1)
        if not _rest_day(current, holidays, workdays):
            count += 1
    return count


def refund_deadline(return_received, days=7, holidays=()):
    """Latest refund date after the returned goods were received.

    消法 art. 25: within 7 days of receiving the return; 民法典 art. 201:
    counted from the next day (art. 203 through ``holidays``, see last_day).
    """
    if not isinstance(return_received, date):
        return None
    return last_day(return_received, days, holidays)


def refund_on_time(return_received, refund_date, today, days=7, holidays=()):
    """(result, reason) of the refund check; never "pass" without a refund date."""
    due = refund_deadline(return_received, days, holidays)
    if refund_date:
        if refund_date <= due:
            return PASS, "refunded_on_time"
        return WARNING, "refunded_late"
    if today > due:
        return WARNING, "overdue"
    return CANNOT, "missing_refund_date"
