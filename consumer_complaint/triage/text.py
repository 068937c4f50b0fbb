# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Text normalisation and Chinese word segmentation (jieba).

jieba is imported and initialised lazily, once per process, on the first
segmentation (``jieba.Tokenizer.initialize`` takes about a second). The
domain words below, and any extra words given by the caller, are added to
that tokenizer with ``add_word`` so that they are kept as single tokens.

Words are process-wide and only ever added: a word added for one model is
also known when another model segments text. Character n-grams make the
features robust to such small segmentation differences.
"""

import logging
import re
import threading
import unicodedata

#: Domain words shipped with the engine (user dictionary).
DEFAULT_USER_WORDS = (
    # quality
    "变质",
    "发霉",
    "霉点",
    "长毛",
    "馊了",
    "胀袋",
    "漏液",
    "过期",
    "保质期",
    "生产日期",
    "异味",
    "怪味",
    "哈喇味",
    "刺鼻",
    "霉味",
    "臭味",
    "异物",
    "头发",
    "玻璃碴",
    "铁丝",
    "虫子",
    "包装破损",
    "破损",
    "压扁",
    "漏气",
    "封口",
    "质量问题",
    # delivery
    "冷链",
    "冰袋",
    "解冻",
    "化冻",
    "泡沫箱",
    "保温箱",
    "常温",
    "物流",
    "快递员",
    "骑手",
    "次日达",
    "未发货",
    "没发货",
    "少发",
    "漏发",
    "错发",
    "错送",
    "货不对板",
    "签收",
    "快递柜",
    "驿站",
    # service
    "客服",
    "人工客服",
    "转人工",
    "态度差",
    "不耐烦",
    "挂电话",
    "爱答不理",
    "没人接",
    "不回复",
    # refund
    "退款",
    "退货",
    "退货退款",
    "退换",
    "七天无理由",
    "无理由退货",
    "拒绝退款",
    "不予退款",
    "退款慢",
    "到账",
    "运费险",
    "退一赔三",
    "假一赔十",
    "退一赔十",
    # advertising, price
    "虚假宣传",
    "夸大宣传",
    "无添加",
    "纯天然",
    "有机认证",
    "价格欺诈",
    "优惠券",
    "满减",
    "保价",
    "价签",
    "会员价",
    "原价",
    "标价",
    "多收",
    # personal information
    "个人信息",
    "信息泄露",
    "推销电话",
    "骚扰电话",
    "诈骗电话",
    "面单",
    # grading
    "食物中毒",
    "上吐下泻",
    "拉肚子",
    "住院",
    "过敏",
    "曝光",
    "媒体",
    "12315",
    "市场监管局",
    "消协",
)

_SPACE_RE = re.compile(r"\s+")
_LONG_DIGITS_RE = re.compile(r"\d{6,}")
# Starts only where a run of address characters starts: linear time on any
# text (from any position a 1 MB run would be scanned again and again).
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD_CHAR_RE = re.compile(r"\w")

_lock = threading.RLock()
_tokenizer = None
_known_words = set()


def normalize_text(text):
    """Normalise a complaint text before segmentation and n-grams.

    NFKC folding (full-width to half-width), lower case, runs of six or more
    digits (order numbers, phone numbers) replaced by ``#`` and e-mail
    addresses by ``@`` - they carry no signal for the category and are
    personal data, which a trained model's vocabulary must not keep -, white
    space collapsed.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = _EMAIL_RE.sub("@", text)
    text = _LONG_DIGITS_RE.sub("#", text)
    return _SPACE_RE.sub(" ", text).strip()


def get_tokenizer():
    """The process-wide jieba tokenizer, initialised on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba  # pylint: disable=import-outside-toplevel

                # jieba logs its (slow) start-up at DEBUG level on stderr
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DEFAULT_USER_WORDS:
                    word = normalize_text(word)
                    tokenizer.add_word(word)
                    _known_words.add(word)
                _tokenizer = tokenizer
    return _tokenizer


def clean_words(words):
    """Normalised, de-duplicated, sorted list of non-empty user words."""
    result = set()
    for word in words or ():
        word = normalize_text(word)
        if word and " " not in word:
            result.add(word)
    return sorted(result)


def add_user_words(words):
    """Add words to the shared tokenizer (idempotent); returns the new ones."""
    words = [w for w in clean_words(words) if w not in _known_words]
    if not words:
        return []
    tokenizer = get_tokenizer()
    with _lock:
        added = []
        for word in words:
            if word not in _known_words:
                tokenizer.add_word(word)
                _known_words.add(word)
                added.append(word)
    return added


def tokenize_normalized(norm_text):
    """Segment an already normalised text; drop punctuation/space tokens."""
    if not norm_text:
        return []
    return [
        tok
        for tok in get_tokenizer().lcut(norm_text, HMM=False)
        if _WORD_CHAR_RE.search(tok)
    ]


def tokenize(text, user_words=None):
    """Normalise and segment ``text`` into a list of words."""
    if user_words:
        add_user_words(user_words)
    return tokenize_normalized(normalize_text(text))
