#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaint intake through the ORM next to plain helpdesk_mgmt tickets.

    .venv/bin/python bench/bench_intake.py --db complaints_bench --n 500

Both kinds are created in the same run and database, one ``create()`` per
ticket as the portal, the form and the mail gateway do, then in batches of
100 (imports, integrations). A complaint goes through classification, severity
rules, routing to the least loaded handler, SLA deadlines, numbering, repeat
detection and the event log, and queues one job for what the customer need
not wait for (e-mails, the handler's notification, supervisors' activities,
the similar-case index); a plain ticket goes through helpdesk_mgmt alone.
Each create() is followed by what the commit of its request runs first
(``cr.flush()``: mail tracking templates, the job). Target: complaints per
second >= 0.5 x plain tickets one at a time, >= 0.6 x in batches. Everything
is rolled back.
"""

import random
import time

from generate import DETAILS, TEMPLATES, WANTS
from odoo_env import environment, machine, parser


def texts(n, seed):
    rng = random.Random(seed)
    products = ["速冻水饺", "广式腊肠", "纯牛奶", "冷鲜牛排", "坚果礼盒", "花生油"]
    return [
        rng.choice(TEMPLATES).format(
            p=rng.choice(products), d=rng.choice(DETAILS), w=rng.choice(WANTS)
        )
        for _ in range(n)
    ]


def run(Ticket, vals_list, batch):
    cr = Ticket.env.cr
    start = time.perf_counter()
    for offset in range(0, len(vals_list), batch):
        Ticket.create(vals_list[offset : offset + batch])
        # What the commit of each request runs before committing: the
        # stage's mail template (mail tracking) and the intake's job.
        cr.flush()
    return len(vals_list) / (time.perf_counter() - start)


def main():
    args_parser = parser(__doc__)
    args_parser.add_argument("--n", type=int, default=500)
    args = args_parser.parse_args()
    print(f"machine: {machine()}")
    with environment(args, commit=False) as env:
        env = env(context=dict(env.context, mail_create_nolog=False))
        env["complaint.triage.model"]._train_starter()
        Team = env["helpdesk.ticket.team"]
        complaint_team = Team.search([("is_complaint_team", "=", True)], limit=1)
        users = env["res.users"].search([("share", "=", False)], limit=5)
        if not complaint_team.user_ids:
            complaint_team.user_ids = users
        plain_team = Team.create(
            {"name": "Plain helpdesk (bench)", "user_ids": [(6, 0, users.ids)]}
        )
        partners = env["res.partner"].create(
            [{"name": f"Bench customer {i}"} for i in range(50)]
        )
        channel = env["helpdesk.ticket.channel"].search([], limit=1)
        Ticket = env["helpdesk.ticket"]
        # Warm-up: model, jieba, caches.
        Ticket.create(
            [
                {"name": t[:20], "description": t, "team_id": team.id}
                for t in texts(5, 1)
                for team in (complaint_team, plain_team)
            ]
        )
        results = {}
        for batch in (1, 100):
            body = texts(args.n, batch)
            rows = [
                {
                    "name": text[:24],
                    "description": f"<p>{text}</p>",
                    "partner_id": partners[i % len(partners)].id,
                    "channel_id": channel.id,
                }
                for i, text in enumerate(body)
            ]
            plain = run(Ticket, [dict(r, team_id=plain_team.id) for r in rows], batch)
            # Complaints: the intake team, as the online form gives it.
            complaints = run(
                Ticket, [dict(r, team_id=complaint_team.id) for r in rows], batch
            )
            results[batch] = (plain, complaints)
            print(
                f"one create() per {batch:>3} ticket(s): plain helpdesk "
                f"{plain:6.1f}/s, complaints {complaints:6.1f}/s, "
                f"ratio {complaints / plain:.2f} "
                f"(target >= {0.5 if batch == 1 else 0.6:.2f})"
            )
        env.cr.execute(
            "SELECT count(*) FILTER (WHERE category_id IS NOT NULL),"
            " count(*) FILTER (WHERE user_id IS NOT NULL), count(*)"
            " FROM helpdesk_ticket WHERE is_complaint AND name IS NOT NULL"
            " AND create_date >= now() AT TIME ZONE 'UTC' - interval '1 hour'"
        )
        categorised, routed, total = env.cr.fetchone()
        print(
            f"complaints of this run: {total}, categorised {categorised}, routed {routed}"
        )


if __name__ == "__main__":
    main()
