#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the monthly consumer rights health report (a script, not a test).

Builds the XLSX workbook of one month, as a complaint manager, exactly as the
download does (``ir.actions.report._render_xlsx``), and reports the seconds,
the workbook size and the memory: the peak resident size of the process
(``resource.getrusage``, Odoo included) and the peak of Python allocations
during the export (``tracemalloc``). Then the PDF summary (wkhtmltopdf).

A month of 100,000 complaints: generate them over the current month only,

    .venv/bin/python bench/generate.py --db bench_reports_month --n 100000 --days 26
    .venv/bin/python bench/bench_xlsx.py --db bench_reports_month

Targets: <= 15 s and <= 300 MB for 100,000 complaints. Nothing is written to
the database; ``--out`` keeps the workbook.
"""

import time
import tracemalloc

from odoo_env import environment, machine, parser, peak_rss_mb

TARGET_SECONDS = 15.0
TARGET_MB = 300.0


def main():
    args_parser = parser(__doc__)
    args_parser.add_argument(
        "--month", help="YYYY-MM (default: the month with the most complaints)"
    )
    args_parser.add_argument("--out", help="write the workbook to this file")
    args_parser.add_argument("--no-pdf", action="store_true")
    args = args_parser.parse_args()
    print(f"machine: {machine()}")
    with environment(args, commit=False) as env:
        env.cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE is_complaint AND active"
        )
        print(f"complaints in the database: {env.cr.fetchone()[0]}")
        manager = env.ref("base.user_admin")
        tz = manager.tz or "Asia/Shanghai"
        if args.month:
            year, month = (int(part) for part in args.month.split("-"))
        else:
            env.cr.execute(
                "SELECT date_trunc('month', create_date AT TIME ZONE 'UTC'"
                " AT TIME ZONE %s) AS m, count(*) FROM helpdesk_ticket"
                " WHERE is_complaint AND active GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
                (tz,),
            )
            first = env.cr.fetchone()[0]
            year, month = first.year, first.month
        wizard = (
            env["complaint.health.report"]
            .with_user(manager)
            .with_context(tz=tz)
            .create({"year": year, "month": str(month)})
        )
        env.cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE is_complaint AND active"
            " AND create_date >= %s AND create_date < %s",
            (wizard._utc(wizard._period()[0]), wizard._utc(wizard._period()[1])),
        )
        rows = env.cr.fetchone()[0]
        print(f"month {year}-{month:02d} ({tz}): {rows} complaints")
        Reports = env["ir.actions.report"].with_user(manager).with_context(tz=tz)
        env.flush_all()
        rss_before = peak_rss_mb()
        start = time.perf_counter()
        content, _kind = Reports._render_xlsx(
            "complaint_reports.health_xlsx", wizard.ids, None
        )
        seconds = time.perf_counter() - start
        rss_peak = peak_rss_mb()
        if args.out:
            with open(args.out, "wb") as handle:
                handle.write(content)
        size = len(content)
        del content
        # Again under tracemalloc, which slows Python down several times: its
        # peak is the memory the export itself allocates, its time is not used.
        tracemalloc.start()
        Reports._render_xlsx("complaint_reports.health_xlsx", wizard.ids, None)
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        verdict = (
            "met" if seconds <= TARGET_SECONDS and rss_peak <= TARGET_MB else "MISSED"
        )
        print(
            f"XLSX: {seconds:.2f} s, {size / 1e6:.1f} MB workbook, "
            f"{rows / max(seconds, 1e-9):.0f} rows/s"
        )
        print(
            f"memory: peak RSS {rss_peak:.0f} MB (whole process, {rss_before:.0f} MB "
            f"before the export); Python allocations of the export peak at "
            f"{traced_peak / 1e6:.1f} MB (tracemalloc, second run)"
        )
        print(f"target <= {TARGET_SECONDS:.0f} s and <= {TARGET_MB:.0f} MB: {verdict}")
        if not args.no_pdf:
            start = time.perf_counter()
            pdf, _kind = Reports._render_qweb_pdf(
                "complaint_reports.report_health_pdf", wizard.ids
            )
            print(
                f"PDF summary: {time.perf_counter() - start:.2f} s, "
                f"{len(pdf) / 1e3:.0f} kB"
            )


if __name__ == "__main__":
    main()
