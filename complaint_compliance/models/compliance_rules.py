# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain computations behind the legal checks (no database, easy to test).

Every result is a hint for a person: the facts that trigger a rule (fraud,
non-compliant food, product nature) are confirmed by an agent first.
"""

from datetime import date, timedelta

PASS, WARNING, BLOCKING, CANNOT = "pass", "warning", "blocking", "cannot_check"

# 消费者权益保护法 art. 25: distance sales
DISTANCE_CHANNELS = ("online", "tv", "phone", "mail_order")
EXCLUDED_BY_LAW = ("custom_made", "perishable", "digital_unsealed", "periodical")


def window_start(event, delivery_date):
    """First day counted by a return window that starts at ``event``.

    ``receipt``: the day of receipt counts as day 1 (消法 art. 24/25);
    ``day_after_signing``: counting starts the day after signing for the
    goods (网络购买商品七日无理由退货暂行办法).
    """
    if not delivery_date:
        return None
    if event == "day_after_signing":
        return delivery_date + timedelta(days=1)
    return delivery_date


def within_window(event, delivery_date, request_date, days):
    """True when ``request_date`` is inside a ``days``-day window."""
    start = window_start(event, delivery_date)
    if start is None or request_date is None:
        return None
    return request_date <= start + timedelta(days=days - 1)


def seven_day_return(
    sale_channel, delivery_date, request_date, natures, event="receipt"
):
    """Eligibility for a return without reason (消法 art. 25).

    :param natures: set of product-nature flags (custom_made, perishable,
        digital_unsealed, periodical, excluded_confirmed)
    :returns: (result, reason key)
    """
    if not sale_channel:
        return CANNOT, "missing_channel"
    if sale_channel not in DISTANCE_CHANNELS:
        return WARNING, "not_distance_sale"
    excluded = [n for n in EXCLUDED_BY_LAW if n in natures]
    if excluded:
        return WARNING, f"excluded_{excluded[0]}"
    if "excluded_confirmed" in natures:
        return WARNING, "excluded_confirmed"
    if not delivery_date:
        return CANNOT, "missing_delivery_date"
    inside = within_window(event, delivery_date, request_date, 7)
    return (PASS, "eligible") if inside else (WARNING, "window_passed")


def punitive_extra(kind, price, loss=0.0):
    """Extra (punitive) compensation the law implies, on top of the refund.

    ``fraud`` (消法 art. 55(1)): 3× the price, at least 500 yuan.
    ``food`` (食品安全法 art. 148): 10× the price or 3× the loss, whichever
    the consumer claims (the higher one is shown), at least 1,000 yuan.
    """
    price = max(price or 0.0, 0.0)
    loss = max(loss or 0.0, 0.0)
    if kind == "fraud":
        return max(3 * price, 500.0)
    if kind == "food":
        return max(10 * price, 3 * loss, 1000.0)
    return 0.0


def add_working_days(start, days, holidays=(), workdays=()):
    """The date ``days`` working days after ``start`` (start itself not counted).

    Saturdays and Sundays are rest days unless listed in ``workdays``
    (adjusted working days, 调休上班); dates in ``holidays`` are rest days.
    """
    holidays, workdays = set(holidays), set(workdays)
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        weekend = current.weekday() >= 5
        if current in holidays or (weekend and current not in workdays):
            continue
        left -= 1
    return current


def working_days_between(start, end, holidays=(), workdays=()):
    """Working days after ``start`` up to and including ``end``."""
    count, current = 0, start
    holidays, workdays = set(holidays), set(workdays)
    while current < end:
        current += timedelta(days=1)
        weekend = current.weekday() >= 5
        if current in holidays or (weekend and current not in workdays):
            continue
        count += 1
    return count


def refund_deadline(return_received, days=7):
    """Latest refund date after the returned goods were received."""
    if not isinstance(return_received, date):
        return None
    return return_received + timedelta(days=days)
