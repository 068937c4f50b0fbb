# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A year of demo complaints, so that a new demo database shows trends,
seasons, a recent spike and a monthly report (demo data only)."""

import math
import random
from datetime import datetime, time, timedelta

import pytz
from markupsafe import escape
from odoo import api, fields, models
from odoo.tools import SQL

from .helpdesk_ticket import STATE_ORDER

DEFAULT_TZ = "Asia/Shanghai"
HISTORY_DAYS = 365
# Mean complaints per day over the year, before seasons and weekdays.
DAILY_MEAN = 0.75
# Share of each sector, and its months of many complaints (1 = January).
SECTORS = {
    "food": (0.40, {1: 1.5, 2: 1.7, 6: 1.2, 7: 1.4, 8: 1.4, 9: 1.8}),
    "appliance": (0.20, {6: 1.4, 7: 1.9, 8: 1.7, 11: 1.7, 12: 1.2}),
    "goods": (0.25, {2: 0.6, 6: 1.6, 11: 2.2, 12: 1.3}),
    "telecom": (0.15, {2: 0.8, 9: 1.4, 10: 1.2}),
}
WEEKDAY = [1.15, 1.1, 1.0, 1.0, 1.0, 0.85, 0.9]
# Hours of the day complaints come in, local time (evening peak after work).
HOURS = [8, 9, 10, 10, 11, 11, 12, 14, 15, 16, 19, 20, 20, 21, 21, 22]
# (sector, category, products, subject, description, demand, channels)
# {p} is the product name; {d} a detail of the customer's own.
SCENARIOS = [
    (
        "food",
        "category_quality_spoiled",
        ["sausage", "dumpling", "mooncake"],
        "{p}开袋发霉",
        "收到的{p}开袋就有霉点，还在保质期内，{d}，要求退款并给个说法。",
        "refund",
        ["portal", "hotline", "web_form"],
    ),
    (
        "food",
        "category_quality_odor",
        ["milk", "dumpling", "oil"],
        "{p}有酸味",
        "{p}打开后有明显的酸味，{d}，家里人不敢再吃。",
        "refund",
        ["portal", "hotline", "social"],
    ),
    (
        "food",
        "category_quality_foreign",
        ["nuts", "dumpling", "mooncake"],
        "{p}里吃出异物",
        "在{p}里吃出一小块塑料片，{d}，要求赔偿并说明原因。",
        "compensation",
        ["hotline", "walk_in", "regulator"],
    ),
    (
        "food",
        "category_quality_package",
        ["milk", "oil", "mooncake"],
        "{p}包装破损",
        "快递送到时{p}外包装破损漏液，外箱湿透，{d}。",
        "exchange",
        ["portal", "email"],
    ),
    (
        "food",
        "category_delivery_coldchain",
        ["steak", "crab"],
        "{p}送到时已解冻",
        "冷链配送的{p}送到时冰袋全化了，已经不新鲜，{d}。",
        "refund",
        ["portal", "hotline"],
    ),
    (
        "food",
        "category_delivery_late",
        ["mooncake", "nuts"],
        "{p}节前没送到",
        "节前下单的{p}承诺次日达，节后才送到，{d}。",
        "compensation",
        ["portal", "social"],
    ),
    (
        "food",
        "category_false_ad",
        ["milk", "oil", "dumpling"],
        "{p}与宣传不符",
        "商品页宣传的{p}配料与包装标注不一致，{d}，要求退一赔三。",
        "compensation",
        ["web_form", "regulator"],
    ),
    (
        "food",
        "category_price_dispute",
        ["nuts", "crab"],
        "{p}结算价高于标价",
        "页面上{p}的标价和结算时不一样，多付了钱，{d}。",
        "refund",
        ["store_qr", "portal"],
    ),
    (
        "appliance",
        "category_quality_defect_demo",
        ["rice_cooker", "vacuum", "kettle"],
        "{p}用了一周就坏了",
        "{p}使用不到一周就无法正常工作，{d}，要求换新。",
        "exchange",
        ["hotline", "portal"],
    ),
    (
        "appliance",
        "category_quality_defect_demo",
        ["aircon"],
        "新装空调不制冷",
        "新装的{p}开机半小时仍不制冷，售后说要排队等三天，{d}。",
        "repair",
        ["hotline", "social"],
    ),
    (
        "appliance",
        "category_service_slow",
        ["aircon", "vacuum"],
        "{p}预约安装无人上门",
        "预约了{p}的上门安装，约定时间过了两天还没人来，{d}。",
        "explanation",
        ["hotline", "portal"],
    ),
    (
        "appliance",
        "category_delivery_wrong",
        ["vacuum", "rice_cooker"],
        "{p}型号发错",
        "收到的{p}型号和订单不一致，{d}，要求换货。",
        "exchange",
        ["portal", "email"],
    ),
    (
        "appliance",
        "category_refund_refused",
        ["vacuum", "kettle"],
        "{p}七天无理由退货被拒",
        "{p}未拆封申请七天无理由退货，被以已激活为由拒绝，{d}。",
        "refund",
        ["hotline", "regulator"],
    ),
    (
        "appliance",
        "category_false_ad",
        ["aircon", "kettle"],
        "{p}能效与宣传不符",
        "宣传一级能效，收到的{p}能效标识是三级，{d}。",
        "compensation",
        ["web_form", "regulator"],
    ),
    (
        "goods",
        "category_delivery_late",
        ["sneakers", "bedding", "earbuds"],
        "{p}物流一周没更新",
        "订单里的{p}显示已发货，物流一周没有更新，{d}。",
        "explanation",
        ["portal", "social"],
    ),
    (
        "goods",
        "category_delivery_wrong",
        ["sneakers", "bedding"],
        "{p}发错尺码",
        "收到的{p}尺码和颜色都不对，{d}，要求换货。",
        "exchange",
        ["portal", "email"],
    ),
    (
        "goods",
        "category_refund_slow",
        ["sneakers", "earbuds", "bedding"],
        "{p}退款迟迟不到账",
        "{p}退货已签收五天，退款还没到账，{d}。",
        "refund",
        ["hotline", "portal"],
    ),
    (
        "goods",
        "category_price_dispute",
        ["earbuds", "sneakers", "vacuum"],
        "大促后{p}降价不保价",
        "大促买的{p}第二天就降价，申请保价被拒，{d}。",
        "refund",
        ["portal", "social"],
    ),
    (
        "goods",
        "category_false_ad",
        ["membership"],
        "会员权益与宣传不符",
        "开通{p}时承诺免运费，结果每单还要收运费，{d}。",
        "refund",
        ["portal", "hotline"],
    ),
    (
        "goods",
        "category_service_attitude",
        ["sneakers", "earbuds", "bedding"],
        "客服态度敷衍",
        "咨询{p}售后问题，客服态度敷衍直接挂断，{d}。",
        "apology",
        ["hotline", "social"],
    ),
    (
        "goods",
        "category_privacy_leak",
        ["earbuds", "bedding"],
        "下单后接到诈骗电话",
        "购买{p}后接到冒充客服的电话，对方能说出订单信息，{d}。",
        "explanation",
        ["hotline", "regulator"],
    ),
    (
        "telecom",
        "category_telecom_billing_demo",
        ["plan_5g", "data_pack"],
        "套餐外莫名扣费",
        "{p}本月账单多扣了增值业务费，我从未订购，{d}。",
        "refund",
        ["hotline", "regulator"],
    ),
    (
        "telecom",
        "category_telecom_network_demo",
        ["plan_5g", "broadband"],
        "信号差经常断网",
        "使用{p}以来家里信号很差，晚上经常断网，{d}。",
        "repair",
        ["hotline", "social"],
    ),
    (
        "telecom",
        "category_telecom_business_demo",
        ["plan_5g", "broadband"],
        "销户被要求去营业厅",
        "申请注销{p}，客服要求本人到线下营业厅办理，{d}。",
        "explanation",
        ["hotline", "regulator"],
    ),
    (
        "telecom",
        "category_service_slow",
        ["broadband"],
        "宽带报修三天没人来",
        "{p}断网报修三天了没有人上门，{d}。",
        "repair",
        ["hotline", "portal"],
    ),
    (
        "telecom",
        "category_quality_defect_demo",
        ["phone"],
        "{p}频繁重启",
        "新买的{p}每天自动重启好几次，{d}，要求换机。",
        "exchange",
        ["portal", "hotline"],
    ),
]
DETAILS = [
    "已经拍照留证",
    "这已经是第二次了",
    "客服一直没有回复",
    "家里老人很生气",
    "是买来送人的",
    "希望尽快处理",
    "订单截图已上传",
    "不想再等了",
]
CHANNELS = {
    "portal": "channel_portal",
    "web_form": "channel_web_form",
    "hotline": "channel_hotline",
    "store_qr": "channel_store_qr",
    "regulator": "channel_regulator",
    "social": "channel_social",
    "walk_in": "channel_walk_in",
    "email": "helpdesk_mgmt.helpdesk_ticket_channel_email",
}
# Hours to the first response and from it to the solution, per severity.
RESPONSE_HOURS = {"major": (0.1, 1.0), "urgent": (0.3, 4.2), "normal": (0.5, 22.0)}
SOLUTION_HOURS = {"major": (4, 22), "urgent": (8, 44), "normal": (12, 66)}
SOLUTIONS = {
    "refund": "核实后向顾客致歉，按订单金额全额退款。",
    "exchange": "向顾客致歉，上门取回原商品并换新。",
    "compensation": "退款并按公司政策给予补偿，同批次商品下架复检。",
    "repair": "安排工程师 24 小时内上门检修，检修期间提供备用机。",
    "apology": "向顾客诚恳致歉，对相关人员进行服务培训。",
    "explanation": "向顾客说明原因和处理进度，并赠送优惠券致歉。",
}
RESOLUTIONS = [
    "已按方案处理完毕，顾客确认满意。",
    "退款已到账，顾客表示接受。",
    "回访时顾客表示问题已解决。",
]
ROOT_CAUSES = ["material", "logistics", "staff", "method", "supplier"]
CORRECTIVE_ACTIONS = {
    "material": "加强来料检验，问题批次全部下架复检。",
    "logistics": "与承运商复盘，冷链与易碎品加装防护并抽查温控记录。",
    "staff": "对相关员工进行服务规范培训并纳入考核。",
    "method": "修订作业指导书，关键工序增加复核。",
    "supplier": "约谈供应商，要求提交整改报告并增加抽检频次。",
}
# The recent spike: a cold store's cooling failed, one batch of steak.
SPIKE_DAILY = [1, 1, 2, 2, 3, 3]
SPIKE_LAST_DAY = 12
SPIKE_REGIONS = [("ZJ", "杭州"), ("ZJ", "宁波"), ("SH", "上海"), ("JS", "苏州")]
SPIKE_DETAILS = [
    "冰袋全化了，牛排发软有异味",
    "箱子里的温度贴已经变红",
    "外箱是湿的，肉已经解冻",
    "同小区好几家都收到解冻的",
]


class ComplaintDemoData(models.AbstractModel):
    """Fills a demo database with a year of complaints (demo data only).

    Complaints go through the normal ``create`` (routing, deadlines, event
    log); their dates are then set in the past with set-based SQL, and the
    deadlines recomputed from them.
    """

    _name = "complaint.demo.data"
    _description = "Complaint Demo Data"

    @api.model
    def _demo_rates_in_yuan(self):
        """Rebase the exchange rates on the yuan, now the demo company's
        currency: Odoo reads a rate as what one unit of the company currency
        buys, so the company currency's own rate must be 1."""
        cny = self.env.ref("base.CNY")
        Rate = self.env["res.currency.rate"].sudo()
        company = self.env.company
        base = Rate.search(
            [("currency_id", "=", cny.id), ("company_id", "in", [company.id, False])],
            order="name desc",
            limit=1,
        )
        if not base.rate or base.rate == 1.0:
            return
        Rate.flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE res_currency_rate SET rate = rate / %s"
                " WHERE company_id = %s OR company_id IS NULL",
                base.rate,
                company.id,
            )
        )
        Rate.invalidate_model(["rate"])
        self.env["res.currency"].invalidate_model()

    @api.model
    def _generate_demo_history(self, seed=2026):
        """Called once by the demo data; returns the complaints it dated."""
        return (
            self.sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notify_force_send=False,
                # A year of history: its intake effects (index, activities)
                # are done at install, not left to the job runner.
                queue_job__no_delay=True,
                # Nobody is told of tasks on complaints of the past.
                mail_activity_quick_update=True,
                # A peak period at install time must not route the past.
                complaint_keep_team=True,
            )
            ._demo_generate(seed)
        )

    @api.model
    def _demo_generate(self, seed):
        rng = random.Random(seed)
        now = fields.Datetime.now().replace(microsecond=0)
        tz = pytz.timezone(self.env.company.partner_id.tz or DEFAULT_TZ)
        Ticket = self.env["helpdesk.ticket"]
        # The complaints of the demo files: registered over the last weeks.
        existing = Ticket.browse(
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "consumer_complaint"),
                    ("model", "=", "helpdesk.ticket"),
                ]
            )
            .mapped("res_id")
        ).exists()
        plans = self._demo_plans(rng, now, tz)
        # One create per year: each year's complaints get that year's numbers.
        by_year = {}
        for plan in plans:
            by_year.setdefault(plan["local"].year, []).append(plan)
        ids = []
        for _year, year_plans in sorted(by_year.items()):
            ids += (
                Ticket.with_context(
                    ir_sequence_date=fields.Date.to_string(year_plans[0]["local"])
                )
                .create([plan["vals"] for plan in year_plans])
                .ids
            )
        tickets = Ticket.browse(ids)
        created = {
            ticket.id: plan["created"]
            for ticket, plan in zip(tickets, plans, strict=True)
        }
        created.update(self._demo_existing_dates(existing, rng, now, tz))
        everything = tickets | existing
        timelines = {
            ticket.id: self._demo_timeline(ticket, created[ticket.id], now, rng)
            for ticket in everything
        }
        self._demo_compensation(tickets, timelines, rng)
        self._demo_backdate(everything, timelines, tickets)
        self._demo_deadlines(everything, timelines)
        self._demo_repeats(everything)
        # A closed complaint has no open task left; an open one's task was
        # due when the complaint came in.
        everything.filtered("closed").activity_ids.unlink()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_activity a
                   SET date_deadline = (t.create_date AT TIME ZONE 'UTC'
                                        AT TIME ZONE %(tz)s)::date,
                       create_date = t.create_date
                  FROM helpdesk_ticket t
                 WHERE a.res_model = 'helpdesk.ticket' AND a.res_id = t.id
                   AND t.id = ANY(%(ids)s)
                """,
                tz=tz.zone,
                ids=everything.ids,
            )
        )
        self.env.invalidate_all()
        return everything

    # ------------------------------------------------------------------
    # What happened: one plan per complaint
    # ------------------------------------------------------------------

    @api.model
    def _demo_ref(self, name):
        return self.env.ref(name if "." in name else f"consumer_complaint.{name}")

    @api.model
    def _demo_plans(self, rng, now, tz):
        """The complaints of the year and of the recent spike, oldest first."""
        partners = self.env["res.partner"].browse(
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "consumer_complaint"),
                    ("model", "=", "res.partner"),
                    ("name", "=like", "partner_%_demo"),
                ]
            )
            .mapped("res_id")
        )
        stores = self.env["complaint.store"].search([])
        local_now = pytz.utc.localize(now).astimezone(tz)
        today = local_now.date()
        by_sector = {}
        for scenario in SCENARIOS:
            by_sector.setdefault(scenario[0], []).append(scenario)
        plans = []
        for offset in range(HISTORY_DAYS, 0, -1):
            day = today - timedelta(days=offset)
            weights = {
                sector: share * season.get(day.month, 1.0)
                for sector, (share, season) in SECTORS.items()
            }
            mean = DAILY_MEAN * sum(weights.values()) * WEEKDAY[day.weekday()]
            for _i in range(self._demo_poisson(rng, mean)):
                sector = rng.choices(list(weights), list(weights.values()))[0]
                scenario = rng.choice(by_sector[sector])
                moment = self._demo_moment(rng, day, tz)
                plans.append(
                    self._demo_plan(rng, scenario, moment, tz, partners, stores)
                )
        plans += self._demo_spike(rng, now, tz, partners)
        plans = [plan for plan in plans if plan["created"] < now]
        Stage = self.env["helpdesk.ticket.stage"]
        stages = {state: Stage._complaint_stage(state).id for state in STATE_ORDER}
        for plan in plans:
            age = (now - plan["created"]).total_seconds() / 86400
            state = self._demo_stage(rng, age)
            plan["vals"]["stage_id"] = stages[state]
            plan["vals"].update(self._demo_progress(rng, state, plan["vals"]))
        plans.sort(key=lambda plan: plan["created"])
        return plans

    @api.model
    def _demo_poisson(self, rng, mean):
        # Knuth's method: enough for a mean of a few complaints.
        limit, count, product = math.exp(-mean), 0, rng.random()
        while product > limit:
            count += 1
            product *= rng.random()
        return count

    @api.model
    def _demo_moment(self, rng, day, tz, hours=None):
        """A naive UTC datetime on the local ``day``."""
        hour = rng.choice(hours or HOURS)
        local = tz.localize(
            datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
        )
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _demo_plan(self, rng, scenario, created, tz, partners, stores, **extra):
        _sector, category, products, subject, text, demand, channels = scenario
        product = self._demo_ref(f"product_{rng.choice(products)}_demo")
        partner = rng.choice(partners)
        channel = rng.choice(channels)
        local = pytz.utc.localize(created).astimezone(tz)
        quantity = 1 if product.type == "service" else rng.choice([1, 1, 1, 2, 3])
        name = subject.format(p=product.name)
        description = text.format(
            p=product.name, d=extra.pop("detail", None) or rng.choice(DETAILS)
        )
        vals = {
            "name": name,
            "description": f"<p>{escape(description)}</p>",
            "category_id": self._demo_ref(category).id,
            "channel_id": self._demo_ref(CHANNELS[channel]).id,
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "partner_phone": "".join(c for c in partner.phone or "" if c.isdigit()),
            "region_id": partner.state_id.id,
            "city": partner.city,
            "demand": demand,
            "product_id": product.id,
            "amount_paid": round(product.list_price * quantity, 2),
            "order_ref": f"SO{local:%Y%m%d}{rng.randrange(10000):04d}",
        }
        if product.type != "service":
            purchase = local.date() - timedelta(days=rng.randint(2, 12))
            vals["purchase_date"] = purchase
            vals["delivery_date"] = min(
                purchase + timedelta(days=rng.randint(1, 3)), local.date()
            )
        if product.categ_id == self._demo_ref("product_category_food_demo"):
            made = local.date() - timedelta(days=rng.randint(10, 60))
            vals["lot_ref"] = f"B{made:%Y%m%d}"
        if channel in ("store_qr", "walk_in") and stores:
            store = rng.choice(stores)
            vals.update(
                store_id=store.id, region_id=store.region_id.id, city=store.city
            )
        if channel == "regulator":
            vals["regulator_case_number"] = (
                f"12315-{local.year}-{rng.randrange(100000, 999999)}"
            )
        vals.update(extra)
        return {"created": created, "local": local, "vals": vals}

    @api.model
    def _demo_spike(self, rng, now, tz, partners):
        """A week of thawed steak from one batch, most of it in the last day."""
        scenario = next(s for s in SCENARIOS if s[1] == "category_delivery_coldchain")
        scenario = (*scenario[:2], ["steak"], *scenario[3:])
        local_today = pytz.utc.localize(now).astimezone(tz).date()
        lot = f"S{local_today - timedelta(days=12):%Y%m%d}"
        moments = [
            self._demo_moment(rng, local_today - timedelta(days=7 - day), tz)
            for day, count in enumerate(SPIKE_DAILY)
            for _i in range(count)
        ]
        moments += [
            now - timedelta(minutes=rng.randint(20, 22 * 60))
            for _i in range(SPIKE_LAST_DAY)
        ]
        # Different customers, as in a real spike.
        customers = rng.sample(list(partners), min(len(moments), len(partners)))
        plans = []
        for index, moment in enumerate(moments):
            code, city = rng.choice(SPIKE_REGIONS)
            plans.append(
                self._demo_plan(
                    rng,
                    scenario,
                    moment,
                    tz,
                    customers[index % len(customers)],
                    self.env["complaint.store"],
                    detail=rng.choice(SPIKE_DETAILS),
                    lot_ref=lot,
                    region_id=self.env.ref(f"base.state_cn_{code}").id,
                    city=city,
                )
            )
        return plans

    @api.model
    def _demo_stage(self, rng, age_days):
        """Older complaints are closed, recent ones still in the workflow."""
        if age_days >= 21:
            choices = {"archived": 92, "withdrawn": 8}
        elif age_days >= 7:
            choices = {
                "archived": 55,
                "followup": 15,
                "execution": 10,
                "feedback": 12,
                "withdrawn": 8,
            }
        elif age_days >= 2:
            choices = {
                "accepted": 10,
                "investigating": 30,
                "solution": 25,
                "feedback": 20,
                "execution": 15,
            }
        else:
            choices = {"accepted": 55, "investigating": 40, "solution": 5}
        return rng.choices(list(choices), list(choices.values()))[0]

    @api.model
    def _demo_progress(self, rng, state, vals):
        """The texts a complaint has when it reached ``state``."""
        progress = {}
        index = STATE_ORDER.index(state)
        if state == "withdrawn":
            return progress
        if index >= STATE_ORDER.index("solution"):
            progress["solution"] = f"<p>{SOLUTIONS[vals['demand']]}</p>"
        if index >= STATE_ORDER.index("execution"):
            progress["customer_response"] = "accepted"
        if state == "archived":
            cause = rng.choice(ROOT_CAUSES)
            progress.update(
                resolution=f"<p>{rng.choice(RESOLUTIONS)}</p>",
                root_cause_type=cause,
                corrective_action=CORRECTIVE_ACTIONS[cause],
            )
        return progress

    @api.model
    def _demo_existing_dates(self, tickets, rng, now, tz):
        """Registration times of the demo file complaints: after the goods
        arrived, before any compensation was decided, never in the future."""
        dates = {}
        for ticket in tickets:
            day = ticket.delivery_date or ticket.purchase_date
            created = (
                self._demo_moment(rng, day, tz, hours=[9, 10, 14, 16, 19, 20])
                if day
                else now - timedelta(days=42)
            )
            decided = [
                moment
                for line in ticket.compensation_line_ids
                for moment in (line.approved_date, line.done_date)
                if moment
            ]
            if decided:
                created = min(created, min(decided) - timedelta(hours=20))
            dates[ticket.id] = min(created, now - timedelta(hours=rng.randint(1, 6)))
        return dates

    @api.model
    def _demo_timeline(self, ticket, created, now, rng):
        """When each step of ``ticket`` happened, ending at its current step
        and never after ``now``."""
        state = ticket.complaint_state
        severity = ticket.severity_id.code or "normal"
        low, high = RESPONSE_HOURS.get(severity, RESPONSE_HOURS["normal"])
        response = rng.uniform(low, high) * (3 if rng.random() < 0.08 else 1)
        low, high = SOLUTION_HOURS.get(severity, SOLUTION_HOURS["normal"])
        solution = response + rng.uniform(low, high) * (
            1.8 if rng.random() < 0.1 else 1
        )
        answer = solution + rng.uniform(2, 30)
        closing = answer + rng.uniform(24, 200)
        age = (now - created).total_seconds() / 3600
        # A recent complaint went through its steps faster than usual.
        last_step = {
            "accepted": 0,
            "investigating": response,
            "solution": response,
            "review": solution,
            "feedback": solution,
            "execution": answer,
            "followup": answer,
            "archived": closing,
            "withdrawn": response * 2,
        }.get(state, 0)
        scale = min(1.0, 0.9 * age / last_step) if last_step else 1.0

        def at(hours):
            return created + timedelta(seconds=int(hours * scale * 3600))

        index = STATE_ORDER.index(state) if state in STATE_ORDER else 0

        def past(step):
            return index >= STATE_ORDER.index(step)

        withdrawn = state == "withdrawn"
        responded = past("investigating") and (not withdrawn or rng.random() < 0.6)
        solved = past("feedback") and not withdrawn
        return {
            "created": created,
            "response": at(response) if responded else None,
            "solution": at(solution) if solved else None,
            "approved": at(solution - 0.5) if solved else None,
            "answer": at(answer) if past("execution") and not withdrawn else None,
            "closed": at(last_step) if ticket.closed else None,
            "last": at(last_step),
        }

    # ------------------------------------------------------------------
    # Compensation granted on the closed complaints
    # ------------------------------------------------------------------

    @api.model
    def _demo_compensation(self, tickets, timelines, rng):
        """About half of the archived complaints got a remedy, decided by
        the person whose limit covers it and carried out with a proof."""
        ref = self._demo_ref
        supervisor = ref("user_supervisor_demo")
        manager = ref("base.user_admin")
        vals_list = []
        for ticket in tickets.filtered(lambda t: t.complaint_state == "archived"):
            if rng.random() > 0.5:
                continue
            ctype, amount, reason = self._demo_remedy(ticket, rng)
            if ctype.handler_limit >= amount and ticket.user_id:
                approver = ticket.user_id
            elif ctype.supervisor_limit >= amount:
                approver = supervisor
            else:
                approver = manager
            timeline = timelines[ticket.id]
            done = timeline["answer"] + timedelta(hours=rng.uniform(2, 20))
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "type_id": ctype.id,
                    "amount": amount,
                    "reason": reason,
                    "proposed_by_id": (ticket.user_id or supervisor).id,
                    "proposed_date": timeline["solution"] - timedelta(hours=1),
                    "state": "done",
                    "approved_by_id": approver.id,
                    "approved_date": timeline["approved"],
                    "done_by_id": (ticket.user_id or supervisor).id,
                    "done_date": min(done, timeline["closed"]),
                    "reference": f"RF{timeline['created']:%Y%m%d}-{ticket.id:05d}",
                }
            )
        return self.env["complaint.compensation.line"].create(vals_list)

    @api.model
    def _demo_remedy(self, ticket, rng):
        """(type, amount, reason) of the remedy the customer asked for."""
        ref = self._demo_ref
        paid = ticket.amount_paid or 0.0
        if ticket.demand == "refund" and paid:
            return (
                ref("compensation_type_full_refund"),
                paid,
                "核实属实，按订单金额全额退款。",
            )
        if ticket.demand == "exchange" and paid:
            return (
                ref("compensation_type_replacement"),
                paid,
                "为顾客补发或更换同款商品。",
            )
        if ticket.demand == "compensation" and paid:
            amount = float(min(max(50, round(paid * rng.uniform(0.2, 0.5))), 500))
            return ref("compensation_type_cash"), amount, "按公司补偿政策给予现金补偿。"
        amount = float(rng.choice([20, 30, 50]))
        return (
            ref("compensation_type_coupon"),
            amount,
            "给顾客带来不便，赠送优惠券致歉。",
        )

    # ------------------------------------------------------------------
    # Dates in the past, set-based
    # ------------------------------------------------------------------

    @api.model
    def _demo_backdate(self, tickets, timelines, generated):
        """Set the registration and step dates of ``tickets``, and move their
        event log entries and compensation lines with them.

        Only unsealed log entries move: the chain seals an entry's date with
        its content, and the entries written by this install are not sealed
        yet, so the chain still verifies.
        """
        self.env.flush_all()
        supervisor = self._demo_ref("user_supervisor_demo").id
        rows = []
        for ticket in tickets:
            timeline = timelines[ticket.id]
            # The severity asked for a supervisor's approval before the answer.
            approver = (
                supervisor
                if ticket in generated
                and timeline["approved"]
                and ticket.severity_id.requires_approval
                else None
            )
            rows.append(
                SQL(
                    "(%s, %s::timestamp, %s::timestamp, %s::timestamp,"
                    " %s::timestamp, %s::timestamp, %s::timestamp, %s::int)",
                    ticket.id,
                    timeline["created"],
                    timeline["response"],
                    timeline["closed"],
                    timeline["answer"] or timeline["last"],
                    timeline["last"],
                    timeline["approved"] or timeline["last"],
                    approver,
                )
            )
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET create_date = v.created, write_date = v.last,
                       last_stage_update = v.last,
                       assigned_date = CASE WHEN t.user_id IS NOT NULL
                                            THEN v.created + interval '5 minutes' END,
                       first_response_date = v.response, closed_date = v.closed,
                       customer_response_date = CASE
                           WHEN t.customer_response IS NOT NULL THEN v.answer END,
                       approved_by_id = COALESCE(t.approved_by_id, v.approver),
                       approved_date = CASE
                           WHEN COALESCE(t.approved_by_id, v.approver) IS NOT NULL
                           THEN v.approved END
                  FROM (VALUES %s)
                       AS v(id, created, response, closed, answer, last, approved,
                            approver)
                 WHERE t.id = v.id
                """,
                SQL(", ").join(rows),
            )
        )
        ids = tickets.ids
        cr.execute(
            SQL(
                """
                UPDATE complaint_event e
                   SET date = CASE WHEN e.event_type = 'intake' THEN t.create_date
                                   ELSE t.last_stage_update END
                  FROM helpdesk_ticket t
                 WHERE e.ticket_id = t.id AND t.id = ANY(%(ids)s)
                   AND e.chain_seq IS NULL AND e.hash IS NULL
                """,
                ids=ids,
            )
        )
        # Lines of the demo files were proposed when loaded: a few hours
        # after the complaint came in, before their decision.
        cr.execute(
            SQL(
                """
                UPDATE complaint_compensation_line l
                   SET proposed_date = LEAST(
                           COALESCE(l.approved_date, l.done_date, %(now)s),
                           t.create_date + interval '10 hours', %(now)s)
                  FROM helpdesk_ticket t
                 WHERE l.ticket_id = t.id AND t.id = ANY(%(existing)s)
                """,
                now=fields.Datetime.now(),
                existing=(tickets - generated).ids,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE complaint_compensation_line
                   SET create_date = proposed_date,
                       write_date = GREATEST(proposed_date, approved_date, done_date)
                 WHERE ticket_id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _demo_deadlines(self, tickets, timelines):
        """Deadlines counted from the new registration times in the team's
        calendar, each met or missed as the timeline says."""
        lines = tickets.ticket_sla_ids
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket_sla l
                   SET last_state_date = t.create_date, deadline = NULL,
                       create_date = t.create_date, write_date = t.last_stage_update
                  FROM helpdesk_ticket t
                 WHERE l.ticket_id = t.id AND l.id = ANY(%s)
                """,
                lines.ids,
            )
        )
        self.env.invalidate_all()
        Line = self.env["helpdesk.ticket.sla"]
        self.env.add_to_compute(Line._fields["deadline"], lines)
        lines._recompute_recordset(["deadline"])
        lines.flush_recordset(["deadline"])
        rows = []
        for line in lines:
            timeline = timelines[line.ticket_id.id]
            if line.complaint_sla_kind == "response":
                reached = timeline["response"] or timeline["closed"]
            elif line.complaint_sla_kind == "resolution":
                reached = timeline["solution"] or timeline["closed"]
            else:
                continue
            if reached:
                state = "accomplished" if reached <= line.deadline else "expired"
            else:
                state = "in_progress"
            rows.append(SQL("(%s, %s)", line.id, state))
        if rows:
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket_sla l SET state = v.state"
                    " FROM (VALUES %s) AS v(id, state) WHERE l.id = v.id",
                    SQL(", ").join(rows),
                )
            )
        self.env.invalidate_all()
        Ticket = self.env["helpdesk.ticket"]
        for fname in (
            "response_deadline",
            "resolution_deadline",
            "response_sla_met",
            "resolution_sla_met",
            "complaint_deadline",
            "deadline_warning_date",
        ):
            self.env.add_to_compute(Ticket._fields[fname], tickets)
        tickets._recompute_recordset()
        tickets.flush_recordset()

    @api.model
    def _demo_repeats(self, tickets):
        """Repeat complaints found among the new dates: the intake looked
        for them when every complaint was registered at the same moment."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket
                   SET is_repeat = FALSE, repeat_of_id = NULL, repeat_match = NULL
                 WHERE id = ANY(%(ids)s);
                UPDATE helpdesk_ticket n
                   SET is_repeat = TRUE, repeat_of_id = p.id, repeat_match = 'partner'
                  FROM helpdesk_ticket p, res_company c
                 WHERE n.id = ANY(%(ids)s) AND c.id = n.company_id
                   AND c.complaint_repeat_days > 0
                   AND p.partner_id = n.partner_id AND p.company_id = n.company_id
                   AND p.is_complaint AND p.id <> n.id
                   AND (p.product_id = n.product_id OR p.category_id = n.category_id)
                   AND p.create_date < n.create_date
                   AND p.create_date >= n.create_date
                       - make_interval(days => c.complaint_repeat_days)
                   AND p.id = (
                        SELECT x.id FROM helpdesk_ticket x
                         WHERE x.partner_id = n.partner_id AND x.is_complaint
                           AND x.company_id = n.company_id
                           AND (x.product_id = n.product_id
                                OR x.category_id = n.category_id)
                           AND x.create_date < n.create_date
                         ORDER BY x.create_date DESC, x.id DESC LIMIT 1)
                """,
                ids=tickets.ids,
            )
        )
        self.env.invalidate_all()
