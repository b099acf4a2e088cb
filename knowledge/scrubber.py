"""Find and replace personal data in closed-complaint text (Chinese and English).

Case studies are written from closed complaints, and a case study must not identify anyone.
This module finds personal data in free text and replaces it with readable placeholders, so a
trainer starts from anonymised material instead of deleting details by hand. It is pure Python
(standard library only) so it can run anywhere: in a request, a task or the ``scrub_pii`` command.

Public API
----------
``find_pii(text, known=None) -> list[Finding]``
    The personal data found, as non-overlapping ``Finding`` objects sorted by ``start``.
    ``start``/``end`` index the *original* ``text`` and ``finding.text == text[start:end]``.
    Overlapping candidates are merged into one span covering all of them; the longest candidate
    decides the kind (on a tie: values from ``known`` first, then the more specific pattern).
``scrub(text, known=None) -> tuple[str, list[Finding]]``
    The text with every finding replaced by one placeholder, and the findings (offsets still into
    the original text). Everything outside the findings is returned unchanged.
``PLACEHOLDERS`` / ``PLACEHOLDERS_EN``
    kind -> placeholder, Chinese and English. A person's name is replaced by the placeholder of the
    person's role: ``[顾客]``/``[customer]`` by default, ``STAFF_PLACEHOLDERS`` (``[员工]``/
    ``[staff]``) for staff.

What is guaranteed
------------------
* Values passed in ``known`` (the case's own data) are always found, in the formattings listed
  below: that is exact matching, not a guess.
* Neither function raises for a ``str`` input, and both are deterministic.
* Detection without ``known`` is heuristic, tuned for recall on complaint narratives: it can miss
  unusual formats and now and then replace something harmless. A person approves every case study
  before publication; this module is the first pass, not the last.

Names without a role word or title
----------------------------------
A name is found after a role word (顾客王小明, customer Emily Chen), before a title (王先生, 王建国
先生), and also bare, where it clearly stands as a subject or object (rank below every other name
pattern, so on a tie those decide):

* Chinese: a surname (``_SURNAMES`` or a compound one) and one or two given-name characters, each
  from a list of characters common in given names, with a clause edge on both sides: before it the
  start of the text, punctuation, a non-Chinese character or a word such as 是/叫/说/和/给/向/由/
  当天/随后; after it the end, punctuation, a non-Chinese character or a word that follows a subject
  or object (称/说/在/于/的/投诉/表示/同意/要求/来电/当场 ...). "张伟投诉说..." -> "[顾客]投诉说...",
  "经过协调，刘芳同意换货" -> "经过协调，[顾客]同意换货". Ordinary words, brands and places built from
  such characters (高兴, 华丽, 宁静, 李宁, 苏宁, 康佳, 金华, 黄山, 华东 ...) are listed and never taken.
* English: two or three capitalised words, none of them a place, shop, product, brand, holiday,
  month or role word: a pinyin name ("Li Wei", "Wang Fang") or a common first name and a surname
  ("John Smith") anywhere; any other pair at the start of a sentence or clause when a verb follows
  ("Robert Taylor was charged twice"), or after to/with/from/by/for/and/called/told ... when a verb,
  a word like "at"/"yesterday", punctuation or the end follows ("signed for by Igor Petrov.").

Bare names get the customer placeholder unless a staff role word stands right before them
("收银员，李娜当场道歉" -> "收银员，[员工]当场道歉"). Not caught: a bare name after or before any other
word (林志玲代言, 顾客的朋友李娜说), one with a rare given-name character (张三) or an uncommon surname
(see ``_SURNAMES``), a surname or given name alone (李说, "Emily complained"), names written in
lower case or capitals, and unlisted Western names in mid-sentence without such a word around them.
Taken by mistake: a shop or brand that looks like a name in a name's place ("a gift from Jo
Malone"), and a word made of surname and given-name characters that is not yet listed.

``known``
---------
Keys: ``name``, ``staff_names`` (a list), ``phone``, ``email``, ``address``, ``member_card``,
``order_number``, ``id_number``, ``licence_plate``, ``bank_card``, ``chat_handle``. Each value is a
string or a list of strings (numbers are accepted too). Any other key is personal data as well: its
kind is guessed from the key (``wechat`` -> chat handle, ``mobile`` -> phone, ``地址`` -> address
...), else from the value's shape, else it is treated as a name. Known values are found in other
formattings: phone numbers with any spaces, dashes, dots or brackets and a ``+86``/``0086``/
``(+86)`` prefix; Chinese names with or without spaces between the characters, and the surname with
a title (张先生, 张女士, 张小姐, 张经理 ...) or as 小张/老张; English names case-insensitively as
"First Last", "Last First" and "Last, First", and each part alone when capitalised; e-mail
addresses case-insensitively; card, ID, order and plate numbers with or without separators;
addresses with any spacing, and their more specific tails (建国路88号 of 北京市朝阳区建国路88号).

Placeholders and role words (the readability rule)
--------------------------------------------------
A placeholder replaces exactly the personal data and nothing around it. Role words and titles are
not personal and stay, because the reader needs them: "营业员李娜称" -> "营业员[员工]称",
"顾客王小明" -> "顾客[顾客]", "王先生" -> "[顾客]先生", "李经理" -> "[员工]经理", "customer Emily
Chen" -> "customer [customer]", "Mr. Smith" -> "Mr. [customer]", "订单号DD2026" -> "订单号[订单号]".
The one exception is 小张/老张, where 小/老 belongs to the nickname and goes with it. A name gets
the staff placeholder when a staff role word or title stands before it (or a staff title after it),
or when it comes from ``known["staff_names"]``; otherwise the customer placeholder. The doubled
look of "顾客[顾客]" is deliberate and consistent: outside the brackets is always the original
text, inside is always ours.

Placeholders are Chinese when the text around the finding (30 characters each side) holds at least
as many CJK characters as Latin words, English otherwise, so a bilingual text gets each
placeholder in the language of its own sentence.

What stays: store names (万达广场店, 朝阳门店), product names and models (iPhone 15, 美的
KFR-35GW), amounts, dates, times, percentages, quantities, role words and titles, and
batch/LOT/model/serial numbers: a number right after 批号/批次/LOT/型号/货号/SKU/model/serial ...
is never reported unless it is a ``known`` value. Staff numbers (工号) are not a kind and stay; so
does a case reference, unless it is introduced like an order number (工单号 ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "KINDS",
    "PLACEHOLDERS",
    "PLACEHOLDERS_EN",
    "STAFF_PLACEHOLDERS",
    "Finding",
    "find_pii",
    "scrub",
]

KINDS: tuple[str, ...] = (
    "name",
    "phone",
    "email",
    "id_number",
    "bank_card",
    "member_card",
    "order_number",
    "licence_plate",
    "chat_handle",
    "address",
)

PLACEHOLDERS: dict[str, str] = {
    "name": "[顾客]",
    "phone": "[电话]",
    "email": "[邮箱]",
    "id_number": "[身份证号]",
    "bank_card": "[银行卡号]",
    "member_card": "[会员卡号]",
    "order_number": "[订单号]",
    "licence_plate": "[车牌号]",
    "chat_handle": "[社交账号]",
    "address": "[地址]",
}

PLACEHOLDERS_EN: dict[str, str] = {
    "name": "[customer]",
    "phone": "[phone]",
    "email": "[email]",
    "id_number": "[ID number]",
    "bank_card": "[card number]",
    "member_card": "[member card]",
    "order_number": "[order number]",
    "licence_plate": "[plate number]",
    "chat_handle": "[chat handle]",
    "address": "[address]",
}

# Names of staff get their own placeholder, by language ("zh"/"en").
STAFF_PLACEHOLDERS: dict[str, str] = {"zh": "[员工]", "en": "[staff]"}

KnownValues = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class Finding:
    """One piece of personal data; ``text`` is ``original[start:end]``."""

    kind: str
    start: int
    end: int
    text: str


CUSTOMER, STAFF = "customer", "staff"


@dataclass(frozen=True)
class _Candidate:
    """A finding before merging, with what merging and placeholder choice need."""

    start: int
    end: int
    kind: str
    rank: int  # lower wins a tie between equally long overlapping candidates
    role: str | None = None  # names only: CUSTOMER or STAFF


_KNOWN_RANK = 0  # the case's own values win every tie


def _words(words: str) -> tuple[str, ...]:
    """The whitespace-separated words of a string: keeps long word lists compact."""
    return tuple(words.split())


def _wordset(words: str) -> frozenset[str]:
    return frozenset(_words(words))


# ---------------------------------------------------------------------------------------------
# Characters and word lists
# ---------------------------------------------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")

# Full-width ASCII (ＡＢＣ１２３＠) and the ideographic space map one-to-one onto ASCII, so the
# patterns are written once and offsets stay valid (the mapping never changes the length).
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Common single-character surnames. Left out on purpose: characters that mostly end ordinary words
# right before a title or start words right after a role (值班经理, 维修师傅, 保安, 收银主管, 部门
# 经理, 生鲜主管, 一位女士, 老先生, 顾客向..., 顾客于...): they cause more false hits than the rare
# person who carries them. Names of these people are still found when passed in ``known``.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤温康施文牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲滕"
    "饶艾尤阳穆农卓古吉缪简项连芦麦褚娄窦戚岑景党宫卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬"
    "仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池邝鞠荆冀郁胥栗燕鄢谌奚冼蔺阚帅屠朴廉禹祖傅"
    "丰卿狄宣晋芮扈晁戈鹿邸雍辜羊裘邰赫杭隆茹诸慕嵇湛戎茅尉"
)
# Surnames that are also everyday words (于, 安, 向...): taken only right before a title (于女士),
# where the ordinary reading is rare; the words that would still clash are in _COMMON_WORDS.
_TITLE_ONLY_SURNAMES = "于安向成常时全关单"
_COMPOUND_SURNAMES = _words(
    "欧阳 司马 诸葛 上官 东方 皇甫 司徒 慕容 令狐 夏侯 尉迟 公孙 长孙 宇文 轩辕 端木 西门 南宫 "
    "独孤 澹台 申屠 呼延 赫连"
)

# Role words that introduce a person's name ("顾客王小明", "营业员李娜称").
_CUSTOMER_ROLES_ZH = _words(
    "顾客 客户 消费者 投诉人 投诉者 当事人 联系人 收件人 收货人 持卡人 购买人 用户 会员 买家 "
    "家属 姓名 名字 失主 车主 其子 其女 儿子 女儿 丈夫 妻子 爱人 母亲 父亲 老伴 本人 我叫 她叫 他叫 "
    "名叫"
)
_STAFF_ROLES_ZH = _words(
    "营业员 收银员 导购员 导购 店员 客服专员 客服代表 客服 值班经理 经理 值班主管 主管 课长 店长 "
    "员工 师傅 服务员 保安队长 队长 保安 送货员 配送员 快递员 维修员 维修工 安装工 技术员 促销员 理货员 柜长 "
    "组长 领班 主任 接待员 工作人员"
)
# Longest first, so the regex prefers 导购员 over 导购.
_ROLES_ZH = tuple(sorted(_CUSTOMER_ROLES_ZH + _STAFF_ROLES_ZH, key=len, reverse=True))

# Titles written after a surname: honorifics (customers by default) and job titles (staff).
_CUSTOMER_TITLES_ZH = _words("先生 女士 小姐 太太 夫人 阿姨 大爷 大妈 大姐 大哥 老师")
_STAFF_TITLES_ZH = _words("师傅 经理 店长 主管 课长 组长 主任 领班")
_TITLES_ZH = _CUSTOMER_TITLES_ZH + _STAFF_TITLES_ZH

# Ordinary words that begin with a surname character and follow role words or precede titles in
# complaint narratives ("店员马上", "顾客钱包", "对方女士"): such a candidate is not a name.
_COMMON_WORDS = _wordset(
    """
    马上 高兴 高度 高价 高档 高端 高温 高铁 方面 方便 方式 方法 方案 方向 金额 金卡 金牌 金属
    白色 白天 白跑 石头 石榴 文件 文字 文明 钱包 钱款 包装 包括 包裹 包邮 包容 关于 关系 关注
    关门 万元 万一 万达 付款 付费 余额 余下 余款 任何 任务 任意 夏天 夏季 牛奶 牛肉 牛排 牛仔
    温度 温和 温州 易碎 易拉 齐全 齐声 常常 常规 常温 黄金 黄色 陈述 陈列 陈旧 周末 周一 周二
    周三 周四 周五 周六 周日 周边 周到 周年 曾经 曾多 曾于 曾在 曾向 曾来 曾到 曾致 曾投 曾表
    曾打 曾因 曾说 曾称 叶子 程序 范围 龙虾 龙头 史上 顾及 顾虑 顾客 毛巾 毛病 严重 严格 严禁
    武汉 汤圆 汤汁 康复 施工 庄重 庄园 申请 申诉 欧洲 欧元 兰州 焦急 焦点 左右 左边 左手 柳州
    甘心 甘肃 祝贺 祝福 宁可 宁愿 宁波 尚未 尚可 符合 舒服 舒适 纪念 纪律 纪录 梅花 童装 童车
    凌晨 凌乱 毕竟 毕业 季度 季节 涂抹 涂料 游客 游戏 辛苦 辛辣 蒙受 蒙牛 华为 华润 连续 连忙
    连同 连锁 景区 景点 冷冻 冷藏 冷静 冷柜 卫生 卫浴 卫衣 米饭 米面 米粉 宗旨 荣幸 荣誉 沙发
    沙拉 仲裁 郁闷 燕麦 燕窝 帅气 廉价 祖国 祖传 丰富 丰田 宣传 宣布 隆重 诸多 诸位 何时 何地
    何况 许多 许可 杜绝 罗列 郑重 谢谢 韩国 陆续 苏州 江苏 江西 沈阳 陶瓷 黎明 贺卡 莫名 颜色
    庞大 鲍鱼 艾草 尤其 阳台 阳光 农药 农夫 卓越 古典 吉利 简单 简直 项目 芦荟 麦片 柏油 桂花
    巩固 鞠躬 栗子 朴素 辜负 羊肉 羊毛 茅台 蓝色 蓝牙 柴油 季报 田地 田园 盛情 谷物 苗条 霍乱
    对方 双方 男方 女方 店方 商方 厂方 一方 甲方 乙方 我方 贵方 院方 警方 值班 当班 上班 下班
    张贴 张开 李子 王牌 王者 宋体 唐突 孙子 杨梅 胡乱 徐徐 丁点 钟点 钟表 段时 雷同 姜汤
    关于 对于 由于 属于 位于 等于 至于 终于 处于 在于 鉴于 基于 便于 易于 保安 平安 公安 治安
    完成 造成 形成 达成 赞成 变成 组成 构成 当成 正常 非常 经常 异常 日常 平常 通常 时常 当时
    及时 同时 小时 按时 准时 临时 随时 届时 有时 平时 定时 暂时 那时 这时 安全 完全 齐全 周全
    相关 有关 海关 机关 开关 无关 买单 订单 账单 清单 菜单 名单 下单 保单 简单 方向 转向 一向
    面向 偏向 导向 倾向 指向 小米 小包 小龙 小白 小牛 小麦 小毛 小康 小石 老顾 老毛 老汤
    """
)

# Chars that cannot be the first given-name character: function words and punctuation. A surname
# followed by one of these ("经理王说") is not taken as a name.
_NAME_BREAK = frozenset(
    "称说讲在的了着过和与及跟对向给把被将已也都还又就才却便因为是从于等们问让请，。、；：！？"
    ",.;:!?()（）「」“”\"' \n\t"
)
# Chars that usually start the word after a name. Used only to decide between one and two
# given-name characters ("营业员李娜称" -> 李娜, "顾客王小明投诉" -> 王小明).
_AFTER_NAME = _NAME_BREAK | frozenset(
    "要想表反投购认拒同承道致处接负协联来到发询咨确提出声坚建希觉感怀质索退换赔买卖签办查核"
    "看找拿带送帮打叫骂推指收回答告解立当随马主耐态热多再十特非亲先正很不没未今昨上下前后时"
)
# Characters never inside a Chinese personal name (王某 is anonymised already).
_NOT_NAME_CHARS = frozenset("某之其这那个位些")

# Characters that never occur inside a Chinese place name but often right before one ("家住",
# "送到", "地址是"): they stop an address from swallowing the words in front of it.
_ADDR_STOP = "在住于到往至是为的从址和与及把给向送寄搬去来请由经客人者员说称将已了着过"
_ADDR_CH = f"(?:(?![{_ADDR_STOP}])[{CJK}])"
# The left edge of a place name: a non-CJK character (or the start), or a word that introduces a
# place ("住", "在", "送到", "地址是"). Other stop characters end words like 顾客 and 店员, after
# which a verb often follows ("顾客反映建国路..."), so they give no edge.
_ADDR_EDGE = f"(?:(?<![{CJK}])|(?<=[在住于到往至是为址送寄搬去来从由经]))"

_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
    "|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# A number right after one of these is a product or batch code, not personal data.
_NON_PII_BEFORE = re.compile(
    r"(?:批号|批次|生产批号|型号|货号|条码|条形码|序列号|商品编码|商品码|款号|规格"
    r"|(?i:\blot|\bbatch|\bsku|\bmodel|\bserial(?:\s*no\.?)?|\bs/n|\bbarcode|\bitem\s+no\.?))"
    r"[\s:#.号为是]*$"
)

# ---------------------------------------------------------------------------------------------
# Validators: (normalised text, match) -> keep the match?
# ---------------------------------------------------------------------------------------------

Validator = Callable[[str, re.Match[str]], bool]


def _digits(s: str) -> str:
    return "".join(ch for ch in s if "0" <= ch <= "9")


def _luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn check of bank cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


_BANK_KEYWORD = re.compile(
    r"(?:银行卡|卡号|信用卡|借记卡|储蓄卡|银行账号|账号|账户|银联|(?i:card|account|a/c))[^0-9]{0,8}$"
)
# The nearest card word before a number tells a store's card from a bank card.
_STORE_CARD = re.compile(
    r"会员卡|储值卡|购物卡|积分卡|礼品卡|提货卡|(?i:member(?:ship)?|gift|loyalty)"
)
_CARD_WORD = re.compile(
    r"会员卡|储值卡|购物卡|积分卡|礼品卡|提货卡|银行卡|信用卡|借记卡|储蓄卡"
    r"|(?i:member(?:ship)?|gift|loyalty|bank|credit|debit)"
)
_DATE_LIKE = re.compile(r"(?:19|20)[0-9]{2}[-/.](?:0?[1-9]|1[0-2])(?:[-/.][0-9]{1,2})?")
_UNIT_AFTER = re.compile(r"\s?(?:元|块|件|个|次|天|日|月|年|点|分|%|¥|(?i:yuan|rmb|kg|ml|cm|mm)\b)")


def _valid_mobile(_: str, m: re.Match[str]) -> bool:
    return len(_digits(m.group("pii"))) in (11, 13, 15)  # bare, +86, 0086


def _valid_landline(_: str, m: re.Match[str]) -> bool:
    return 9 <= len(_digits(m.group("pii"))) <= 17  # area code, 7-8 digits, an extension


def _valid_intl(_: str, m: re.Match[str]) -> bool:
    return 8 <= len(_digits(m.group("pii"))) <= 15


def _not_service_number(digits: str) -> bool:
    # 400/800 numbers are companies' hotlines, never a person's.
    return not (len(digits) == 10 and digits[:3] in ("400", "800"))


def _valid_north_american(_: str, m: re.Match[str]) -> bool:
    return _not_service_number(_digits(m.group("pii")))


def _valid_phone_after_keyword(_: str, m: re.Match[str]) -> bool:
    digits = _digits(m.group("pii"))
    if _DATE_LIKE.fullmatch(m.group("pii")):  # "call on 2026-10-08"
        return False
    return 7 <= len(digits) <= 15 and _not_service_number(digits)


def _valid_id_number(_: str, m: re.Match[str]) -> bool:
    # Digits 7-14 are the birth date: it must be a real day between 1900 and today.
    digits = m.group("pii").replace(" ", "")
    try:
        born = date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def _valid_bank_card(text: str, m: re.Match[str]) -> bool:
    # A long number is a card number only if it passes Luhn or a card keyword announces it: this
    # keeps order numbers and barcodes out. The number of a store's own card (储值卡, gift card)
    # is left to the member-card patterns.
    digits = _digits(m.group("pii"))
    before = text[max(0, m.start("pii") - 16) : m.start("pii")]
    card_words = _CARD_WORD.findall(before)
    if not 16 <= len(digits) <= 19 or (card_words and _STORE_CARD.fullmatch(card_words[-1])):
        return False
    return _luhn_ok(digits) or bool(_BANK_KEYWORD.search(before))


def _valid_identifier(text: str, m: re.Match[str]) -> bool:
    # Order and member numbers have several digits; "订单 200元" is an amount and "order
    # 2026-10-05" a date, not identifiers.
    value = m.group("pii")
    if len(_digits(value)) < 4 or _DATE_LIKE.fullmatch(value):
        return False
    return not _UNIT_AFTER.match(text, m.end("pii"))


_NOT_HANDLES = _wordset("pay group groups account official app mini user name chat moments call")


def _valid_handle(_: str, m: re.Match[str]) -> bool:
    handle = m.group("pii").lstrip("@")
    if handle.lower() in _NOT_HANDLES:
        return False
    if handle.isdigit():
        return 5 <= len(handle) <= 12  # QQ numbers
    # A bare word after "WeChat" ("added her on WeChat yesterday") is no id. An id has a digit,
    # "_", "-" or ".", or is introduced explicitly ("WeChat: lily", "微信号 lily", "微信lily").
    explicit = m.group("intro") is not None or _CJK_RE.match(m.group("kw")) is not None
    return explicit or m.group("pii").startswith("@") or bool(re.search(r"[0-9_.\-]", handle))


def _valid_plate(_: str, m: re.Match[str]) -> bool:
    return sum(ch.isdigit() for ch in m.group("pii")) >= 3


def _valid_household(_: str, m: re.Match[str]) -> bool:
    # A building part alone ("3楼") is a floor of a mall, not a home: require a household unit.
    return bool(re.search(r"栋|幢|号楼|单元|室|户|[0-9]+-[0-9]+", m.group("pii")))


# ---------------------------------------------------------------------------------------------
# Address grammar
# ---------------------------------------------------------------------------------------------


def _place(suffix: str, longest: int) -> str:
    """A place name ending in ``suffix``, when nothing above it in the address is present: up to
    ``longest`` characters from a clear left edge, otherwise exactly two (most names have two
    characters; this keeps "顾客反映建国路" from taking 反映 into the street name)."""
    return (
        f"(?:{_ADDR_EDGE}{_ADDR_CH}{{2,{longest}}}?|{_ADDR_CH}{{2}})"
        f"(?:[东西南北中][一二三四五六七八九十]?)?(?:{suffix})"
    )


def _place_after(suffix: str, longest: int) -> str:
    """A place name right after a higher level of the address, whose left edge is known."""
    return f"{_ADDR_CH}{{1,{longest}}}?(?:{suffix})"


_CN_NUM = "[0-9一二三四五六七八九十百零〇两]+"
_PROVINCE = f"(?:(?:{_PROVINCES})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?)"
_CITY_SFX, _DIST_SFX, _TOWN_SFX = "市|自治州|地区|盟", "新区|区|县|旗", "街道|镇|乡"
_STREET_SFX = "大道|大街|路|街|巷|弄|胡同|道"
_ESTATE_SFX = "小区|花园|公寓|大厦|家园|新村|社区|山庄|苑|庭|府|城|村|里|园|大楼|宿舍|公馆|别墅"
_CITY_AFTER = _place_after(_CITY_SFX, 4)
_DIST_AFTER = _place_after(_DIST_SFX, 4)
_TOWN_AFTER = _place_after(_TOWN_SFX, 5)
# Administrative levels, highest first (广东省深圳市南山区粤海街道); only the first one present
# needs a clear left edge, the later ones follow it directly.
_ADMIN = (
    f"(?:{_PROVINCE}(?:{_CITY_AFTER})?(?:{_DIST_AFTER})?(?:{_TOWN_AFTER})?"
    f"|{_place(_CITY_SFX, 4)}(?:{_DIST_AFTER})?(?:{_TOWN_AFTER})?"
    f"|{_place(_DIST_SFX, 4)}(?:{_TOWN_AFTER})?"
    f"|{_place(_TOWN_SFX, 5)})"
)
_STREET_NO = f"(?:{_CN_NUM}段)?{_CN_NUM}(?:[-之][0-9]+)?号(?:院|楼)?"
_UNIT = "(?:(?:[0-9]+|[A-Za-z]|[一二三四五六七八九十]+)(?:号楼|栋|幢|座|单元|楼|层|室|户|组|号))"
_UNITS = rf"(?:{_UNIT}|[0-9]+(?:-[0-9]+){{1,2}}(?:室|号)?)(?:\s?(?:{_UNIT}|[0-9]{{3,4}}(?![0-9])))*"
_ADDRESS_ZH_STREET = (
    f"(?:{_ADMIN}{_place_after(_STREET_SFX, 6)}|{_place(_STREET_SFX, 6)}){_STREET_NO}"
    # then perhaps the estate or building and the flat: ...500号华润时代广场B座1203室
    f"(?:{_place_after(_ESTATE_SFX, 8)})?(?:{_ADDR_CH}{{0,8}}?{_UNITS})?"
)
_ADDRESS_ZH_ESTATE = f"(?:{_ADMIN}{_place_after(_ESTATE_SFX, 8)}|{_place(_ESTATE_SFX, 8)}){_UNITS}"

# Abbreviations may carry their dot ("St."); after a full word a dot ends the sentence.
_EN_STREET_TYPES = (
    r"(?:Road|Street|Avenue|Lane|Boulevard|Drive|Way|Court|Place|Terrace|Crescent|Close|Highway"
    r"|Square|Parkway|Alley|Lu|Jie|Dajie|Dadao)\b|(?:Rd|St|Ave|Ln|Blvd|Dr|Ct|Pl|Hwy|Sq|Pkwy)\b\.?"
)
_EN_UNIT = (
    r"(?:Apt|Apartment|Unit|Suite|Ste|Flat|Room|Rm|Building|Bldg|Block|Blk|Floor|Fl)\.?\s*#?"
    r"[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*"
)
_EN_WORDS = r"(?:[A-Z][A-Za-z'-]*\s+){1,4}"
_ADDRESS_EN = (
    rf"(?:{_EN_UNIT},?\s+)*"
    rf"(?:(?:No\.?\s*)?[0-9]{{1,5}}[A-Za-z]?(?:-[0-9]+)?,?\s+{_EN_WORDS}(?:{_EN_STREET_TYPES})"
    rf"|{_EN_WORDS}(?:{_EN_STREET_TYPES}),?\s+No\.?\s*[0-9]{{1,5}}[A-Za-z]?\b)"
    rf"(?:,?\s+{_EN_UNIT})*"
    rf"(?:,\s+[A-Z][a-z]+\s+(?:District|County))?"
)

# ---------------------------------------------------------------------------------------------
# The pattern table
# ---------------------------------------------------------------------------------------------

_SEP = r"[ \u00a0\-.]"  # what people put between digit groups
_NO_DIGIT_BEFORE = r"(?<![0-9])(?<![0-9][ \-])"
_AREA_CODE = r"(?:10|2[0-9]|[3-9][0-9]{2})"
# A handle in any script runs up to whitespace or punctuation.
_HANDLE_CHARS = r"[^\s，。、,.;；:：!！?？()（）“”\"「」『』]"
_KW_SEP_ZH = r"[\s:#号为是]*"  # "订单号：", "会员号为", "单号是 "
_KW_SEP_EN = r"(?:\s*(?i:is|was|:|#|no\.?|number)\s*)*[\s:#]*"
# An identifier after its keyword: an optional letter prefix, then digits and letters, dashed
# groups (DD-2026-0001) and space-separated digit groups (8800 1234 5678).
_ALNUM_ID = (
    r"(?:[A-Za-z]{1,6}[-_]?|[A-Z]{1,4} )?[0-9][0-9A-Za-z]*(?:[-_/][0-9A-Za-z]+)*"
    r"(?: [0-9]{3,}(?![0-9]*[年月日元]))*"
)


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    rank: int  # tie-breaker between equally long overlapping matches; lower wins
    validate: Validator | None = None


def _p(kind: str, rank: int, pattern: str, validate: Validator | None = None) -> _Pattern:
    return _Pattern(kind, re.compile(pattern), rank, validate)


# Each regex has a group named "pii": the personal part. The rest is context that stays, e.g. the
# keyword 订单号 that announces an order number.
_PATTERNS: tuple[_Pattern, ...] = (
    # E-mail. The local part stops at CJK, so "邮箱zhang@qq.com。" yields just the address.
    _p(
        "email", 1, r"(?P<pii>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})"
    ),
    # PRC resident ID: region, birth date (checked), sequence, check digit or X; 6-8-4 groups may
    # be spaced.
    _p(
        "id_number",
        2,
        r"(?<![0-9A-Za-z])(?P<pii>[1-8][0-9]{5} ?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
        r"(?:0[1-9]|[12][0-9]|3[01]) ?[0-9]{3}[0-9Xx])(?![0-9A-Za-z])",
        _valid_id_number,
    ),
    # Chinese mobile: 1[3-9] and 9 more digits, single separators anywhere, +86/0086/(+86).
    _p(
        "phone",
        3,
        _NO_DIGIT_BEFORE + r"(?P<pii>(?:(?:\+|00)\s?86[\s\-]?|\(\+?86\)\s?)?1[3-9]"
        rf"(?:{_SEP}?[0-9]){{9}})(?![0-9])",
        _valid_mobile,
    ),
    # Chinese landline: (021) 1234 5678, 010-12345678, 0755-1234567 转 801, +86 10 1234 5678.
    # Without +86 the area code needs its 0 and a separator or brackets, so bare 11-12 digit
    # numbers (orders, barcodes) are not taken for phone numbers.
    _p(
        "phone",
        4,
        _NO_DIGIT_BEFORE
        + r"(?P<pii>(?:(?:\+|00)86[\s\-]?(?:[(（]0?"
        + _AREA_CODE
        + r"[)）]|0?"
        + _AREA_CODE
        + r")[\s\-]?|[(（]0"
        + _AREA_CODE
        + r"[)）]\s?|0"
        + _AREA_CODE
        + r"[\s\-])"
        r"[0-9]{3,4}[\s\-]?[0-9]{4}(?:\s?(?:转|分机|(?i:ext)\.?|x|-)\s?[0-9]{1,5})?)(?![0-9])",
        _valid_landline,
    ),
    # International: +44 20 7946 0958, +1 (415) 555-0100.
    _p(
        "phone",
        5,
        r"(?P<pii>\+[1-9][0-9]{0,2}(?:[\s\-.]?(?:\([0-9]{1,4}\)|[0-9]{1,4})){2,5})(?![0-9])",
        _valid_intl,
    ),
    # North American without country code: (415) 555-0100, 415-555-0100.
    _p(
        "phone",
        6,
        _NO_DIGIT_BEFORE + r"(?P<pii>\([0-9]{3}\)\s?[0-9]{3}[\s\-.][0-9]{4}"
        r"|[0-9]{3}[\-.][0-9]{3}[\-.][0-9]{4})(?![0-9])",
        _valid_north_american,
    ),
    # Any number announced as a phone number: "电话87654321", "tel: 2345 6789".
    _p(
        "phone",
        7,
        r"(?:电话|手机号码|手机号|手机|座机|联系方式|(?i:\b(?:tel|telephone|phone|mobile|cell|fax)"
        r"(?:\s*(?:number|no\.?))?|\bcall(?:ed)?(?:\s+(?:me|him|her|them|us|back))?\s+(?:on|at)))"
        r"[\s:：#是为]*(?:(?i:is)\s+)?"
        r"(?P<pii>\+?[0-9](?:[\s\-]?[0-9]){6,14})(?![0-9])",
        _valid_phone_after_keyword,
    ),
    # Member-card numbers after their keyword.
    _p(
        "member_card",
        8,
        r"(?:会员卡号|会员卡|会员号|会员编号|会员账号|会员ID|VIP卡号|VIP卡|积分卡号|积分卡|储值卡号"
        rf"|购物卡号){_KW_SEP_ZH}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    _p(
        "member_card",
        8,
        r"(?i:\bmember(?:ship)?\s*(?:card|no\.?|number|id|#)(?:\s*(?:no\.?|number|#))?"
        rf"|\bvip\s+card){_KW_SEP_EN}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    # Order, receipt, invoice, waybill and transaction numbers after their keyword.
    _p(
        "order_number",
        9,
        r"(?:订单号码|订单编号|订单号|订单|单号|小票号|小票编号|小票|流水号|交易号|收据号|发票号码"
        rf"|发票号|运单号){_KW_SEP_ZH}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    _p(
        "order_number",
        9,
        r"(?i:\b(?:order|receipt|invoice|transaction|tracking|waybill|reference|ref)\b\.?"
        r"(?:\s*(?:no\.?|number|num|id|ref(?:erence)?)\b\.?)?)"
        rf"{_KW_SEP_EN}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    # The number of a store card ("储值卡...卡号 SVC0099", "card no. 7700 8800 9900"); ranked
    # after bank cards, so a 16-19 digit card number stays a bank card.
    _p(
        "member_card",
        13,
        rf"卡号{_KW_SEP_ZH}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    _p(
        "member_card",
        13,
        rf"(?i:\bcard\s*(?:no\.?|number|#)){_KW_SEP_EN}(?P<pii>{_ALNUM_ID})",
        _valid_identifier,
    ),
    # Licence plates: 京A12345, 粤B·D12345 (new energy: 8 characters), 沪A-1234学.
    _p(
        "licence_plate",
        10,
        rf"(?<![A-Za-z0-9])(?P<pii>[{_PLATE_PROVINCES}][A-HJ-NP-Z][·•・.\- ]?"
        r"(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[学警港澳挂领试超使]))(?![A-Za-z0-9])",
        _valid_plate,
    ),
    # Chat handles after the network's name: 微信号 zhang_wei88, QQ 12345678, WeChat: lily-2020.
    _p(
        "chat_handle",
        11,
        r"(?P<kw>微信号|微信|微博|抖音号|抖音|小红书号|小红书|钉钉号|钉钉|(?i:(?<![A-Za-z])"
        r"(?:wechat|weixin|wx|qq|weibo|telegram|whatsapp|skype|instagram)(?![A-Za-z])))"
        r"(?P<intro>\s*(?:号码|账号|号|(?i:id|account|handle|number|no\.?))?\s*[:：]"
        r"|\s*(?:号码|账号|号|(?i:id|account|handle)))?"
        r"\s*(?:是|为|(?i:is)\s)?\s*"
        r"(?P<pii>@?[A-Za-z0-9][A-Za-z0-9_\-.]{3,29}(?<![.\-]))(?![A-Za-z0-9_@])",
        _valid_handle,
    ),
    # @handles in any script (微博@购物达人小美, 账号名为@爱吃的胖虎); an e-mail address has a
    # name right before its @ and is not taken for one.
    _p(
        "chat_handle",
        11,
        rf"(?<![A-Za-z0-9._%+\-])(?P<pii>@{_HANDLE_CHARS}{{2,20}})",
    ),
    # Nicknames: 昵称“小雨点”, 网名：lucky猫.
    _p(
        "chat_handle",
        11,
        rf"(?:昵称|网名|用户名)[为是叫:：\s]*[“\"「『]?(?P<pii>{_HANDLE_CHARS}{{2,20}})",
    ),
    # Bank cards: 16-19 digits, optionally in groups of four; Luhn or a card keyword required.
    _p(
        "bank_card",
        12,
        r"(?<![0-9A-Za-z])(?P<pii>[0-9]{4}(?:[ \-]?[0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?)(?![0-9])",
        _valid_bank_card,
    ),
    # Chinese street address: (province)(city)(district)(town) street + 号 (+ estate, units).
    _p("address", 13, f"(?P<pii>{_ADDRESS_ZH_STREET})"),
    # Chinese estate address: 阳光小区3栋2单元501室, 碧桂园5栋1201.
    _p("address", 14, f"(?P<pii>{_ADDRESS_ZH_ESTATE})", _valid_household),
    # Bare household units: 3号楼2单元501室.
    _p(
        "address",
        15,
        rf"(?<![0-9A-Za-z])(?P<pii>{_UNIT}+(?:{_UNIT}|[0-9]{{3,4}}(?![0-9])))",
        _valid_household,
    ),
    # English street address: No. 88 Jianguo Road, 123 Main Street, Apt 4B.
    _p("address", 16, f"(?P<pii>{_ADDRESS_EN})"),
    # English units only, at least two: Room 501, Building 3.
    _p("address", 17, rf"(?P<pii>{_EN_UNIT}(?:,?\s+{_EN_UNIT})+)"),
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

_SURNAME_AHEAD = f"(?=[{_SURNAMES}]|[小老][{_SURNAMES}]|" + "|".join(_COMPOUND_SURNAMES) + ")"
_ROLE_THEN_NAME_ZH = re.compile(
    "(?P<role>" + "|".join(_ROLES_ZH) + r"|(?i:\b(?:customer|client|consumer|complainant|"
    r"shopper|cashier|manager|clerk|salesperson|supervisor|agent|staff)\b))"  # Customer 王芳
    r"(?:\s?[:：]\s?|\s?(?:名叫|叫做|叫|是|为)?\s?)" + _SURNAME_AHEAD
)
_TITLE_ZH = re.compile("|".join(_TITLES_ZH))

_TITLES_EN = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Madam)"
_NAME_EN = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,}|[A-Z]\.)(?![A-Za-z])"
_CUSTOMER_ROLES_EN = r"customer|client|consumer|complainant|shopper|member|guest|buyer"
_STAFF_ROLES_EN = (
    r"cashier|manager|salesperson|sales\s+assistant|shop\s+assistant|assistant|clerk|supervisor"
    r"|agent|staff\s+member|staff|employee|technician|courier|driver|installer|security\s+guard"
    r"|team\s+leader|representative|rep"
)
_ROLE_THEN_NAME_EN = re.compile(
    rf"(?P<role>\b{_TITLES_EN}\b\.?"
    rf"|(?i:\b(?:{_CUSTOMER_ROLES_EN}|{_STAFF_ROLES_EN})s?\b(?:\s+(?:named|called))?)[,:]?"
    r"|(?i:\b(?:customer\s+|contact\s+)?name\s*:)"
    + "|"
    + "|".join(_ROLES_ZH)  # a Chinese role before a Latin name: 顾客 Jason Lee
    + rf")\s*(?!{_TITLES_EN}\b)(?P<names>{_NAME_EN}(?:\s+{_NAME_EN}){{0,2}})"
)
_STAFF_ROLE_EN = re.compile(rf"(?i:\b(?:{_STAFF_ROLES_EN})\b)")
# A staff role word right before a name: "收银员王女士", "the cashier, Ms. Wang".
_STAFF_ROLE_BEFORE = re.compile(
    "(?:" + "|".join(_STAFF_ROLES_ZH) + rf"|(?i:\b(?:{_STAFF_ROLES_EN})))"
    rf"[\s,，:：]*(?:{_TITLES_EN}\.?\s*)?$"
)
# Capitalised words that follow a role word without being names ("Customer Service Desk").
_NOT_NAMES_EN = _wordset(
    """
    Service Services Desk Centre Center Department Dept Team Care Support Relations Experience
    Hotline Account Number No Card Store Shop On Of At In The And Or But Then We He She They It I
    You Who Which That This Said Says Was Is Had Has Asked Told Called Mr Mrs Ms Miss Dr Manager
    Supervisor Cashier Clerk Agent Customer Customers Staff Duty Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September October
    November December Today Yesterday Please Thank Thanks Sorry Dear Sir Madam Hi Hello Also
    However After Before When While Because Since So As If Not Yes Name Member Members Complaint
    Complaints Feedback Office Floor Counter Area Section Head Deputy Assistant Chief Branch Mall
    Plaza China Chinese English Refund Refunds Order Receipt Phone Email WeChat QQ VIP ID OK
    """
)


def _surname_len(text: str, pos: int, before_title: bool = False) -> int:
    """Length of the surname starting at ``pos`` (2 for a compound surname), or 0."""
    if text.startswith(_COMPOUND_SURNAMES, pos):
        return 2
    if pos < len(text) and (
        text[pos] in _SURNAMES or (before_title and text[pos] in _TITLE_ONLY_SURNAMES)
    ):
        return 1
    return 0


def _is_cjk(ch: str) -> bool:
    return _CJK_RE.match(ch) is not None


def _word_after_name(text: str, pos: int) -> bool:
    """True if ``pos`` is where the word after a name would start."""
    return (
        pos >= len(text)
        or text[pos] in _AFTER_NAME
        or not _is_cjk(text[pos])
        or text.startswith(_TITLES_ZH, pos)
    )


def _name_after_role(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the Chinese name starting at ``pos`` right after a role word, or None.

    A surname and one or two given-name characters; two unless the second one starts the next
    word ("营业员李娜称" -> 李娜, "顾客王小明投诉" -> 王小明). A surname followed by a title yields
    the surname ("顾客王先生" -> 王); 小/老 + surname is a nickname ("营业员小李" -> 小李).
    """
    if text[pos] in "小老" and pos + 1 < len(text) and text[pos + 1] in _SURNAMES:
        return None if text[pos : pos + 2] in _COMMON_WORDS else (pos, pos + 2)
    sl = _surname_len(text, pos)
    if not sl or text.startswith(_ROLES_ZH, pos) or text[pos : pos + 2] in _COMMON_WORDS:
        return None
    given = pos + sl
    if text.startswith(_TITLES_ZH, given):
        return pos, given
    if (
        given >= len(text)
        or text[given] in _NAME_BREAK
        or text[given] in _NOT_NAME_CHARS
        or not _is_cjk(text[given])
    ):
        return None  # a bare surname, or 王某 (anonymised already)
    end = given + 1
    if not _word_after_name(text, end) and text[end] not in _NOT_NAME_CHARS:
        end += 1
    return pos, end


def _full_name_start(text: str, pos: int) -> bool:
    """True if a full name may start at ``pos``: after a non-CJK character, a role word or a
    character that ends a clause or a verb ("是", "和", "给"...)."""
    if pos == 0 or not _is_cjk(text[pos - 1]) or text[pos - 1] in _NAME_BREAK:
        return True
    return text.endswith(_ROLES_ZH, 0, pos)


def _name_before_title(text: str, title_start: int) -> tuple[int, int] | None:
    """The span of the name right before a title: 王先生 -> 王, 王小明女士 -> 王小明."""
    for length in (3, 2):  # a full name, when it starts where a name can start
        pos = title_start - length
        if pos < 0 or not _full_name_start(text, pos):
            continue
        sl = _surname_len(text, pos)
        given = text[pos + sl : title_start]
        if (
            sl
            and 1 <= len(given) <= 2
            and all(_is_cjk(ch) and ch not in _NAME_BREAK | _NOT_NAME_CHARS for ch in given)
            and text[pos : pos + 2] not in _COMMON_WORDS
            and not text.startswith(_ROLES_ZH, pos)
        ):
            return pos, title_start
    if text[max(0, title_start - 2) : title_start] in _COMPOUND_SURNAMES:
        return title_start - 2, title_start
    pos = title_start - 1
    if pos < 0 or not _surname_len(text, pos, before_title=True):
        return None
    if pos > 0 and text[pos - 1 : title_start] in _COMMON_WORDS:  # 对方女士, 值班经理
        return None
    return pos, title_start


def _staff_before(text: str, start: int) -> bool:
    return _STAFF_ROLE_BEFORE.search(text, max(0, start - 24), start) is not None


def _chinese_names(text: str) -> Iterable[_Candidate]:
    for m in _ROLE_THEN_NAME_ZH.finditer(text):
        span = _name_after_role(text, m.end())
        if span:
            staff = m.group("role") in _STAFF_ROLES_ZH or _STAFF_ROLE_EN.match(m.group("role"))
            yield _Candidate(*span, "name", 20, STAFF if staff else CUSTOMER)
    for m in _TITLE_ZH.finditer(text):
        span = _name_before_title(text, m.start())
        if span:
            staff = m.group() in _STAFF_TITLES_ZH or _staff_before(text, span[0])
            yield _Candidate(*span, "name", 21, STAFF if staff else CUSTOMER)


def _english_names(text: str) -> Iterable[_Candidate]:
    for m in _ROLE_THEN_NAME_EN.finditer(text):
        kept = []
        for token in re.finditer(_NAME_EN, m.group("names")):
            if token.group().rstrip(".") in _NOT_NAMES_EN:
                break  # "Customer Service Desk": stop at the first word that is not a name
            kept.append(token)
        if not kept or all(t.group().endswith(".") for t in kept):
            continue
        base = m.start("names")
        role = m.group("role")
        staff = (
            role in _STAFF_ROLES_ZH or _STAFF_ROLE_EN.search(role) or _staff_before(text, m.start())
        )
        yield _Candidate(
            base + kept[0].start(), base + kept[-1].end(), "name", 22, STAFF if staff else CUSTOMER
        )


# ---------------------------------------------------------------------------------------------
# Bare names: a person's name with no role word before it and no title after it
# ---------------------------------------------------------------------------------------------

# Characters frequent in Chinese given names. A bare name is taken only when every given-name
# character is one of these: this keeps ordinary words that start with a surname character (高兴,
# 金额, 方便) out. Left out on purpose although they occur in names: characters that mostly start
# or end ordinary words next to a surname (大 小 老 先 生 太 中 人 和 安 家 不 有 利 山 南 天 子).
_GIVEN_NAME_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力晓东海波宇浩鹏飞斌鑫"
    "宁凯峰琳婷雪燕慧颖琴云莉梅丹倩佳嘉欣怡雯璐瑶婧晶洁蕾薇蓉悦妍婉淑珍凤玲芬翠菊荣春秋冬月"
    "花香美惠娥莲琼霖岚彤晗萱涵菲妮姗珊媛婕瑾瑜璇琪琦曦露蕊茜茹蓓娇娅姝霏萌梦诗思雨若语馨宜"
    "乐嫣楠青清晴岩松林森柏桦栋俊龙亮健帆锋毅成志新兴旭昊博睿轩泽航晨阳然翔宏伦豪琛坤彬炜晖"
    "晟永勤福贵根发财宝全德义仁礼忠信诚良善康寿喜庆祥瑞顺胜昌盛达通江河川泉源鸿鹤虎彪雄威武"
    "彦哲铭钧锦铮锐钢光耀朗曙正定立学兵卫远进辰震霆雷风冰真友谊恩泰岳峥嵘岭峻崇钦勋贤才智聪"
    "捷丰升星君蔚霓虹菁莺鹃娴婵媚妹娣莎卿舒逸凡帅枫杉竹梓桐柯玮璟琰瑛珠贞洪淼沛洲伊依冉墨韵"
    "笑微茂群民杭斐"
)
# Words after which a bare Chinese name may start: the subject or object of a clause ("我是陈晓东",
# "给吴静打了电话", "当天李娜在..."). After any other Chinese character no bare name is taken.
_BEFORE_BARE_NAME_ZH = _words(
    "是 叫 说 称 和 与 跟 同 及 让 请 找 给 被 由 对 向 替 帮 把 将 问 据 为 了 见 "
    "告诉 告知 转告 通知 联系 感谢 表扬 批评 提醒 陪同 要求 答复 回复 当天 当日 今天 昨天 前天 次日 "
    "随后 后来 之后 然后 于是 结果 但是 可是 只是 而且 并且 所以 因此 此时 这时 当时 上午 下午 "
    "中午 晚上 早上"
)
# Words that follow the subject or object of a clause: a bare Chinese name must be followed by one
# of these, by punctuation or a non-Chinese character, or by the end of the text.
_AFTER_BARE_NAME_ZH = _words(
    "在 说 称 讲 的 也 还 又 再 已 于 和 与 及 跟 等 都 就 把 被 对 向 给 让 是 曾 便 却 才 从 因 "
    "去 来 到 走 拿 看 找 问 叫 打 要 想 没 未 不 很 并 两 一 "
    "投诉 表示 同意 认为 要求 来电 来店 反映 购买 买了 拒绝 当场 当即 当面 当时 告诉 希望 觉得 "
    "发现 坚持 提出 询问 咨询 致电 联系 退回 退货 退款 申请 回复 回电 签字 签收 确认 确实 情绪 "
    "一直 多次 再次 随后 立即 马上 次日 昨天 今天 当天 本人 先后 夫妇 一家 母子 父子 母女 父女 "
    "两人 等人 之前 指出 解释 承认 否认 承诺 答应 声称 强调 补充 抱怨 质疑 怀疑 担心 接受 出示 "
    "带着 离开 收到 支付 结账 排队 使用 试穿 留下 填写 负责 处理 核实 描述 介绍 明确 道歉 道谢"
)
# Ordinary words, brands and places made of a surname and given-name characters ("华丽", "李宁",
# "金华"): never a bare name, nor the start of one. Completes _COMMON_WORDS.
_NOT_BARE_NAMES_ZH = _COMMON_WORDS | _wordset(
    """
    华丽 华美 华东 华南 华北 华中 华西 宁静 温馨 温柔 温暖 温江 高峰 高明 高超 高强 高清 高新
    高雅 高华 文静 文雅 石英 白玉 白雪 白云 白兰 白金 金秋 金龙 金华 金辉 金星 金海 金凤 欧美
    米兰 柏林 乔丹 李宁 苏宁 康佳 康宁 卫龙 鲁花 杜鹃 冷艳 黄山 许昌 岳阳 邵阳 阳江 江宁 武昌
    龙华 龙岗 吉林 桂林 江南 江北 江海 严明 龙凤 安平 方正 丰盛 钟情 康乐 贺岁 祝福 秦岭 万佳
    黄河 雷锋 章程 常青 韩流 孔雀 苗苗 连连 江河
    林立 齐心 齐鲁 鲁迅 包青 包公 龙岩 宁德 万宁 文昌 龙江 龙泉 龙海 冷冰 白花 雷雨 雷电
    """
)
# Given-name characters that only ever open a two-character given name (王小明, 张大伟): alone
# after a surname they are a nickname (小王 reversed) or an ordinary word (高大).
_FIRST_GIVEN_ONLY = frozenset("小大")
_COMPOUND_SURNAME_STARTS = frozenset(s[0] for s in _COMPOUND_SURNAMES)
_BARE_NAME_RANK = 30  # loses every tie against a role word, title or known value


def _bare_name_left_edge(text: str, pos: int) -> bool:
    """True if a bare Chinese name may start at ``pos``."""
    if pos == 0 or not _is_cjk(text[pos - 1]):
        return True
    return text.endswith(_BEFORE_BARE_NAME_ZH, 0, pos)


def _bare_name_right_edge(text: str, pos: int) -> bool:
    """True if a bare Chinese name may end at ``pos``."""
    if pos >= len(text) or not _is_cjk(text[pos]):
        return True
    return text.startswith(_AFTER_BARE_NAME_ZH, pos)


def _is_ordinary_word(name: str) -> bool:
    """True if a surname + given-name candidate is (or starts with) an ordinary word."""
    return name in _NOT_BARE_NAMES_ZH or name[:2] in _NOT_BARE_NAMES_ZH


def _given_name_ok(chars: str, length: int) -> bool:
    if len(chars) != length:
        return False
    first_ok = chars[0] in _GIVEN_NAME_CHARS or (length == 2 and chars[0] in _FIRST_GIVEN_ONLY)
    return first_ok and all(ch in _GIVEN_NAME_CHARS for ch in chars[1:])


def _bare_chinese_name(text: str, pos: int) -> tuple[int, int] | None:
    """The span of a bare full name starting at ``pos`` ("张伟投诉" -> 张伟), or None.

    Surname, then two given-name characters, else one; each must be a common given-name
    character, and the name needs a clause edge on both sides (see the word lists above).
    """
    sl = _surname_len(text, pos)
    if not sl or not _bare_name_left_edge(text, pos):
        return None
    for given in (2, 1):
        end = pos + sl + given
        if (
            _given_name_ok(text[pos + sl : end], given)
            and _bare_name_right_edge(text, end)
            and not _is_ordinary_word(text[pos:end])
        ):
            return pos, end
    return None


def _bare_chinese_names(text: str) -> Iterable[_Candidate]:
    for pos, ch in enumerate(text):
        if ch in _SURNAMES or ch in _COMPOUND_SURNAME_STARTS:
            span = _bare_chinese_name(text, pos)
            if span:
                role = STAFF if _staff_before(text, span[0]) else CUSTOMER
                yield _Candidate(*span, "name", _BARE_NAME_RANK, role)


# Common pinyin surnames: "Li Wei", "Wang Fang" are names wherever they stand. Left out: surnames
# that are also English words at the start of a sentence (He, Long, Fan, Mo).
_PINYIN_SURNAMES = _wordset(
    """
    Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Guo Gao Lin Luo Zheng Liang Xie
    Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Jiang Cai Cheng Su Wei Lu Ding
    Ren Shen Yao Cui Zhong Tan Jin Shi Liao Jia Xia Fu Fang Bai Zou Meng Xiong Qin Qiu Yin Xue
    Yan Duan Lei Hou Tao Mao Hao Gong Shao Qian Dai Kong Kang Wen Niu Qi Qiao Pang Ni Zhuang Nie
    Yue Zhai Zhan Hu Ma Yu Du Gu Ouyang Situ Shangguan Zhuge
    """
)
# One pinyin syllable: a pinyin given name is one or two of these ("Wei", "Xiaoming").
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|o|e|i|u|v)"
)
_PINYIN_GIVEN = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}(?:-(?:{_PINYIN_SYLLABLE}){{1,2}})?")
# Common English first names that are no ordinary words: "John Smith" is a name wherever it
# stands. Left out: names that are words, months or brands (Will, Mark, Bill, Rose, Grace, May,
# June, April, Jordan, Chase, Ford, Joy, Hope, Summer).
_FIRST_NAMES_EN = _wordset(
    """
    James John Robert Michael David Richard Joseph Thomas Charles Christopher Daniel Matthew
    Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
    Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon
    Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Henry
    Adam Douglas Nathan Peter Zachary Kyle Walter Harold Jeremy Ethan Carl Keith Roger Gerald
    Christian Terry Sean Arthur Austin Noah Lawrence Jesse Dylan Bryan Joe Bruce Gabriel Logan
    Albert Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Louis Philip Bobby Johnny
    Tom Tim Mike Dave Steve Chris Tony Sam Ben Dan Nick Alex Oliver Harry Charlie Oscar Leo
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
    Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah
    Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma
    Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather
    Diane Olivia Julie Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan
    Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice
    Jean Abigail Alice Judy Sophia Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa
    Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Lucy Kate Jenny Sophie Chloe Lily
    Linda Wendy Fiona Irene Vivian Ivy Cindy Tina Kitty Coco Jane Ella Mia Zoe Ruby Eva Sally
    Igor Ivan Sergei Dmitri Olga Natasha Ahmed Mohammed Ali Omar Fatima Priya Raj Ravi Kenji
    Yuki Hiroshi Min Jun Hans Klaus Pierre Jean Marco Luca Carlos Jose Luis Ana Sofia Lucia
    """
)
# Verbs that follow the subject of a complaint narrative: an unlisted "First Last" at the start
# of a sentence is a name only when one of these follows ("Robert Taylor was charged twice").
_NAME_VERBS_EN = _wordset(
    """
    called calls phoned rang emailed wrote writes said says told tells asked asks complained
    complains reported reports bought buys purchased ordered paid visited came comes returned
    returns was is has had have refused refuses wanted wants claimed claims demanded demands
    requested requests received noticed found lost left arrived explained insisted agreed
    accepted rejected threatened shouted spoke slipped fell tried waited sent brought signed
    apologised apologized confirmed promised also then and
    """
)
# Words before an object or an agent: an unlisted "First Last" after one of these is a name when
# a word of _AFTER_OBJECT_EN, punctuation or the end of the text follows ("...to Mary Brown.").
_NAME_INTRO_EN = _wordset(
    "to with from by for and named called phoned emailed rang thanked contacted told asked met saw "
    "helped served is"
)
# Words that may follow a name that is an object ("We phoned Hu Jun yesterday."), besides verbs.
_AFTER_OBJECT_EN = _NAME_VERBS_EN | _wordset(
    "at in on about after before yesterday today tomorrow this last twice again back directly by"
)
# Capitalised words that are no part of a person's name: places, shops, products, brands and
# organisations ("Nanjing Road store", "Galaxy S24", "Head Office", "Hong Kong"). A run of
# capitalised words that contains one is not a name.
_NOT_NAME_WORDS_EN = _NOT_NAMES_EN | _wordset(
    """
    Road Street Avenue Lane Drive Boulevard Way Court Place Square Park Garden Gardens Building
    Tower Station Hotel Market Supermarket Outlet Restaurant City Province County Town Village
    Bridge Hospital School University Company Co Ltd Inc Group Brand Bank Airport Metro Line
    District Harbour Harbor Centre Pharmacy Cafe Kitchen Fries Express Mart Hall Gate Lake
    River Mountain Island Beach Bay Hill Apple Samsung Galaxy Huawei Xiaomi Mate Pro Max
    Plus Watch Pad Phone Air Fryer Dyson Nike Adidas Sony Philips Midea Haier Gree Lenovo Canon
    Nikon Nestle Coca Cola Pepsi Starbucks Costco Walmart Carrefour Ikea Uniqlo Zara Wanda Fresh
    Hippo Great Wall Ning Hong Kong New York Los San Las Beijing Shanghai Guangzhou Shenzhen
    Nanjing Chengdu Wuhan Tianjin Hangzhou Christmas Eve Easter Day Night Year Week Sales Sale
    Office Head Customer Service Octopus Card Cards Smart Home Kids Baby Food Foods Wine Tea Coffee
    Shopper Client Consumer Complainant Guest Buyer Caller Owner Salesperson Shop Employee
    Technician Courier Driver Installer Security Guard Representative Rep Prof Mx Electrician
    Delivery Partner Team Leader Officer Police King Burger Pizza Hut Potter Disney Lego Star
    Wars Mickey Mouse Best Regards Wishes Happy Golden Black Friday Festival
    """
)
_CAP_WORD_EN = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:[-'][A-Z]?[a-z]+)*(?![A-Za-z0-9])"
_CAP_RUN_EN = re.compile(rf"(?<![A-Za-z0-9'.])(?:{_CAP_WORD_EN})(?:[ ]{_CAP_WORD_EN})*")
# Capitalised words that may stand right before a name in a run of capitals ("Yesterday Emma
# Wilson", "Customer Wang Fang"): dropped from the front of the run before it is judged.
_LEADING_WORDS_EN = _NOT_NAME_WORDS_EN | _wordset(
    "This These Our Your My His Her Their Last Next Later"
)


def _is_pinyin_name(words: Sequence[str]) -> bool:
    """A pinyin surname and a pinyin given name: "Li Wei", "Wang Xiaoming", "Ouyang Ming-Yue"."""
    return (
        len(words) == 2
        and words[0] in _PINYIN_SURNAMES
        and _PINYIN_GIVEN.fullmatch(words[1].lower()) is not None
    )


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)[ ]+$", text[max(0, pos - 20) : pos])
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    """The word after ``pos``, or the punctuation mark there, or "" at the end of the text."""
    m = re.match(r"[ ]*([A-Za-z]+|\S)", text[pos:])
    return m.group(1) if m else ""


def _clause_start(text: str, pos: int) -> bool:
    """True at the start of the text or of a sentence or clause (after . ! ? : ; , or CJK)."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:;,。！？：；，" or _is_cjk(before[-1])


def _bare_english_name(text: str, start: int, end: int) -> bool:
    """True if the capitalised words ``text[start:end]`` are a person's full name."""
    words = text[start:end].split()
    if not 2 <= len(words) <= 3 or any(w in _NOT_NAME_WORDS_EN for w in words):
        return False  # one word, a long run of capitals, or a place, product or brand
    if _is_pinyin_name(words) or words[0] in _FIRST_NAMES_EN:
        return True
    next_word = _word_after(text, end)
    if _clause_start(text, start):
        return next_word in _NAME_VERBS_EN
    if _word_before(text, start).lower() in _NAME_INTRO_EN:
        return next_word in _AFTER_OBJECT_EN or not next_word.isalpha()
    return False


def _bare_english_names(text: str) -> Iterable[_Candidate]:
    for m in _CAP_RUN_EN.finditer(text):
        words = list(re.finditer(_CAP_WORD_EN, m.group()))
        while words and words[0].group() in _LEADING_WORDS_EN:
            words.pop(0)
        if not words:
            continue
        start, end = m.start() + words[0].start(), m.end()
        if _bare_english_name(text, start, end):
            role = STAFF if _staff_before(text, start) else CUSTOMER
            yield _Candidate(start, end, "name", _BARE_NAME_RANK, role)


# ---------------------------------------------------------------------------------------------
# Known values
# ---------------------------------------------------------------------------------------------

# (substring of the key, kind): the first hit wins, so the specific ones come first.
_KEY_HINTS: tuple[tuple[str, str], ...] = (
    ("staff", "name"),
    ("employee", "name"),
    ("员工", "name"),
    ("wechat", "chat_handle"),
    ("weixin", "chat_handle"),
    ("微信", "chat_handle"),
    ("qq", "chat_handle"),
    ("weibo", "chat_handle"),
    ("handle", "chat_handle"),
    ("chat", "chat_handle"),
    ("member", "member_card"),
    ("会员", "member_card"),
    ("order", "order_number"),
    ("receipt", "order_number"),
    ("订单", "order_number"),
    ("plate", "licence_plate"),
    ("licen", "licence_plate"),
    ("车牌", "licence_plate"),
    ("id_card", "id_number"),
    ("idcard", "id_number"),
    ("id_number", "id_number"),
    ("身份证", "id_number"),
    ("mail", "email"),
    ("邮箱", "email"),
    ("phone", "phone"),
    ("mobile", "phone"),
    ("tel", "phone"),
    ("电话", "phone"),
    ("手机", "phone"),
    ("bank", "bank_card"),
    ("card", "bank_card"),
    ("卡号", "bank_card"),
    ("addr", "address"),
    ("地址", "address"),
    ("name", "name"),
    ("姓名", "name"),
)


def _kind_for(key: str, value: str) -> str:
    """The kind of a ``known`` value: from its key, else from the value's shape."""
    lowered = key.lower()
    for hint, kind in _KEY_HINTS:
        if hint in lowered:
            return kind
    if re.fullmatch(r"\S+@\S+\.\w+", value):
        return "email"
    if re.fullmatch(r"[+()0-9\s\-.]+", value) and 7 <= len(_digits(value)) <= 15:
        return "phone"
    if re.search("[0-9]", value) and (_CJK_RE.search(value) or " " in value):
        return "address"
    return "name"


def _values(raw: object) -> list[str]:
    """A known value as a list of non-empty strings (a string, a number or a collection)."""
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        raw = list(raw.values())
    if isinstance(raw, str) or not isinstance(raw, Sequence | set | frozenset):
        raw = [raw]
    return [str(v).strip() for v in raw if v is not None and str(v).strip()]


def _flex(chars: Iterable[str], sep: str) -> str:
    """A regex for ``chars`` in order, ``sep`` allowed between any two of them."""
    return sep.join(re.escape(ch) for ch in chars)


_WS = r"\s*"
_PHONE_GAP = r"[\s\-.()]{0,2}"
_CC86 = r"(?:(?:\+|00)\s?86[\s\-]?|\(\+?86\)\s?)"


def _phone_regexes(value: str) -> list[str]:
    digits = _digits(value)
    if value.startswith(("+86", "0086", "(+86)", "(86)")) or (
        len(digits) == 13 and digits.startswith("86")
    ):
        digits = re.sub("^(?:00)?86", "", digits)
    if len(digits) < 5:
        return []
    found = [rf"(?<![0-9]){_CC86}?{_flex(digits, _PHONE_GAP)}(?![0-9])"]
    if digits.startswith("0"):  # a landline drops its 0 after +86
        found.append(rf"(?<![0-9]){_CC86}{_flex(digits[1:], _PHONE_GAP)}(?![0-9])")
    return found


def _chinese_name_regexes(value: str, role: str) -> list[tuple[str, str | None]]:
    """The full name with any spacing, 小张/老张, and 张 before a title."""
    chars = [ch for ch in value if not ch.isspace()]
    compact = "".join(chars)
    surname = compact[:2] if compact.startswith(_COMPOUND_SURNAMES) else compact[0]
    found: list[tuple[str, str | None]] = [(_flex(chars, _WS), role)]
    if len(compact) > len(surname):
        s = re.escape(surname)
        after = re.escape("".join(sorted(_AFTER_NAME)))
        found.append((rf"[小老]{s}(?=[{after}]|[^{CJK}]|$)", role))
        found.append((s + "(?=" + "|".join(_CUSTOMER_TITLES_ZH) + ")", role))
        found.append((s + "(?=" + "|".join(_STAFF_TITLES_ZH) + ")", STAFF))
    return found


def _latin_name_regexes(value: str, role: str) -> list[tuple[str, str | None]]:
    """The name in any order ("Emily Chen", "Chen Emily", "Chen, Emily"), and each part alone."""
    tokens = [t for t in re.split(r"[\s,]+", value) if t]
    found: list[tuple[str, str | None]] = []
    if len(tokens) >= 2:
        first, last = tokens[0], tokens[-1]
        for order in {tuple(tokens), (first, last), (last, first), (last, *tokens[:-1])}:
            joined = r"\s*,?\s+".join(re.escape(t) for t in order)
            found.append((rf"(?i:\b{joined}\b)", role))
    for token in tokens:
        word = token.rstrip(".")
        if len(word) >= 2:  # a single part only when capitalised: "Rose" yes, "rose" no
            forms = {word, word[0].upper() + word[1:], word.upper()}
            found.append((r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b", role))
    return found


def _address_regexes(value: str) -> list[str]:
    """The address with any spacing, and its more specific tails (建国路88号, Apt 4B)."""
    compact = "".join(value.split())
    tails = [compact]
    for m in re.finditer("省|市|区|县|镇|乡|街道", compact):
        tail = compact[m.end() :]
        if re.search("[0-9]", tail) and len(tail) >= 4:
            tails.append(tail)
    parts = [p for p in re.split(r"\s*,\s*", value) if re.search("[0-9]", p) and len(p) >= 5]
    tails += ["".join(p.split()) for p in parts if p != value]
    return [f"(?i:{_flex(tail, _WS)})" for tail in tails]


def _known_regexes(kind: str, value: str, role: str) -> list[tuple[str, str | None]]:
    """(regex, role) pairs that find ``value`` in its usual formattings."""
    if kind == "phone":
        return [(rx, None) for rx in _phone_regexes(value)]
    if kind == "email":
        return [(rf"(?i:(?<![A-Za-z0-9._%+\-]){re.escape(value)}(?![A-Za-z0-9\-]))", None)]
    if kind == "name":
        if _CJK_RE.match(value):
            return _chinese_name_regexes(value, role)
        return _latin_name_regexes(value, role)
    if kind == "address":
        return [(rx, None) for rx in _address_regexes(value)]
    if kind in {"id_number", "bank_card", "member_card", "order_number", "licence_plate"}:
        chars = [ch for ch in value if ch.isalnum()]
        body = _flex(chars, r"[\s\-·•.]?")
        return [(rf"(?i:(?<![A-Za-z0-9]){body}(?![A-Za-z0-9]))", None)] if chars else []
    # Chat handles and anything unclassified: the value itself, spacing- and case-insensitive.
    body = _flex(value.split(), r"\s+")
    return [(rf"(?i:(?<![A-Za-z0-9_]){body}(?![A-Za-z0-9_]))", None)]


def _known_candidates(text: str, known: KnownValues | None) -> Iterable[_Candidate]:
    for key, raw in (known or {}).items():
        key = str(key)
        for value in _values(raw):
            kind = _kind_for(key, value)
            if len(value.replace(" ", "")) < 2:
                continue  # a one-character value would wipe out ordinary text
            staff_key = any(hint in key.lower() for hint in ("staff", "employee", "员工"))
            for rx, role in _known_regexes(kind, value, STAFF if staff_key else CUSTOMER):
                for m in re.finditer(rx, text):
                    if m.end() > m.start():
                        yield _Candidate(m.start(), m.end(), kind, _KNOWN_RANK, role)


# ---------------------------------------------------------------------------------------------
# Detection, merging and replacement
# ---------------------------------------------------------------------------------------------


def _pattern_candidates(text: str) -> Iterable[_Candidate]:
    for pattern in _PATTERNS:
        for m in pattern.regex.finditer(text):
            if pattern.validate is None or pattern.validate(text, m):
                start, end = m.span("pii")
                if not _is_product_code(text, start):
                    yield _Candidate(start, end, pattern.kind, pattern.rank)


def _is_product_code(text: str, start: int) -> bool:
    """True for a number right after a batch/model keyword (批号 B2026, LOT 20261005A)."""
    return _NON_PII_BEFORE.search(text, max(0, start - 16), start) is not None


def _merge(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Non-overlapping spans sorted by start. Each group of overlapping candidates becomes one span
    covering all of them, with the kind and role of the longest (ties: the lowest rank)."""
    merged: list[_Candidate] = []
    group: list[_Candidate] = []
    group_end = -1

    def flush() -> None:
        if group:
            best = min(group, key=lambda c: (c.start - c.end, c.rank))
            merged.append(_Candidate(group[0].start, group_end, best.kind, best.rank, best.role))

    for c in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if c.start >= group_end:
            flush()
            group = []
        group.append(c)
        group_end = max(group_end, c.end)
    flush()
    return merged


def _candidates(text: str, known: KnownValues | None) -> list[_Candidate]:
    norm = text.translate(_FULLWIDTH)  # same length as text, so offsets carry over
    found = [*_pattern_candidates(norm), *_chinese_names(norm), *_english_names(norm)]
    found += [*_bare_chinese_names(norm), *_bare_english_names(norm)]
    found += _known_candidates(norm, known)
    return _merge(found)


def find_pii(text: str, known: KnownValues | None = None) -> list[Finding]:
    """Find personal data in ``text``.

    Returns non-overlapping findings sorted by ``start``, with offsets into ``text`` itself and
    ``finding.text == text[finding.start:finding.end]``. Values in ``known`` are always found (in
    the formattings listed in the module docstring); the rest is found by patterns.
    """
    return [
        Finding(c.kind, c.start, c.end, text[c.start : c.end]) for c in _candidates(text, known)
    ]


def _language(text: str, start: int, end: int) -> str:
    """The placeholder language for a finding: "zh" if the text around it is mostly Chinese."""
    around = text[max(0, start - 30) : start] + " " + text[end : end + 30]
    cjk, latin = len(_CJK_RE.findall(around)), len(_LATIN_WORD_RE.findall(around))
    if cjk == latin == 0:  # nothing nearby to go by: use the whole text (Chinese on a tie)
        cjk, latin = len(_CJK_RE.findall(text)), len(_LATIN_WORD_RE.findall(text))
    return "zh" if cjk >= latin else "en"


def _placeholder(c: _Candidate, lang: str) -> str:
    if c.kind == "name" and c.role == STAFF:
        return STAFF_PLACEHOLDERS[lang]
    return (PLACEHOLDERS if lang == "zh" else PLACEHOLDERS_EN)[c.kind]


def scrub(text: str, known: KnownValues | None = None) -> tuple[str, list[Finding]]:
    """Replace everything ``find_pii`` finds with a readable placeholder.

    Returns the scrubbed text and the findings (offsets into the original ``text``). Text outside
    the findings is unchanged; each finding becomes exactly one placeholder, in the language of the
    text around it (see the module docstring).
    """
    candidates = _candidates(text, known)
    parts: list[str] = []
    last = 0
    for c in candidates:
        parts += [text[last : c.start], _placeholder(c, _language(text, c.start, c.end))]
        last = c.end
    parts.append(text[last:])
    findings = [Finding(c.kind, c.start, c.end, text[c.start : c.end]) for c in candidates]
    return "".join(parts), findings
