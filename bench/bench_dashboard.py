#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the management dashboard and the complaint analysis pivot (a script,
not a test) on a database filled by bench/generate.py.

    .venv/bin/python bench/generate.py --db bench_reports --n 1000000
    .venv/bin/python bench/bench_dashboard.py --db bench_reports

Prints the machine, the number of complaints, then for a manager (all
complaints of the company) and a handler (the complaints of their teams):
``complaint.report.get_dashboard_data()`` — the one call the dashboard makes —
and the pivot month × main category with its default measures, as the web
client asks it (``read_group``, not lazy): as the menu opens it (this month,
the default filter) and over all complaints. Each is run once to warm the
caches, then ``--runs`` times; the median is compared with the target of
1 s. Also times the hourly spike check. Nothing is written.
"""

import datetime
import statistics
import time

from odoo_env import environment, machine, parser, peak_rss_mb

TARGET = 1.0


def pivot(report_model, domain):
    """The request of the pivot view: rows and columns, not lazy."""
    return report_model.read_group(
        domain,
        ["nbr:sum", "response_sla_rate:avg", "resolution_hours:avg"],
        ["create_date:month", "category_parent_id"],
        lazy=False,
    )


def timed(function, runs):
    function()
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def report(label, times):
    median = statistics.median(times)
    verdict = "met" if median < TARGET else "MISSED"
    print(
        f"{label}: median {median:.3f} s, min {min(times):.3f} s, "
        f"max {max(times):.3f} s over {len(times)} runs "
        f"(target < {TARGET:.0f} s: {verdict})"
    )


def main():
    args_parser = parser(__doc__)
    args_parser.add_argument("--runs", type=int, default=5)
    args_parser.add_argument("--days", type=int, default=30)
    args = args_parser.parse_args()
    print(f"machine: {machine()}")
    with environment(args, commit=False) as env:
        env.cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE s.closed IS NOT TRUE)"
            "  FROM helpdesk_ticket t"
            "  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
            " WHERE t.is_complaint AND t.active"
        )
        total, open_ = env.cr.fetchone()
        print(f"complaints: {total} ({open_} open)")
        manager = env.ref("base.user_admin")
        handlers = env.ref("consumer_complaint.group_complaint_handler").users.filtered(
            lambda u: (
                u.helpdesk_team_ids
                and not u.has_group("consumer_complaint.group_complaint_supervisor")
            )
        )
        users = [("manager", manager)] + [
            ("handler", handler) for handler in handlers[:1]
        ]
        for role, user in users:
            Report = (
                env["complaint.report"].with_user(user).with_context(tz="Asia/Shanghai")
            )
            data = Report.get_dashboard_data(args.days)
            kpis = data["kpis"]
            print(
                f"[{role} {user.login}] dashboard figures: {kpis['period_total']} "
                f"complaints in {args.days} days, backlog {kpis['backlog']}, "
                f"overdue {kpis['overdue']}, {len(data['top_categories'])} top "
                f"categories, heat map {len(data['heat_map']['rows'])} x "
                f"{len(data['heat_map']['columns'])}"
            )
            report(
                f"[{role}] dashboard get_dashboard_data({args.days})",
                timed(lambda R=Report: R.get_dashboard_data(args.days), args.runs),
            )
            today = datetime.date.today()
            this_month = [
                ("create_date", ">=", f"{today:%Y-%m}-01 00:00:00"),
            ]
            for label, domain in (
                ("as opened (this month)", this_month),
                ("over all complaints", []),
            ):
                groups = pivot(Report, domain)
                report(
                    f"[{role}] pivot month x main category {label}, {len(groups)} cells",
                    timed(lambda R=Report, d=domain: pivot(R, d), args.runs),
                )
        Alert = env["complaint.spike.alert"]
        env.cr.execute(
            "SELECT max(create_date) FROM helpdesk_ticket WHERE is_complaint"
        )
        end = env.cr.fetchone()[0]
        start = time.perf_counter()
        alerts = Alert._detect_spikes(end)
        env.flush_all()
        print(
            f"spike check (4 dimensions, 24 h against 28 days): "
            f"{time.perf_counter() - start:.3f} s, {len(alerts)} alerts (rolled back)"
        )
        print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
