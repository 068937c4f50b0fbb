#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the deadline cron (warnings and breach escalation) over the open
complaints of a database filled by bench/generate.py.

    .venv/bin/python bench/generate.py --db complaints_bench --n 100000 --open-share 1
    .venv/bin/python bench/bench_sla_cron.py --db complaints_bench

Target: <= 10 s for 100,000 open complaints. The run is rolled back, so it can
be repeated on the same data.
"""

import time

from odoo_env import environment, machine, parser, peak_rss_mb


def main():
    args = parser(__doc__).parse_args()
    print(f"machine: {machine()}")
    with environment(args, commit=False) as env:
        env.cr.execute(
            "SELECT count(*) FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s"
            " ON s.id = t.stage_id WHERE t.is_complaint AND NOT s.closed"
        )
        open_count = env.cr.fetchone()[0]
        print(f"open complaints: {open_count}")
        runs = []
        for label in ("first run (every due complaint is new)", "next run (steady state)"):
            start = time.perf_counter()
            result = env["helpdesk.ticket"]._cron_complaint_deadlines()
            env.flush_all()
            elapsed = time.perf_counter() - start
            runs.append(elapsed)
            print(f"{label}: {elapsed:.2f} s, {result['warned']} warned, "
                  f"{result['escalated']} escalated, peak RSS {peak_rss_mb():.0f} MB")
        verdict = "met" if runs[-1] <= 10 else "MISSED"
        print(f"target <= 10 s per run over {open_count} open complaints: {verdict} "
              f"(steady state {runs[-1]:.2f} s; first run {runs[0]:.2f} s)")


if __name__ == "__main__":
    main()
