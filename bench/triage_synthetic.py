# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Synthetic labelled complaints (zh_CN) for benchmarks and the demo data.

Not part of the addon: the starter model of the demo data learns from
``consumer_complaint/demo/complaint_triage_starter.csv``, written by this
script::

    python bench/triage_synthetic.py --n 3000 --seed 7 \
        --out consumer_complaint/demo/complaint_triage_starter.csv

Texts are assembled from templates x products x details, one set per
second-level category of :mod:`.taxonomy`, with the noise real complaints
have, so that a classifier cannot reach 100 %:

* shared context, openers and demands (no signal);
* overlapping vocabulary between neighbouring categories (变质 / 冷链失效,
  退款慢 / 拒绝退款, 货不对板 in 错送 and 虚假宣传 ...);
* mixed topics: a side remark from another category;
* typos (homophones), vague texts, and a share of wrong labels.

The output is fully determined by the seed. The severity grade of a row is
the most severe of the category default and of the default grade rules.
"""

import argparse
import csv
import importlib.util
import io
import random
import sys
from pathlib import Path


def _triage_package():
    """The addon's triage engine, loaded from its folder (no Odoo needed)."""
    name = "consumer_complaint_triage"
    if name not in sys.modules:
        folder = Path(__file__).resolve().parent.parent / "consumer_complaint/triage"
        spec = importlib.util.spec_from_file_location(
            name, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_triage = _triage_package()
DEFAULT_GRADE_RULES = _triage.DEFAULT_GRADE_RULES
CATEGORY_BY_KEY = _triage.CATEGORY_BY_KEY
compile_grade_rules = _triage.compile_grade_rules
grade_rank = _triage.grade_rank
normalize_for_rules = _triage.rules.normalize_for_rules

FRESH = (
    "鲜牛奶",
    "酸奶",
    "草莓",
    "车厘子",
    "榴莲",
    "香蕉",
    "蛋糕",
    "面包",
    "鲜肉月饼",
    "粽子",
    "鸡胸肉",
    "猪肉",
    "豆腐",
    "熟食卤味",
    "沙拉",
    "寿司",
)
COLD = (
    "冷冻牛排",
    "三文鱼",
    "冰淇淋",
    "速冻水饺",
    "大闸蟹",
    "冷冻虾仁",
    "雪糕",
    "冷冻鸡翅",
    "帝王蟹",
    "冻品海鲜礼盒",
    "鲜榨果汁",
    "冷藏酸奶",
)
PACKAGED = (
    "月饼",
    "香肠",
    "腊肠",
    "牛肉干",
    "薯片",
    "方便面",
    "饼干",
    "坚果礼盒",
    "辣条",
    "婴儿奶粉",
    "橄榄油",
    "酱油",
    "矿泉水",
    "罐头",
    "咖啡豆",
    "茶叶",
    "蜂蜜",
    "麦片",
)
NONFOOD = (
    "洗发水",
    "面霜",
    "口红",
    "电饭煲",
    "吹风机",
    "蓝牙耳机",
    "手机壳",
    "运动鞋",
    "羽绒服",
    "儿童玩具",
    "纸尿裤",
    "洗衣液",
    "床垫",
    "拖鞋",
    "保温杯",
    "空气炸锅",
)
FOOD = FRESH + COLD + PACKAGED
ANY = FOOD + NONFOOD

WHEN = (
    "昨天",
    "前天",
    "上周",
    "三天前",
    "今天上午",
    "本月初",
    "双十一的时候",
    "上个月",
    "618活动期间",
    "春节前",
    "中秋节前",
    "周末",
    "前几天",
    "昨晚",
    "上周五",
)
WHERE = (
    "在你们天猫旗舰店",
    "在京东自营店",
    "在你们的小程序",
    "在门店",
    "在你们APP上",
    "在拼多多店铺",
    "在抖音直播间",
    "通过外卖平台",
    "在你们的超市",
    "在社区团购群里",
    "在官网",
    "在商场专柜",
)
CONTEXTS = (
    "{when}{where}买了{p}。",
    "{when}{where}下单买了{n}份{p}，",
    "我{when}{where}购买的{p}，",
    "订单号{order}，",
    "{when}{where}买的，",
    "",
    "",
)
OPENERS = (
    "",
    "",
    "",
    "你好，",
    "您好，",
    "客服你好，",
    "我要投诉！",
    "投诉一下，",
    "麻烦处理一下：",
    "实在忍不了了，",
    "反映一个问题，",
    "你们好，",
)
CLOSERS = (
    "要求退款。",
    "要求换货。",
    "希望给个说法。",
    "要求赔偿。",
    "要求道歉！",
    "请尽快处理。",
    "希望退货退款。",
    "要求按规定赔偿。",
    "请给我一个合理的解决方案。",
    "",
    "",
    "谢谢。",
    "请尽快回复！",
    "太让人失望了。",
)
VAGUE = (
    "{p}有问题，",
    "对这次购物很不满意，",
    "{p}的问题到现在还没解决，",
    "上次反映的问题还没人处理，",
    "你们的东西和服务都有问题，",
    "买的{p}不行，",
)
MAJOR_FOOD = (
    "孩子吃了以后上吐下泻，去了急诊。",
    "家里三个人都吃坏了肚子，住院了。",
    "吃完全身过敏起红疹。",
    "老人吃了食物中毒了。",
)
MAJOR_ANY = (
    "已经打了12315投诉。",
    "再不处理我就找媒体曝光。",
    "我已经向市场监管局反映了。",
    "我会请律师起诉你们。",
)
URGENT_ANY = ("要求退一赔三。", "按规定要假一赔十。")
TYPOS = (
    ("客服", "克服"),
    ("变质", "变值"),
    ("退款", "推款"),
    ("快递", "块递"),
    ("态度", "太度"),
    ("包装", "包妆"),
    ("价格", "价隔"),
    ("发霉", "发梅"),
    ("冷链", "冷连"),
    ("信息", "信心"),
    ("异味", "一味"),
    ("宣传", "宣穿"),
    ("解冻", "解东"),
    ("物流", "物留"),
    ("头发", "投发"),
    ("发货", "发祸"),
)

ATTITUDE = (
    "大吼大叫",
    "说话很冲",
    "直接挂我电话",
    "爱答不理",
    "还骂人",
    "阴阳怪气",
    "说不买就别问",
    "一直推卸责任",
    "态度恶劣",
    "嘲笑我不懂",
    "让我爱找谁找谁",
    "翻白眼",
)

#: category key -> weight, products, templates, details, side remarks
SPECS = {
    "quality_spoiled": {
        "weight": 10,
        "products": FRESH + PACKAGED + COLD,
        "templates": (
            "打开{p}发现{d}",
            "收到的{p}{d}，根本没法吃",
            "{p}还在保质期内就{d}",
            "刚买的{p}{d}，差点给孩子吃了",
            "{p}{d}，这质量也太差了吧",
            "买回来的{p}第二天就{d}",
            "{p}生产日期是{n}个月前的，已经过期了还在卖",
            "拆开包装{p}{d}，你们怎么把关的",
            "这批{p}有一半都{d}",
            "吃了一口{p}才发现{d}",
        ),
        "details": (
            "发霉了",
            "长了一层白毛",
            "已经馊了",
            "发酸了",
            "变质发臭",
            "胀袋了",
            "颜色发黑",
            "有好多霉点",
            "结块变质了",
            "出水发黏",
            "已经过期了",
            "里面是坏的",
            "有股馊味，已经变质了",
            "都烂了",
            "发苦变质",
        ),
        "asides": ("而且东西好像有点变质", "还有几个发霉了"),
    },
    "quality_odor": {
        "weight": 6,
        "products": FOOD + ("洗衣液", "床垫", "羽绒服", "拖鞋", "儿童玩具", "面霜"),
        "templates": (
            "{p}{d}，根本不敢用",
            "打开{p}就{d}",
            "收到的{p}{d}，放了好几天都没散",
            "{p}{d}，是不是有质量问题",
            "刚拆封的{p}{d}，熏得头疼",
            "{p}吃起来{d}，跟以前买的不一样",
            "家里人都说{p}{d}",
            "这个{p}{d}，正常吗",
        ),
        "details": (
            "有一股怪味",
            "有很刺鼻的味道",
            "闻着有哈喇味",
            "有一股消毒水味",
            "有股塑料味",
            "有汽油味",
            "有一股臭味",
            "味道很奇怪",
            "有霉味",
            "有一股甲醛味",
            "有烟味",
            "有很重的腥味",
            "有化学品的味道",
            "闻着像油漆味",
        ),
        "asides": ("闻着还有点怪味", "味道也怪怪的"),
    },
    "quality_package": {
        "weight": 6,
        "products": ANY,
        "templates": (
            "收到{p}时{d}",
            "{p}{d}，里面的东西也不知道还能不能用",
            "快递送来的{p}{d}",
            "打开箱子发现{p}{d}",
            "{p}{d}，怀疑是二次销售",
            "拿到手{p}{d}，没法送人",
            "你们的{p}{d}，包装太不结实了",
        ),
        "details": (
            "外包装破了",
            "包装盒被压扁了",
            "瓶子裂了",
            "袋子破了撒了一箱",
            "封口没有封好",
            "盒子严重变形",
            "罐子凹进去一大块",
            "漏液把其他东西都弄脏了",
            "包装被拆过",
            "标签被撕掉了",
            "里面的瓶子碎了",
            "包装漏气了",
            "外箱湿透了",
        ),
        "asides": ("包装也破了", "盒子也压坏了"),
    },
    "quality_foreign": {
        "weight": 5,
        "products": FOOD,
        "templates": (
            "在{p}里吃出了{d}",
            "{p}里面有{d}",
            "打开{p}发现里面有{d}",
            "孩子吃{p}的时候咬到了{d}",
            "{p}里混进了{d}，太恶心了",
            "吃到一半发现{p}里有{d}",
            "{p}中夹着{d}，你们的生产车间卫生怎么管的",
        ),
        "details": (
            "一根头发",
            "一段铁丝",
            "一只虫子",
            "几块玻璃碴",
            "一块塑料片",
            "一颗小石子",
            "一只苍蝇",
            "半片指甲",
            "不明黑色物体",
            "一根钢丝球的丝",
            "一个烟头",
            "一团纸",
            "一根长毛",
            "蟑螂腿",
        ),
        "asides": ("里面好像还有根头发", "还有黑色的渣子"),
    },
    "delivery_late": {
        "weight": 12,
        "products": ANY,
        "templates": (
            "{when}下的单，到现在还没发货",
            "说好的次日达，{n}天了还没送到",
            "物流信息{n}天没有更新了",
            "快递一直显示运输中，{n}天都不动",
            "预约的配送时间过了{n}个小时还没有人送",
            "节前买的{p}，节后才送到，送礼都耽误了",
            "承诺48小时发货，结果拖了一个星期",
            "{p}在中转站停了{n}天",
            "下单{n}天了{p}还没到，催了也没用",
            "外卖超时一个多小时才送到",
            "页面写的当日达，第{n}天才到",
            "一直显示待发货，问了说没货了",
        ),
        "asides": ("快递还送得特别慢", "而且晚了好几天才到"),
    },
    "delivery_wrong": {
        "weight": 7,
        "products": ANY,
        "templates": (
            "我买的是{p}，收到的却是{p2}",
            "少发了{n}件{p}",
            "订了{n}箱{p}只收到一箱",
            "{p}颜色和尺码都发错了",
            "货不对板，收到的{p}和图片完全不一样",
            "快递把{p}送到了别人家",
            "显示已签收，但我根本没收到{p}",
            "{p}被放到快递柜也没有通知我，超时被退回",
            "套餐里漏发了赠品和{p2}",
            "{p}错发成了别的型号",
            "收到的{p}是别人的订单",
        ),
        "asides": ("还少发了一件", "赠品也没发"),
    },
    "delivery_coldchain": {
        "weight": 5,
        "products": COLD,
        "templates": (
            "冷链配送的{p}到手冰袋全化了",
            "{p}送到时已经完全解冻了",
            "根本没有用冷链，{p}常温送了{n}天",
            "泡沫箱里的冰袋都是热的，{p}软塌塌的",
            "{p}到的时候已经化成水了",
            "保温箱破了，{p}化冻又冻上",
            "冷冻的{p}收到是温的，不敢吃",
            "说是全程冷链，结果{p}到手已经不新鲜还有味道",
            "{p}在驿站放了一天没冷藏，都化了",
            "骑手没用保温箱，{p}送到都化了",
        ),
        "asides": ("冰袋也化了", "送到的时候也不冰了"),
    },
    "service_attitude": {
        "weight": 8,
        "products": ANY,
        "templates": (
            "客服态度非常差，{a}",
            "门店店员{a}",
            "打电话给客服，对方{a}",
            "送货的快递员{a}",
            "你们的售后人员{a}",
            "导购{a}，问个问题都不耐烦",
            "找了经理也{a}",
            "买{p}的时候店员{a}",
        ),
        "asides": ("客服态度也很差", "店员还爱答不理"),
    },
    "service_slow": {
        "weight": 7,
        "products": ANY,
        "templates": (
            "客服一直不回复",
            "打了十几次400电话都没人接",
            "在线客服排队{n}个小时",
            "留言{n}天了没人处理",
            "说{n}小时内回电，到现在没有消息",
            "机器人客服答非所问，转人工转不了",
            "投诉提交{n}天了一点进展都没有",
            "每次都说已经反馈给相关部门，然后就没下文了",
            "问了{n}次，客服就回一句请耐心等待",
            "工单一直显示处理中，没人跟进",
        ),
        "asides": ("联系客服也没人回", "客服到现在都没回复"),
    },
    "refund_slow": {
        "weight": 8,
        "products": ANY,
        "templates": (
            "申请退款{n}天了还没到账",
            "退货已经寄回去{n}天了，退款迟迟不到",
            "说3到7个工作日退款，现在两周了",
            "退款一直显示处理中",
            "商家已经同意退款，但钱一直没退回来",
            "退款说原路返回，银行卡一直没收到",
            "仓库签收退货{n}天了还不给退款",
            "取消订单后退款拖了很久",
            "{p}退了，{price}元到现在没到账",
        ),
        "asides": ("退款也一直没到", "钱到现在还没退"),
    },
    "refund_refused": {
        "weight": 7,
        "products": ANY,
        "templates": (
            "申请退货被拒绝了",
            "商家不同意退款，说是人为损坏",
            "七天无理由退货也不给退",
            "客服说特价商品不退不换",
            "{p}拆封了就说不能退",
            "明明是质量问题，却拒绝退款",
            "退货申请被驳回{n}次",
            "要求退款，店家说只能换不能退",
            "说超过了售后期，不给退款",
            "退回去的{p}被拒收又寄回来了",
            "预付卡余额不给退",
        ),
        "asides": ("申请退款还被拒了", "想退也不给退"),
    },
    "false_ad": {
        "weight": 5,
        "products": ANY,
        "templates": (
            "宣传说是纯天然无添加，配料表里全是添加剂",
            "直播间说{p}是进口的，实际是国产的",
            "广告说三天见效，用了一个月一点效果都没有",
            "详情页写的有机认证根本查不到",
            "宣传买一送一，收到只有一件",
            "主播说{p}是正品，收到是高仿",
            "号称零糖零脂，检测出来含糖很高",
            "页面上写的产地和{p}实物标签不一致",
            "宣传图和实物差别太大，{p}缩水一半",
            "说是限量款，结果到处都有卖",
            "标称净含量{n}00克，实际称只有一半",
            "虚假宣传，说{p}能治病",
        ),
        "asides": ("和宣传的完全不一样", "广告说得天花乱坠"),
    },
    "price_dispute": {
        "weight": 6,
        "products": ANY,
        "templates": (
            "标价{price}元，结账却收了{price2}元",
            "说好的优惠券用不了",
            "刚买完{p}就降价了{n}0元，要求保价不给",
            "满减活动结算时没有减",
            "价签和收银的价格不一样",
            "先涨价再打折，所谓的原价根本没卖过",
            "会员价没有生效，按原价收的钱",
            "同一个{p}，APP和门店价格差了{n}0元",
            "多收了我{n}0元运费",
            "结账时被多扫了一件",
            "团购价{price}元，到店要加钱",
        ),
        "asides": ("价格也比别家贵", "还多收了钱"),
    },
    "privacy_leak": {
        "weight": 3,
        "products": ANY,
        "templates": (
            "在你们这里买完{p}就接到很多推销电话",
            "我的手机号和住址被泄露了",
            "骗子知道我的订单信息，冒充客服让我退款",
            "快递面单上的个人信息被人拿去卖了",
            "陌生人发来了我的订单截图",
            "APP强制获取通讯录和位置",
            "注册会员后天天收到骚扰短信",
            "店员把我的联系方式给了别人",
            "我没有授权，你们却把我的信息共享给第三方",
            "收到诈骗电话，对方准确说出我买了{p}",
        ),
        "asides": ("最近还老接到推销电话", "还有陌生人打电话给我"),
    },
    "other": {
        "weight": 5,
        "products": ANY,
        "templates": (
            "你们门店的营业时间和网上写的不一样",
            "发票一直开不出来",
            "积分莫名其妙被清零了",
            "会员卡注销不了",
            "门店停车收费不合理",
            "门店卫生间太脏了",
            "建议增加自提点",
            "{p}的说明书看不懂，想咨询一下用法",
            "充值卡过期了能不能延期",
            "商场里的空调太冷",
            "排队结账的人太多，收银台只开了一个",
            "想问一下{p}什么时候补货",
        ),
        "asides": ("发票也没给开", "积分也没给我加"),
    },
}

LABELS = tuple(SPECS)
_FOOD_LABELS = (
    "quality_spoiled",
    "quality_odor",
    "quality_foreign",
    "delivery_coldchain",
)


def _fill(template, rng, spec, product):
    """Fill the slots of one template."""
    values = {
        "p": product,
        "p2": rng.choice(ANY),
        "d": rng.choice(spec["details"]) if "details" in spec else "",
        "a": rng.choice(ATTITUDE),
        "n": rng.randint(2, 9),
        "when": rng.choice(WHEN),
        "where": rng.choice(WHERE),
        "order": "".join(str(rng.randint(0, 9)) for _ in range(16)),
        "price": rng.randint(10, 499),
    }
    values["price2"] = values["price"] + rng.randint(5, 80)
    return template.format(**values)


def _add_typos(text, rng):
    candidates = [pair for pair in TYPOS if pair[0] in text]
    for right, wrong in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
        text = text.replace(right, wrong, 1)
    return text


def generate(
    n,
    seed=42,
    mix_rate=0.3,
    typo_rate=0.15,
    vague_rate=0.03,
    label_noise=0.03,
    severity_rate=0.1,
):
    """``n`` synthetic complaints: list of dicts ``{text, label, grade}``.

    Set the rates to 0 for clean, easy data.
    """
    rng = random.Random(seed)
    labels = list(SPECS)
    weights = [SPECS[label]["weight"] for label in labels]
    rules = compile_grade_rules(DEFAULT_GRADE_RULES)
    rows = []
    for _ in range(int(n)):
        label = rng.choices(labels, weights)[0]
        spec = SPECS[label]
        product = rng.choice(spec["products"])
        if rng.random() < vague_rate:
            main = _fill(rng.choice(VAGUE), rng, spec, product)
        else:
            first = rng.choice(spec["templates"])
            main = _fill(first, rng, spec, product)
            if rng.random() < 0.35:
                second = rng.choice([t for t in spec["templates"] if t != first])
                main = f"{main}，{_fill(second, rng, spec, product)}"
        parts = [
            rng.choice(OPENERS),
            _fill(rng.choice(CONTEXTS), rng, spec, product),
            main,
        ]
        if rng.random() < mix_rate:
            other = rng.choice([k for k in labels if k != label])
            parts.append("，" + rng.choice(SPECS[other]["asides"]))
        parts.append("。")
        roll = rng.random()
        if roll < severity_rate:
            if label in _FOOD_LABELS and rng.random() < 0.6:
                parts.append(rng.choice(MAJOR_FOOD))
            elif rng.random() < 0.5:
                parts.append(rng.choice(MAJOR_ANY))
            else:
                parts.append(rng.choice(URGENT_ANY))
        parts.append(rng.choice(CLOSERS))
        text = (
            "".join(parts)
            .replace("，，", "，")
            .replace("。。", "。")
            .replace("，。", "。")
        )
        if rng.random() < typo_rate:
            text = _add_typos(text, rng)
        grade = CATEGORY_BY_KEY[label].grade
        norm = normalize_for_rules(text)
        for rule in rules:
            if grade_rank(rule.grade) < grade_rank(grade) and rule.matches(norm):
                grade = rule.grade
        if rng.random() < label_noise:
            label = rng.choice([k for k in labels if k != label])
        rows.append({"text": text, "label": label, "grade": grade})
    return rows


def generate_texts_labels(n, seed=42, **noise):
    """``(texts, labels)`` lists of ``n`` synthetic complaints."""
    rows = generate(n, seed=seed, **noise)
    return [r["text"] for r in rows], [r["label"] for r in rows]


def write_csv(rows, target, columns=("text", "label", "grade")):
    """Write rows as UTF-8 CSV with a header to a path or a text file object."""
    if isinstance(target, str | bytes) or hasattr(target, "__fspath__"):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            return write_csv(rows, handle, columns)
    writer = csv.DictWriter(target, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def to_csv_text(rows, columns=("text", "label", "grade")):
    """The CSV of ``rows`` as a string."""
    buffer = io.StringIO()
    write_csv(rows, buffer, columns)
    return buffer.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write synthetic complaints as CSV")
    parser.add_argument("--out", required=True, help="CSV file, - for stdout")
    parser.add_argument("--n", type=int, default=2000, help="rows (default 2000)")
    parser.add_argument("--seed", type=int, default=42, help="seed (default 42)")
    parser.add_argument(
        "--columns", default="text,label,grade", help="default text,label,grade"
    )
    args = parser.parse_args(argv)
    rows = generate(args.n, seed=args.seed)
    columns = args.columns.split(",")
    if args.out == "-":
        write_csv(rows, sys.stdout, columns)
    else:
        write_csv(rows, args.out, columns)


if __name__ == "__main__":
    main()
