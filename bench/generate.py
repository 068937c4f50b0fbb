#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Create N realistic complaints with set-based SQL (a benchmark fixture).

Chinese texts are built from templates × products × regions × channels; each
complaint gets a category, severity, team, handler, stage, dates spread over the
last months, stage histories (tracked stage changes in the chatter), SLA
lines, compensation lines (when consumer_complaint has them)
and survey answers (when complaint_survey is installed). One INSERT ... SELECT
per table, so a million complaints take minutes, not hours.

    .venv/bin/python bench/generate.py --db complaints_bench --n 100000 [--open-share 1.0]

The database must have consumer_complaint installed (scripts/run.sh or
`odoo -i consumer_complaint`). Generated complaints are numbered BENCH-..., so
they can be removed with --purge.
"""

import random
import time

from odoo_env import environment, machine, parser

TEMPLATES = [
    "{p}收到时包装破损，{d}，要求{w}。",
    "{p}打开后有异味，{d}，希望尽快{w}。",
    "订单里的{p}迟迟不发货，{d}，客服一直不回复，要求{w}。",
    "{p}冷链箱里没有冰袋，{d}，要求{w}。",
    "{p}价格和页面标示不一致，{d}，要求{w}。",
    "买的{p}里有异物，{d}，要求{w}并给出说明。",
    "{p}宣传和实物严重不符，{d}，要求退一赔三。",
    "退货寄回{p}一周了退款还没到账，{d}，要求{w}。",
]
DETAILS = [
    "孩子吃了一口就吐了",
    "已经是第二次了",
    "快递员态度很差",
    "拍了照片作为证据",
    "批次号印在包装背面",
    "家里老人很生气",
    "周末就要送人",
    "已经向12315反映",
]
WANTS = ["退款", "换货", "赔偿", "道歉", "解释说明"]


def main():
    args_parser = parser(__doc__)
    args_parser.add_argument("--n", type=int, default=10000)
    args_parser.add_argument(
        "--open-share",
        type=float,
        default=0.3,
        help="share of complaints still open (0..1)",
    )
    args_parser.add_argument("--days", type=int, default=365)
    args_parser.add_argument("--seed", type=int, default=42)
    args_parser.add_argument(
        "--purge", action="store_true", help="remove generated complaints first"
    )
    args = args_parser.parse_args()
    rng = random.Random(args.seed)
    print(f"machine: {machine()}")
    with environment(args) as env:
        cr = env.cr
        if args.purge:
            cr.execute(
                "DELETE FROM helpdesk_ticket_sla WHERE ticket_id IN "
                "(SELECT id FROM helpdesk_ticket WHERE number LIKE 'BENCH-%%')"
            )
            cr.execute(
                "DELETE FROM mail_message WHERE message_id LIKE 'bench-stage-%%'"
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE number LIKE 'BENCH-%%'")
            print(f"purged {cr.rowcount} generated complaints")
        teams = env["helpdesk.ticket.team"].search([("is_complaint_team", "=", True)])
        if not teams:
            teams = env["helpdesk.ticket.team"].create(
                {"name": "Bench team", "is_complaint_team": True, "use_sla": True}
            )
        leaves = env["helpdesk.ticket.category"].search(
            [("code", "!=", False), ("parent_id", "!=", False)]
        )
        severities = env["complaint.severity"].search([])
        stages = env["helpdesk.ticket.stage"].search([("complaint_state", "!=", False)])
        open_stages = stages.filtered(lambda s: not s.closed)
        closed_stages = stages.filtered("closed")
        channels = env["helpdesk.ticket.channel"].search([("code", "!=", False)])
        products = env["product.product"].search([], limit=50)
        regions = env["res.country.state"].search([("country_id.code", "=", "CN")])
        stores = env["complaint.store"].search([])
        partners = env["res.partner"].search([("is_company", "=", False)], limit=200)
        members = {
            team.id: team.user_ids.ids or [env.ref("base.user_admin").id]
            for team in teams
        }
        product_names = products.mapped("name") or ["速冻水饺", "广式腊肠", "纯牛奶"]
        # Small lookup tables, then one INSERT ... SELECT over generate_series.
        rows = []
        for i in range(args.n):
            team = rng.choice(teams)
            is_open = rng.random() < args.open_share
            stage = rng.choice(open_stages if is_open else closed_stages)
            text = rng.choice(TEMPLATES).format(
                p=rng.choice(product_names), d=rng.choice(DETAILS), w=rng.choice(WANTS)
            )
            rows.append(
                (
                    i + 1,
                    text[:24],
                    f"<p>{text}</p>",
                    team.id,
                    rng.choice(members[team.id]),
                    stage.id,
                    rng.choice(leaves).id,
                    rng.choice(severities).id,
                    rng.choice(channels).id if channels else None,
                    products[i % len(products)].id if products else None,
                    f"B{rng.randint(20260101, 20261130)}",
                    rng.choice(regions).id if regions else None,
                    rng.choice(stores).id if stores and rng.random() < 0.3 else None,
                    rng.choice(partners).id if partners else None,
                    f"SO{rng.randint(10**8, 10**9)}",
                    rng.randint(0, args.days * 24 * 60),
                    round(rng.uniform(10, 500), 2),
                )
            )
        start = time.perf_counter()
        cr.execute("SELECT COALESCE(max(id), 0) FROM helpdesk_ticket")
        last_id = cr.fetchone()[0]
        cr.execute("""
            CREATE TEMP TABLE bench_rows (
                n int, name varchar, description text, team_id int, user_id int,
                stage_id int, category_id int, severity_id int, channel_id int,
                product_id int, lot_ref varchar, region_id int, store_id int,
                partner_id int, order_ref varchar, age_minutes int, amount numeric
            ) ON COMMIT DROP""")
        chunk = 20000
        for offset in range(0, len(rows), chunk):
            part = rows[offset : offset + chunk]
            values = ",".join(["%s"] * len(part))
            cr.execute(f"INSERT INTO bench_rows VALUES {values}", part)
        company_id = env.company.id
        cr.execute(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, team_id, user_id, stage_id, category_id,
                category_parent_id, severity_id, channel_id, channel_code, product_id,
                lot_ref, region_id, store_id, partner_id, order_ref, amount_paid,
                company_id, is_complaint, complaint_state, priority, active, sequence,
                create_date, write_date, create_uid, write_uid, last_stage_update,
                closed_date, first_response_date, response_sla_met, resolution_sla_met,
                response_deadline, resolution_deadline, complaint_deadline,
                deadline_warning_date, compensation_amount, unattended)
            SELECT 'BENCH-' || lpad(r.n::text, 7, '0'), r.name, r.description,
                   r.team_id, r.user_id, r.stage_id, r.category_id,
                   COALESCE(c.parent_id, c.id), r.severity_id, r.channel_id, ch.code,
                   r.product_id, r.lot_ref, r.region_id, r.store_id, r.partner_id,
                   r.order_ref, r.amount, %(company)s, true, s.complaint_state, '1',
                   true, 10, t.created, t.created, 1, 1, t.created,
                   CASE WHEN s.closed THEN t.created + interval '60 hours' END,
                   t.created + make_interval(hours => (g.response_hours * (0.5 + random()))::int),
                   random() < 0.93, random() < 0.88,
                   t.created + make_interval(hours => g.response_hours),
                   t.created + make_interval(hours => g.resolution_hours),
                   CASE WHEN NOT s.closed THEN t.created + make_interval(hours => g.resolution_hours) END,
                   CASE WHEN NOT s.closed THEN t.created + make_interval(mins => (g.resolution_hours * 45)) END,
                   CASE WHEN random() < 0.4 THEN round((random() * 200)::numeric, 2) ELSE 0 END,
                   s.complaint_state = 'accepted'
              FROM bench_rows r
              JOIN helpdesk_ticket_stage s ON s.id = r.stage_id
              JOIN helpdesk_ticket_category c ON c.id = r.category_id
              JOIN complaint_severity g ON g.id = r.severity_id
              LEFT JOIN helpdesk_ticket_channel ch ON ch.id = r.channel_id
              CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC')
                    - make_interval(mins => r.age_minutes) AS created) t
        """,
            {"company": company_id},
        )
        inserted = cr.rowcount
        cr.execute("""
            INSERT INTO helpdesk_ticket_sla (ticket_id, sla_id, deadline, hours, state,
                   expected_stage_id, consumed_time, last_state_date, complaint_sla_kind,
                   create_date, write_date, create_uid, write_uid)
            SELECT t.id, sla.id,
                   CASE sla.complaint_sla_kind WHEN 'response' THEN t.response_deadline
                        ELSE t.resolution_deadline END,
                   sla.hours, CASE WHEN t.complaint_deadline IS NULL THEN 'accomplished'
                                   ELSE 'in_progress' END,
                   sla.stage_id, 0, t.create_date, sla.complaint_sla_kind,
                   t.create_date, t.create_date, 1, 1
              FROM helpdesk_ticket t
              JOIN helpdesk_sla sla ON sla.severity_id = t.severity_id
             WHERE t.number LIKE 'BENCH-%%' AND sla.complaint_sla_kind = 'resolution'
               AND NOT EXISTS (SELECT 1 FROM helpdesk_ticket_sla x WHERE x.ticket_id = t.id)
        """)
        changes = _stage_histories(env, last_id)
        lines = _compensation_lines(env) if "complaint.compensation.line" in env else 0
        answers = _survey_answers(env) if "csat_score" in env["helpdesk.ticket"] else 0
        cr.execute("ANALYZE helpdesk_ticket")
        cr.execute("ANALYZE helpdesk_ticket_sla")
        elapsed = time.perf_counter() - start
        print(
            f"generated {inserted} complaints, {changes} stage changes, {lines} "
            f"compensation lines and {answers} survey answers in {elapsed:.1f} s "
            f"({inserted / max(elapsed, 1e-9):.0f} complaints/s)"
        )


def _stage_histories(env, last_id):
    """The stage changes each new complaint went through (accepted, then
    every step up to its current one), as tracked messages of its chatter."""
    steps = [
        state
        for state, _label in env["helpdesk.ticket.stage"]
        ._fields["complaint_state"]
        .selection
        if state != "withdrawn"
    ]
    stage_of = {}
    for stage in env["helpdesk.ticket.stage"].search(
        [("complaint_state", "in", steps)], order="sequence, id"
    ):
        stage_of.setdefault(stage.complaint_state, stage)
    rows = [
        (
            number,
            state,
            stage_of[state].id,
            stage_of[state].name,
            stage_of[steps[number - 1]].id,
            stage_of[steps[number - 1]].name,
        )
        for number, state in enumerate(steps)
        if number and state in stage_of and steps[number - 1] in stage_of
    ]
    if not rows:
        return 0
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE bench_steps (step int, state varchar, stage_id int,"
        " name varchar, previous_id int, previous_name varchar) ON COMMIT DROP"
    )
    cr.execute(f"INSERT INTO bench_steps VALUES {','.join(['%s'] * len(rows))}", rows)
    cr.execute(
        """
        WITH messages AS (
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, body,
                   date, author_id, message_id, create_date, write_date, create_uid,
                   write_uid)
            SELECT 'helpdesk.ticket', t.id, 'notification', %(subtype)s, '',
                   t.create_date + s.step * interval '7 hours', %(author)s,
                   'bench-stage-' || t.id || '-' || s.step,
                   t.create_date, t.create_date, 1, 1
              FROM helpdesk_ticket t
              JOIN bench_steps cur ON cur.state = t.complaint_state
              JOIN bench_steps s ON s.step <= cur.step
             WHERE t.id > %(last_id)s AND t.number LIKE 'BENCH-%%'
         RETURNING id, message_id, date
        )
        INSERT INTO mail_tracking_value (field_id, mail_message_id, old_value_integer,
               new_value_integer, old_value_char, new_value_char, create_date,
               write_date, create_uid, write_uid)
        SELECT %(field)s, m.id, s.previous_id, s.stage_id, s.previous_name, s.name,
               m.date, m.date, 1, 1
          FROM messages m
          JOIN bench_steps s ON s.step = split_part(m.message_id, '-', 4)::int
        """,
        {
            "subtype": env.ref("mail.mt_note").id,
            "author": env.ref("base.partner_root").id,
            "field": env["ir.model.fields"]._get("helpdesk.ticket", "stage_id").id,
            "last_id": last_id,
        },
    )
    return cr.rowcount


def _compensation_lines(env):
    """One line per generated complaint with a compensation amount: done on
    closed complaints, approved on open ones; the amount is the complaint's."""
    types = env["complaint.compensation.type"].search(
        [("kind", "in", ("cash", "coupon", "partial_refund", "gift"))]
    )
    if not types:
        return 0
    env.cr.execute(
        """
        INSERT INTO complaint_compensation_line (
            ticket_id, company_id, team_id, user_id, partner_id, type_id, kind, name,
            reason, currency_id, amount, amount_company, state, required_level,
            proposed_by_id, proposed_date, approved_by_id, approved_date, done_by_id,
            done_date, reference, create_date, write_date, create_uid, write_uid)
        SELECT t.id, t.company_id, t.team_id, t.user_id, t.partner_id, ty.id, ty.kind,
               ty.name->>'en_US', '批量生成', c.currency_id, t.compensation_amount,
               t.compensation_amount,
               CASE WHEN s.closed THEN 'done' ELSE 'approved' END, 'handler',
               COALESCE(t.user_id, 1), t.create_date + interval '30 hours',
               COALESCE(t.user_id, 1), t.create_date + interval '30 hours',
               CASE WHEN s.closed THEN COALESCE(t.user_id, 1) END,
               CASE WHEN s.closed THEN t.create_date + interval '50 hours' END,
               CASE WHEN s.closed THEN 'RF' || t.id END,
               t.create_date, t.create_date, 1, 1
          FROM helpdesk_ticket t
          JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
          JOIN res_company c ON c.id = t.company_id
          JOIN LATERAL (SELECT id, kind, name FROM complaint_compensation_type
                         WHERE id = ANY(%(types)s)
                         ORDER BY md5(t.id::text || id::text) LIMIT 1) ty ON TRUE
         WHERE t.number LIKE 'BENCH-%%' AND t.compensation_amount > 0
           AND NOT EXISTS (SELECT 1 FROM complaint_compensation_line x
                            WHERE x.ticket_id = t.id)
        """,
        {"types": types.ids},
    )
    return env.cr.rowcount


def _survey_answers(env):
    """Scores on 70 % of the closed generated complaints, as complaint_survey
    stores them, and a finished survey answer for each."""
    survey = env.ref(
        "complaint_survey.survey_complaint_satisfaction", raise_if_not_found=False
    )
    env.cr.execute(
        """
        WITH picked AS (
            SELECT t.id, t.closed_date, t.partner_id,
                   1 + (4 * random() ^ 0.5)::int AS csat,
                   (10 * random() ^ 0.6)::int AS nps
              FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id AND s.closed
             WHERE t.number LIKE 'BENCH-%%' AND t.csat_score IS NULL
               AND random() < 0.7
        )
        UPDATE helpdesk_ticket t
           SET csat_score = p.csat, csat_satisfied = p.csat >= 4, nps_score = p.nps,
               nps_category = CASE WHEN p.nps >= 9 THEN 'promoter'
                                   WHEN p.nps >= 7 THEN 'passive'
                                   ELSE 'detractor' END,
               speed_score = p.csat, attitude_score = LEAST(5, p.csat + 1),
               problem_solved = CASE WHEN p.csat >= 3 THEN 'yes' ELSE 'no' END,
               survey_low_score = p.csat <= 2, survey_status = 'done',
               survey_answer_date = p.closed_date + interval '2 days'
          FROM picked p
         WHERE t.id = p.id
        """
    )
    answered = env.cr.rowcount
    if survey:
        env.cr.execute(
            """
            INSERT INTO survey_user_input (
                survey_id, partner_id, complaint_id, state, access_token,
                create_date, write_date, create_uid, write_uid)
            SELECT %(survey)s, t.partner_id, t.id, 'done', md5(random()::text || t.id),
                   t.survey_answer_date, t.survey_answer_date, 1, 1
              FROM helpdesk_ticket t
             WHERE t.number LIKE 'BENCH-%%' AND t.survey_status = 'done'
               AND NOT EXISTS (SELECT 1 FROM survey_user_input u
                                WHERE u.complaint_id = t.id)
            """,
            {"survey": survey.id},
        )
    return answered


if __name__ == "__main__":
    main()
