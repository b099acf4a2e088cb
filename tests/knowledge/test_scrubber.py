"""Tests for the personal-data scrubber (knowledge/scrubber.py): pure Python, no database.

The corpus below is a labelled set of complaint narratives, written for these tests in the way a
store records complaints. Each example lists the kinds it contains, the exact substrings that must
disappear and the substrings that must survive. ``test_corpus_recall_and_precision`` measures the
scrubber over the whole corpus; the other tests pin down each kind and format.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from knowledge.scrubber import (
    KINDS,
    PLACEHOLDERS,
    PLACEHOLDERS_EN,
    STAFF_PLACEHOLDERS,
    Finding,
    find_pii,
    scrub,
)


@pytest.fixture(autouse=True)
def _media_and_language():
    # Overrides the project-wide autouse fixture of tests/conftest.py, which needs pytest-django:
    # these tests use no Django at all and also run with `-p no:django`.
    yield


@dataclass(frozen=True)
class Example:
    text: str
    kinds: frozenset[str]
    gone: tuple[str, ...]
    stay: tuple[str, ...] = ()
    known: dict = field(default_factory=dict)


def ex(text: str, kinds: str = "", gone=(), stay=(), known=None) -> Example:
    return Example(text, frozenset(kinds.split()), tuple(gone), tuple(stay), known or {})


CORPUS: list[Example] = [
    # --- Chinese narratives -------------------------------------------------------------------
    ex(
        "10月5日14:30，顾客王小明在万达广场店购买美的 KFR-35GW空调一台，金额3299元。顾客称安装"
        "师傅迟到两小时，要求退还安装费200元。联系电话13912345678。",
        "name phone",
        gone=["王小明", "13912345678"],
        stay=["万达广场店", "美的 KFR-35GW", "3299元", "200元", "10月5日", "14:30", "安装师傅"],
    ),
    ex(
        "来电登记：李女士（手机 138-0013-8000）反映，在朝阳门店买的酸奶已过保质期，批号 B2026，"
        "小票号 0098123456。",
        "name phone order_number",
        gone=["李女士", "138-0013-8000", "0098123456"],
        stay=["朝阳门店", "批号 B2026", "保质期"],
    ),
    ex(
        "投诉人张建国，身份证号 11010519850612341X，称其在本店购买的电动车电池起火，要求赔偿。",
        "name id_number",
        gone=["张建国", "11010519850612341X"],
        stay=["投诉人", "电动车电池"],
    ),
    ex(
        "顾客陈女士的会员卡号为 VIP20260088，积分未按活动规则到账，客服专员刘洋已致电核实。",
        "name member_card",
        gone=["陈女士", "VIP20260088", "刘洋"],
        stay=["客服专员", "积分"],
    ),
    ex(
        "收银员赵丽丽多收顾客金额58.50元，顾客黄先生当场指出，值班主管孙强核对监控后退款。",
        "name",
        gone=["赵丽丽", "黄先生", "孙强"],
        stay=["58.50元", "值班主管", "收银员"],
    ),
    ex(
        "顾客反映快递员将包裹放在门口丢失，收货地址：上海市浦东新区张杨路500号华润时代广场B座"
        "1203室，运单号SF1234567890123。",
        "address order_number",
        gone=["张杨路500号", "B座1203室", "SF1234567890123"],
        stay=["快递员", "收货地址"],
    ),
    ex(
        "顾客通过微信（微信号 lucky_fish_1990）发来照片，称在生鲜区购买的鲈鱼有异味。",
        "chat_handle",
        gone=["lucky_fish_1990"],
        stay=["生鲜区", "鲈鱼"],
    ),
    ex(
        "12315转来投诉：消费者周女士称在我司购买的iPhone 15屏幕有坏点，联系电话021-64581234，"
        "要求十日内答复。",
        "name phone",
        gone=["周女士", "021-64581234"],
        stay=["12315", "iPhone 15", "十日内"],
    ),
    ex(
        "顾客驾驶车牌号为粤B·D12345的车辆在停车场被刮，停车场保安称未看到经过。",
        "licence_plate",
        gone=["粤B·D12345"],
        stay=["停车场保安"],
    ),
    ex(
        "导购员小刘向顾客推荐了九折的会员价，结账时却按原价收取，差价120元。顾客微信 "
        "wxid_8k2j3h4g 已加店长好友。",
        "name chat_handle",
        gone=["小刘", "wxid_8k2j3h4g"],
        stay=["九折", "120元", "导购员"],
    ),
    ex(
        "顾客吴先生称银行卡 6222 0212 3456 7890 被重复扣款两次，每次 89.90 元，流水号 "
        "T2026100500123。",
        "name bank_card order_number",
        gone=["吴先生", "6222 0212 3456 7890", "T2026100500123"],
        stay=["89.90 元", "两次"],
    ),
    ex(
        "顾客邮件（linlin_88@163.com）投诉配送员送货时态度恶劣，送货地址为杭州市西湖区文三路"
        "138号东方通信大厦5楼。",
        "email address",
        gone=["linlin_88@163.com", "文三路138号"],
        stay=["配送员"],
    ),
    ex(
        "经理办公室接到电话：顾客郑女士反映其母亲在本店一楼扶梯摔倒，已送医院，家属要求赔偿"
        "医药费1500元。郑女士手机 186 2345 6789。",
        "name phone",
        gone=["郑女士", "186 2345 6789"],
        stay=["一楼", "1500元", "家属"],
    ),
    ex(
        "顾客姓名：欧阳娜娜，地址：广州市天河区天河北路233号中信广场，身份证 440106199512120023。",
        "name address id_number",
        gone=["欧阳娜娜", "天河北路233号", "440106199512120023"],
        stay=["顾客姓名"],
    ),
    ex(
        "店员孙磊在未经同意的情况下拍下顾客照片发到微博@购物达人小美，引发顾客不满。",
        "name chat_handle",
        gone=["孙磊", "购物达人小美"],
        stay=["店员", "引发顾客不满"],
    ),
    ex(
        "顾客家住海淀区中关村南大街5号院12号楼3单元402，投诉装修材料送货延误一周。",
        "address",
        gone=["中关村南大街5号院", "12号楼3单元402"],
        stay=["装修材料", "一周"],
    ),
    ex(
        "客户经理张立新于10月8日回访，顾客对处理结果满意，满意度评分5分。",
        "name",
        gone=["张立新"],
        stay=["客户经理", "10月8日", "5分"],
    ),
    ex(
        "顾客反映在收银台排队时被插队，与一名男子发生口角，保安及时劝开，未造成人身伤害。",
        "",
        stay=["收银台", "保安及时劝开", "人身伤害"],
    ),
    ex(
        "订单号：JD20261005887766，顾客收到的电饭煲内胆有划痕，要求换货。顾客称可以通过QQ "
        "87654321联系。",
        "order_number chat_handle",
        gone=["JD20261005887766", "87654321"],
        stay=["电饭煲"],
    ),
    ex(
        "顾客Lily Wang在我店办理了会员卡，会员号 M-0088-2026，手机+86 139 1111 2222。",
        "name member_card phone",
        gone=["Lily Wang", "M-0088-2026", "+86 139 1111 2222"],
        stay=["会员卡"],
    ),
    ex(
        "顾客在停车场被购物车撞伤，其车辆为京N8S7K6，当时车内无人。",
        "licence_plate",
        gone=["京N8S7K6"],
        stay=["购物车"],
    ),
    ex(
        "尊敬的店长：我是住在成都市武侯区人民南路四段12号的老顾客，上周在贵店购买的羽绒服"
        "洗后严重掉色。联系邮箱 he.yun@qq.com。",
        "address email",
        gone=["人民南路四段12号", "he.yun@qq.com"],
        stay=["尊敬的店长", "羽绒服"],
    ),
    ex(
        "顾客联系方式：0512-6688 1234（座机），家庭住址苏州市工业园区星湖街328号。",
        "phone address",
        gone=["0512-6688 1234", "星湖街328号"],
        stay=["家庭住址"],
    ),
    ex(
        "顾客称保洁阿姨打扫时弄湿了其放在座位上的手提包，包内有现金约300元。",
        "",
        stay=["保洁阿姨", "300元", "手提包"],
    ),
    ex(
        "服务台登记遗失物品：钱包一个，内有身份证（310104198807150417）、招商银行卡一张（卡号 "
        "6225880112345678）及会员卡。失主孟先生，电话 159-0000-1234。",
        "id_number bank_card name phone",
        gone=["310104198807150417", "6225880112345678", "孟先生", "159-0000-1234"],
        stay=["服务台", "钱包一个"],
    ),
    ex(
        "顾客到店投诉营业员马晓东态度冷淡，称其接待时一直玩手机。",
        "name",
        gone=["马晓东"],
        stay=["营业员", "态度冷淡"],
    ),
    ex(
        "客服回访时顾客表示满意，并表扬了课长钱伟处理及时。",
        "name",
        gone=["钱伟"],
        stay=["课长", "处理及时"],
    ),
    ex(
        "顾客在线提交投诉：收到的洗衣机型号 XQB80-8D 与订单不符，订单编号 2026100556781234，"
        "收货人 黄丽，收货地址 南京市鼓楼区中山北路100号。",
        "order_number name address",
        gone=["2026100556781234", "黄丽", "中山北路100号"],
        stay=["型号 XQB80-8D", "收货人"],
    ),
    ex(
        "顾客称其女儿在儿童游乐区被滑梯划伤手臂，已自行处理伤口，要求道歉。",
        "",
        stay=["儿童游乐区", "滑梯"],
    ),
    ex(
        "社交媒体舆情：抖音用户发视频称在我店买到过期面包，抖音号 xiaoyudian2020，播放量已"
        "超过10万。",
        "chat_handle",
        gone=["xiaoyudian2020"],
        stay=["10万", "过期面包"],
    ),
    ex(
        "顾客于女士反映，其在线上预约的安装服务被取消，预约单号 AZ-20261005-0032 显示已完成。",
        "name order_number",
        gone=["于女士", "AZ-20261005-0032"],
        stay=["安装服务"],
    ),
    ex(
        "电话回访记录：拨打顾客手机 13700001111 无人接听，已发送短信，两个工作日后结案。",
        "phone",
        gone=["13700001111"],
        stay=["两个工作日"],
    ),
    ex(
        "顾客反映网上商城显示的优惠券无法使用，客服代表冯晓雪解释为系统故障，补发了20元无门槛券。",
        "name",
        gone=["冯晓雪"],
        stay=["客服代表", "20元"],
    ),
    ex(
        "顾客持小票（小票编号 POS0203-118832）到服务台要求开具发票，收银主管称系统故障，让其次日"
        "再来。",
        "order_number",
        gone=["POS0203-118832"],
        stay=["收银主管", "服务台"],
    ),
    ex(
        "李大爷在生鲜区滑倒，现场地面湿滑且无警示牌，其子李强（电话 13566667777）要求赔偿。",
        "name phone",
        gone=["李大爷", "李强", "13566667777"],
        stay=["生鲜区", "警示牌"],
    ),
    ex(
        "顾客称停车缴费时被多扣了15元，车牌川A·7X9Q2，付款方式为微信支付。",
        "licence_plate",
        gone=["川A·7X9Q2"],
        stay=["15元", "微信支付"],
    ),
    ex(
        "顾客严女士住在幸福里小区8栋1单元602室，投诉楼下门店夜间装卸货噪音扰民。",
        "name address",
        gone=["严女士", "幸福里小区8栋1单元602室"],
        stay=["楼下门店"],
    ),
    ex(
        "店长李娜（工号 A0321）确认收银员操作失误，已向顾客道歉并退还差价36元。",
        "name",
        gone=["李娜"],
        stay=["店长", "36元"],
    ),
    ex(
        "顾客通过12345热线投诉，称在本店购买的儿童玩具（货号 TY-8826）有尖锐边角，联系人：邓先生，"
        "18611112222。",
        "name phone",
        gone=["邓先生", "18611112222"],
        stay=["货号 TY-8826", "12345热线"],
    ),
    ex(
        "外卖配送员王师傅送餐超时40分钟，顾客拒收，订单号 MT88776655443322。",
        "name order_number",
        gone=["王师傅", "MT88776655443322"],
        stay=["40分钟", "配送员"],
    ),
    ex(
        "顾客投诉称其信用卡被刷了两笔消费，经核实为系统重复提交，已撤销一笔。",
        "",
        stay=["两笔消费", "信用卡"],
    ),
    ex(
        "顾客范小姐在试衣间遗失一枚戒指，监控显示导购员许文静曾进入试衣间整理衣物。",
        "name",
        gone=["范小姐", "许文静"],
        stay=["试衣间", "导购员"],
    ),
    ex(
        "顾客叶先生来电，称在本店购买的白酒疑似假酒，酒瓶批次 20260901-03。",
        "name",
        gone=["叶先生"],
        stay=["批次 20260901-03", "白酒"],
    ),
    ex(
        "顾客称送货师傅在搬运冰箱时撞坏了家门，要求赔偿维修费800元，送货地址为深圳市南山区"
        "高新南七道18号。",
        "address",
        gone=["高新南七道18号"],
        stay=["送货师傅", "800元"],
    ),
    ex(
        "顾客钱女士称，客服在电话中泄露了她的手机号给第三方，号码是 150 1234 5678，要求公司书面"
        "道歉。",
        "name phone",
        gone=["钱女士", "150 1234 5678"],
        stay=["第三方", "书面道歉"],
    ),
    ex(
        "来店投诉：顾客金先生手持的购物小票显示重复扫描两件洗衣液（单价 39.9 元），收银员周婷"
        "当即退款。",
        "name",
        gone=["金先生", "周婷"],
        stay=["39.9 元", "两件洗衣液", "收银员"],
    ),
    ex(
        "顾客投诉称在本店地下停车场B2层被人划车，车牌浙A 3B2C1。",
        "licence_plate",
        gone=["浙A 3B2C1"],
        stay=["B2层"],
    ),
    ex(
        "顾客高女士的儿子在店内被货架上掉落的罐头砸伤，经理高度重视，陪同就医。",
        "name",
        gone=["高女士"],
        stay=["经理高度重视"],
    ),
    ex(
        "顾客周末带孩子来店，称周日促销海报上的价格与实际不符，客服马上进行了核实。",
        "",
        stay=["顾客周末", "客服马上", "周日"],
    ),
    ex(
        "顾客方面表示同意，双方签字确认，店方赔付200元。",
        "",
        stay=["顾客方面", "双方", "店方", "200元"],
    ),
    ex(
        "顾客王女士和她的丈夫刘先生一起来店投诉，称刘先生的手机号 13300001234 被登记错误。",
        "name phone",
        gone=["王女士", "刘先生", "13300001234"],
        stay=["一起来店投诉"],
    ),
    ex(
        "请回电（010）8765 4321 或 0755-12345678-801，找客服主管。",
        "phone",
        gone=["（010）8765 4321", "0755-12345678-801"],
        stay=["客服主管"],
    ),
    ex(
        "顾客曹先生称，他的快递单号是YT1234567890，收件地址广东省佛山市顺德区大良街道新城路8号。",
        "name order_number address",
        gone=["曹先生", "YT1234567890", "新城路8号", "顺德区大良街道"],
        stay=["收件地址"],
    ),
    ex(
        "消费者协会转办：投诉人覃小燕，手机 199 8888 0000，反映其在本店办理的储值卡余额被清零，"
        "卡号 SVC00992288。",
        "name phone member_card",
        gone=["覃小燕", "199 8888 0000", "SVC00992288"],
        stay=["消费者协会", "储值卡余额"],
    ),
    # --- English narratives -------------------------------------------------------------------
    ex(
        "On 5 October at 14:30, customer Emily Chen bought an iPhone 15 at the Wanda Plaza store "
        "for ¥6,999. She says cashier John Doe charged her twice. Contact: "
        "emily.chen@example.com, +86 139 1234 5678.",
        "name email phone",
        gone=["Emily Chen", "John Doe", "emily.chen@example.com", "+86 139 1234 5678"],
        stay=["iPhone 15", "¥6,999", "Wanda Plaza store", "14:30", "cashier", "5 October"],
    ),
    ex(
        "Mr. Smith called the hotline to complain that his order no. 77881234 arrived damaged. "
        "He asked for a refund of 50.00 to his card 4111 1111 1111 1111.",
        "name order_number bank_card",
        gone=["Smith", "77881234", "4111 1111 1111 1111"],
        stay=["50.00", "hotline"],
    ),
    ex(
        "Ms Li (member card 6600 1234 5678) said the supervisor, David Wu, refused to honour the "
        "20% discount.",
        "name member_card",
        gone=["Ms Li", "6600 1234 5678", "David Wu"],
        stay=["20% discount", "supervisor"],
    ),
    ex(
        "Delivery complaint: the courier left the parcel outside 12 Baker Street, Flat 3, and it "
        "was stolen. Tracking number SF9876543210.",
        "address order_number",
        gone=["12 Baker Street", "Flat 3", "SF9876543210"],
        stay=["courier", "parcel"],
    ),
    ex(
        "A customer named Oliver Brown reported that the escalator on the second floor stopped "
        "suddenly. His phone is (415) 555-0100 and his WeChat ID is obrown88.",
        "name phone chat_handle",
        gone=["Oliver Brown", "(415) 555-0100", "obrown88"],
        stay=["second floor", "escalator"],
    ),
    ex(
        "The store manager, Mrs. Zhang, apologised and offered a voucher worth 100 yuan.",
        "name",
        gone=["Zhang"],
        stay=["100 yuan", "store manager"],
    ),
    ex(
        "Complainant: Ahmed Khan, 45 King's Road, Apt 2B. Email AHMED.KHAN@MAIL.COM. "
        "Receipt 00451278.",
        "name address email order_number",
        gone=["Ahmed Khan", "45 King's Road", "Apt 2B", "AHMED.KHAN@MAIL.COM", "00451278"],
        stay=["Complainant"],
    ),
    ex(
        "Customer Sarah O'Neil said her licence plate 沪A-88888 was wrongly recorded by the car "
        "park barrier.",
        "name licence_plate",
        gone=["Sarah O'Neil", "沪A-88888"],
        stay=["car park barrier"],
    ),
    ex(
        "Agent Priya Sharma took the call. The caller, Mr Tom Hughes, gave his address as Room "
        "1203, Building 5, Sunshine Garden, and asked us to call back on 020-3888-1234.",
        "name address phone",
        gone=["Priya Sharma", "Tom Hughes", "Room 1203, Building 5", "020-3888-1234"],
        stay=["took the call"],
    ),
    ex(
        "Online form. Name: Grace Liu; Phone: 13822223333; Address: No. 18 Zhongshan Road, "
        "Apt 1502; Order: 2026100512345.",
        "name phone address order_number",
        gone=["Grace Liu", "13822223333", "No. 18 Zhongshan Road", "Apt 1502", "2026100512345"],
        stay=["Online form"],
    ),
    ex(
        "The security guard, Ben Carter, stopped a shopper he suspected of theft; the shopper, "
        "Ms. Amy Zhou, was later found to have paid. She complained by email "
        "(amyzhou@outlook.com).",
        "name email",
        gone=["Ben Carter", "Amy Zhou", "amyzhou@outlook.com"],
        stay=["security guard", "suspected of theft"],
    ),
    ex(
        "Complaint about the price of model KX-200 headphones: the shelf label said 299, the "
        "till charged 329. No injuries, no personal details given.",
        "",
        stay=["model KX-200", "299", "329"],
    ),
    ex(
        "Follow-up call on 2026-10-08 at 10:15: the customer, Mr. Hassan Ali, is satisfied with "
        "the replacement. His membership no. is GOLD-55120.",
        "name member_card",
        gone=["Hassan Ali", "GOLD-55120"],
        stay=["2026-10-08", "10:15"],
    ),
    ex(
        "The client, Jessica Park, lives at 221 Elm Avenue and paid with card "
        "5500 0000 0000 0004. She wants the duplicate charge of $45.20 reversed.",
        "name address bank_card",
        gone=["Jessica Park", "221 Elm Avenue", "5500 0000 0000 0004"],
        stay=["$45.20"],
    ),
    ex(
        "Clerk Anna Kowalski wrote: the customer left a bag at counter 3; the phone number on "
        "the tag reads +1 212 555 0199.",
        "name phone",
        gone=["Anna Kowalski", "+1 212 555 0199"],
        stay=["counter 3"],
    ),
    ex(
        "Batch LOT 20261005A of the yoghurt was recalled; the customer who reported it, "
        "Mr. Daniel Green (daniel.green@gmail.com), gets a full refund of 12.50.",
        "name email",
        gone=["Daniel Green", "daniel.green@gmail.com"],
        stay=["LOT 20261005A", "12.50"],
    ),
    ex(
        "Driver Kevin Ng delivered the sofa to 8 Harbour Road on 3 November; the customer says "
        "he scratched the floor. QQ: 2233445566.",
        "name address chat_handle",
        gone=["Kevin Ng", "8 Harbour Road", "2233445566"],
        stay=["3 November", "sofa"],
    ),
    ex(
        "The customer service desk received 12 complaints about the new checkout system on "
        "2026-10-05; the average wait was 14 minutes.",
        "",
        stay=["customer service desk", "12 complaints", "2026-10-05", "14 minutes"],
    ),
    ex(
        "Shopper Mei Tanaka lost her purse near the lifts; it held an ID card (ID "
        "320102199001011234) and a bank card. Call her on 07700 900123.",
        "name id_number phone",
        gone=["Mei Tanaka", "320102199001011234", "07700 900123"],
        stay=["near the lifts"],
    ),
    # --- Mixed Chinese and English ------------------------------------------------------------
    ex(
        "顾客 Jason Lee（微信 jasonlee_sz）称在福田店购买的 AirPods Pro 无法配对，要求换货。",
        "name chat_handle",
        gone=["Jason Lee", "jasonlee_sz"],
        stay=["福田店", "AirPods Pro"],
    ),
    ex(
        "Customer 王芳 called from 13811112222 about a refund for order 9988776655.",
        "name phone order_number",
        gone=["王芳", "13811112222", "9988776655"],
        stay=["refund"],
    ),
    # --- A hold-out set: written after the first tuning round and measured before any change
    # made for it (recall 53/54, nothing lost); kept here so it stays fixed.
    ex(
        "顾客唐丽华致电客服热线，称其在国庆期间购买的空气炸锅使用三次后无法加热，要求退货。回电请拨15800001234。",
        "name phone",
        gone=["唐丽华", "15800001234"],
        stay=["国庆期间", "空气炸锅", "三次"],
    ),
    ex(
        "投诉人：蒋文博；联系电话：021 5888 7766；投诉事由：会员积分被他人盗用，会员卡号 6688001122。",
        "name phone member_card",
        gone=["蒋文博", "021 5888 7766", "6688001122"],
        stay=["投诉事由", "会员积分"],
    ),
    ex(
        "顾客称营业员彭丽在介绍商品时夸大功效，购买的按摩椅与宣传不符，金额12800元。",
        "name",
        gone=["彭丽"],
        stay=["营业员", "按摩椅", "12800元"],
    ),
    ex(
        "王阿姨在本店购买的月饼礼盒内有异物，其儿子王海涛通过邮箱wanghaitao@126.com发来照片。",
        "name email",
        gone=["王阿姨", "王海涛", "wanghaitao@126.com"],
        stay=["月饼礼盒"],
    ),
    ex(
        "顾客沈先生的车辆（苏A·9K8J7）在商场停车场出口被道闸砸中，前挡风玻璃破裂。",
        "name licence_plate",
        gone=["沈先生", "苏A·9K8J7"],
        stay=["道闸", "前挡风玻璃"],
    ),
    ex(
        "顾客称导购卢晓晨承诺赠送的电饭煲未兑现，顾客的会员号为 HY88912。",
        "name member_card",
        gone=["卢晓晨", "HY88912"],
        stay=["电饭煲"],
    ),
    ex(
        "顾客住址：重庆市渝中区解放碑民权路28号英利国际金融中心2号楼1806室。",
        "address",
        gone=["民权路28号", "1806室"],
        stay=["顾客住址"],
    ),
    ex(
        "网上订单（订单号 TB20261011223344）显示已签收，但顾客称从未收到，快递员电话 173 0000 8899。",
        "order_number phone",
        gone=["TB20261011223344", "173 0000 8899"],
        stay=["已签收"],
    ),
    ex(
        "顾客邱女士反映店内背景音乐音量过大，店长熊志刚已调低音量并致歉。",
        "name",
        gone=["邱女士", "熊志刚"],
        stay=["背景音乐", "店长"],
    ),
    ex(
        "顾客通过QQ（QQ号：987654321）投诉客服回复慢，已由客服主管跟进。",
        "chat_handle",
        gone=["987654321"],
        stay=["客服主管"],
    ),
    ex(
        "顾客陆先生称在本店办理信用卡分期时被多收手续费，卡号 6258 0912 3456 7788。",
        "name bank_card",
        gone=["陆先生", "6258 0912 3456 7788"],
        stay=["手续费"],
    ),
    ex(
        "顾客称其身份证（身份证号：450103 19790823 2213）在服务台办理退货时被复印后未归还复印件。",
        "id_number",
        gone=["450103 19790823 2213"],
        stay=["服务台"],
    ),
    ex(
        "维修师傅白建华上门检修热水器时未穿鞋套，弄脏顾客家地板，顾客要求清洁费100元。",
        "name",
        gone=["白建华"],
        stay=["维修师傅", "100元", "热水器"],
    ),
    ex(
        "顾客在评价中留下了她的微信：coco_lin_95，希望店方联系。",
        "chat_handle",
        gone=["coco_lin_95"],
        stay=["希望店方联系"],
    ),
    ex(
        "顾客家住武汉市洪山区珞喻路1037号，订购的沙发送货时包装破损。",
        "address",
        gone=["珞喻路1037号"],
        stay=["沙发", "包装破损"],
    ),
    ex(
        "顾客龚女士在收银台排队时被购物车撞到脚踝，主管谢伟陪同前往医院检查，医药费260元由门店承担。",
        "name",
        gone=["龚女士", "谢伟"],
        stay=["260元", "收银台"],
    ),
    ex(
        "The customer, Ms. Rachel Adams, says the sales assistant Tom Baker was rude when she "
        "asked about the 2-for-1 offer.",
        "name",
        gone=["Rachel Adams", "Tom Baker"],
        stay=["2-for-1 offer", "sales assistant"],
    ),
    ex(
        "Refund requested by Mr. Wei Zhang for invoice no. INV-2026-0457; bank card ending 4421 "
        "(full number withheld).",
        "name order_number",
        gone=["Wei Zhang", "INV-2026-0457"],
        stay=["ending 4421"],
    ),
    ex(
        "Customer reported that manager Linda Xu promised a call back on 139-2222-3333 but nobody "
        "called.",
        "name phone",
        gone=["Linda Xu", "139-2222-3333"],
        stay=["call back"],
    ),
    ex(
        "Parcel for 56 Orchard Lane was delivered to the wrong house; the customer's email is "
        "p.morgan@yahoo.co.uk.",
        "address email",
        gone=["56 Orchard Lane", "p.morgan@yahoo.co.uk"],
        stay=["wrong house"],
    ),
    ex(
        "Customer Lucy Wong, membership number VIP-77310, complained that her points expired "
        "without notice.",
        "name member_card",
        gone=["Lucy Wong", "VIP-77310"],
        stay=["points expired"],
    ),
    ex(
        "Dr. Patel, a regular shopper, slipped near the fruit section. Phone: +65 9123 4567.",
        "name phone",
        gone=["Patel", "+65 9123 4567"],
        stay=["fruit section"],
    ),
    ex(
        "Car registration 京B 66K88 was clamped in the store car park; the owner, Mr. Chris Evans, "
        "disputes the fee of 200 yuan.",
        "licence_plate name",
        gone=["京B 66K88", "Chris Evans"],
        stay=["200 yuan"],
    ),
    ex(
        "顾客贺先生在店内被地面积水滑倒，保安队长杨勇到场处理，联系电话0731-84561234。",
        "name phone",
        gone=["贺先生", "杨勇", "0731-84561234"],
        stay=["地面积水"],
    ),
    ex(
        "顾客投诉收银员给错找零，实付100元应找23.5元，实际只找了3.5元。",
        "",
        stay=["100元", "23.5元", "3.5元", "收银员"],
    ),
    ex(
        "商品条码 6901234567892 对应价格与货架标签不符，顾客要求按标签价格结算。",
        "",
        stay=["6901234567892", "货架标签"],
    ),
    ex(
        "顾客彭女士（电话 147 1234 0000）反映，快递单号 JT5566778899 的包裹被放在了丰巢柜。",
        "name phone order_number",
        gone=["彭女士", "147 1234 0000", "JT5566778899"],
        stay=["丰巢柜"],
    ),
    ex(
        "顾客姓名：司马云飞；家庭地址：西安市雁塔区小寨东路66号；证件号码：610113200001011235。",
        "name address id_number",
        gone=["司马云飞", "小寨东路66号", "610113200001011235"],
        stay=["家庭地址"],
    ),
    ex(
        "客服小周在电话中称该商品不支持七天无理由退货，与公司政策不符。",
        "name",
        gone=["小周"],
        stay=["七天无理由退货"],
    ),
    ex(
        "顾客林先生持有的储值卡（卡号：8000 2233 4455 6677）余额显示异常。",
        "name member_card",
        gone=["林先生", "8000 2233 4455 6677"],
        stay=["余额显示异常"],
    ),
    # --- Second and third hold-out sets, measured the same way (recall 41/45 and 34/36, nothing
    # lost) before the fixes they prompted.
    ex(
        "2026年11月2日上午，顾客杜先生来到服务台，称昨天在本店买的进口牛排（单价168元/盒）回家后发现已变质。杜先生留下的手机号为１３６１２３４５６７８。",
        "name phone",
        gone=["杜先生", "１３６１２３４５６７８"],
        stay=["168元/盒", "服务台", "2026年11月2日"],
    ),
    ex(
        "投诉单编号：TS-2026-00871。顾客：罗美玲。联系电话：0898-66778899。问题描述：在海口店购买的椰子有裂纹。",
        "name phone",
        gone=["罗美玲", "0898-66778899"],
        stay=["海口店", "TS-2026-00871"],
    ),
    ex(
        "顾客投诉理货员董小军在补货时推车撞倒其孩子，孩子额头红肿，顾客要求当面道歉。",
        "name",
        gone=["董小军"],
        stay=["理货员", "当面道歉"],
    ),
    ex(
        "顾客反映：网购的电视机送到后屏幕碎裂，物流单号ZTO7788990011，收货地址天津市南开区鞍山西道320号。",
        "order_number address",
        gone=["ZTO7788990011", "鞍山西道320号"],
        stay=["电视机"],
    ),
    ex(
        "顾客孔女士要求将退款打到她的建设银行账户，账号 6217 0000 1234 5678 901。",
        "name bank_card",
        gone=["孔女士", "6217 0000 1234 5678 901"],
        stay=["建设银行账户"],
    ),
    ex(
        "顾客在抖音发布了维权视频，账号名为@爱吃的胖虎，视频中出现了收银员的正脸。",
        "chat_handle",
        gone=["爱吃的胖虎"],
        stay=["收银员", "维权视频"],
    ),
    ex(
        "促销员魏婷婷私自承诺顾客额外赠品，导致顾客与收银员发生争执。",
        "name",
        gone=["魏婷婷"],
        stay=["促销员", "收银员"],
    ),
    ex(
        "顾客的车牌号是鲁B88K99，车停在B区23号车位时被落物砸中，车主要求赔偿。",
        "licence_plate",
        gone=["鲁B88K99"],
        stay=["B区23号车位"],
    ),
    ex(
        "顾客江先生称售后人员上门安装时间一再推迟，售后单号 SH202611030045，江先生电话 135-7000-8000。",
        "name order_number phone",
        gone=["江先生", "SH202611030045", "135-7000-8000"],
        stay=["售后人员"],
    ),
    ex(
        "顾客自述：本人刘晓燕，身份证号码 42010619920315002X，在贵店办理的分期付款被重复扣款。",
        "name id_number",
        gone=["刘晓燕", "42010619920315002X"],
        stay=["分期付款"],
    ),
    ex(
        "顾客住在长沙市岳麓区麓谷街道桐梓坡西路229号麓谷小镇5栋1703，投诉送货员未按约定时间送货。",
        "address",
        gone=["桐梓坡西路229号", "5栋1703"],
        stay=["送货员"],
    ),
    ex(
        "顾客在微信群里发布了本店员工的个人照片，群昵称为“阳光彩虹”，店长已联系其删除。",
        "chat_handle",
        gone=["阳光彩虹"],
        stay=["店长", "个人照片"],
    ),
    ex(
        "Our delivery partner left the fridge at 17 Rosewood Drive instead of the customer's "
        "flat; the customer, Mrs. Helen Park, wants it moved today.",
        "address name",
        gone=["17 Rosewood Drive", "Helen Park"],
        stay=["delivery partner"],
    ),
    ex(
        "Complaint received via email from jun.li.88@hotmail.com: the receipt (receipt no. "
        "R-55201) shows a price of 45.00 instead of 39.90.",
        "email order_number",
        gone=["jun.li.88@hotmail.com", "R-55201"],
        stay=["45.00", "39.90"],
    ),
    ex(
        "The customer Michael Scott says the clerk, Dwight Schrute, refused to accept his coupon. "
        "Contact him at 0755-2666-8888.",
        "name phone",
        gone=["Michael Scott", "Dwight Schrute", "0755-2666-8888"],
        stay=["coupon"],
    ),
    ex(
        "Customer's member card (card no. 7700 8800 9900) was charged for another shopper's "
        "purchase.",
        "member_card",
        gone=["7700 8800 9900"],
        stay=["another shopper"],
    ),
    ex(
        "Mrs Gupta phoned from +91 98765 43210 about a damaged saree bought at our Nanjing Road "
        "store.",
        "name phone",
        gone=["Gupta", "+91 98765 43210"],
        stay=["Nanjing Road store"],
    ),
    ex(
        "Supervisor Karen White confirmed that the customer, whose WeChat is karen_fan_01, was "
        "overcharged by 15 yuan.",
        "name chat_handle",
        gone=["Karen White", "karen_fan_01"],
        stay=["15 yuan"],
    ),
    ex(
        "顾客说她叫黄晓明，住在新华小区12栋，联系方式微信同号 18899990000。",
        "name address phone",
        gone=["黄晓明", "新华小区12栋", "18899990000"],
        stay=["微信同号"],
    ),
    ex(
        "顾客投诉购物卡（卡号 GW2026-1188-0023）余额被冻结，无法正常使用。",
        "member_card",
        gone=["GW2026-1188-0023"],
        stay=["余额被冻结"],
    ),
    ex(
        "收银员在找零时少找了顾客50元，经查监控确认，由当班课长杨帆退还并道歉。",
        "name",
        gone=["杨帆"],
        stay=["当班课长", "50元"],
    ),
    ex(
        "顾客孙女士在母婴区购买的奶粉（批号 2026A0915）出现结块，孙女士的订单号为 8800112233。",
        "name order_number",
        gone=["孙女士", "8800112233"],
        stay=["批号 2026A0915", "母婴区"],
    ),
    ex(
        "顾客王建国先生与其妻子李秀英女士一同来店，反映家中新买的洗碗机漏水。",
        "name",
        gone=["王建国", "李秀英"],
        stay=["洗碗机漏水"],
    ),
    ex(
        "客户通过邮件 feedback_chen@company.cn 联系，其公司地址为北京市海淀区学院路35号。",
        "email address",
        gone=["feedback_chen@company.cn", "学院路35号"],
        stay=["公司地址"],
    ),
    ex(
        "A shopper named Zhao Lei said the self-checkout charged his card 6228 4800 1234 5678 "
        "twice.",
        "name bank_card",
        gone=["Zhao Lei", "6228 4800 1234 5678"],
        stay=["self-checkout"],
    ),
    ex(
        "【来电记录】14:05 顾客许先生来电，称10月30日在本店买的猕猴桃全部烂心，要求退款。回访号码：139 0571 2345。",
        "name phone",
        gone=["许先生", "139 0571 2345"],
        stay=["14:05", "10月30日", "猕猴桃"],
    ),
    ex(
        "顾客意见卡原文：“你们的员工胡海波太没礼貌了！我要投诉！”留名：邹女士，电话18012345678。",
        "name phone",
        gone=["胡海波", "邹女士", "18012345678"],
        stay=["顾客意见卡原文"],
    ),
    ex(
        "顾客要求把赔偿款转到支付宝账号 zfb_chenliang@163.com，金额500元。",
        "email",
        gone=["zfb_chenliang@163.com"],
        stay=["500元", "支付宝账号"],
    ),
    ex(
        "配送地址：福建省厦门市思明区莲前西路818号莲花五村6号楼302室。收货人：郭子豪。",
        "address name",
        gone=["莲前西路818号", "302室", "郭子豪"],
        stay=["配送地址"],
    ),
    ex(
        "顾客的爱人徐建平来店替她办理退货，出示了购物小票（流水号 0034-2026-118877）。",
        "name order_number",
        gone=["徐建平", "0034-2026-118877"],
        stay=["购物小票"],
    ),
    ex(
        "顾客称在停车场被一辆车牌为 冀F·12345 的车剐蹭，肇事车主已离开。",
        "licence_plate",
        gone=["冀F·12345"],
        stay=["肇事车主"],
    ),
    ex(
        "会员 苏婉清（会员卡号 880 221 663）投诉生日礼券未发放。",
        "name member_card",
        gone=["苏婉清", "880 221 663"],
        stay=["生日礼券"],
    ),
    ex(
        "顾客QQ：55667788，邮箱同QQ号，称客服小吴挂了她的电话。",
        "chat_handle name",
        gone=["55667788", "小吴"],
        stay=["挂了她的电话"],
    ),
    ex(
        "经调查，系收银员操作失误，当事收银员为冯玉兰，已对其进行批评教育并罚款50元。",
        "name",
        gone=["冯玉兰"],
        stay=["收银员", "50元"],
    ),
    ex(
        "顾客家庭住址为南宁市青秀区民族大道100号，其身份证尾号为0018。",
        "address",
        gone=["民族大道100号"],
        stay=["尾号为0018"],
    ),
    ex(
        "Customer Wang Fang (phone 186-0000-7777) says the electrician, Mr. Liu, left exposed "
        "wires after installing her lights.",
        "name phone",
        gone=["Wang Fang", "186-0000-7777", "Liu"],
        stay=["exposed wires"],
    ),
    ex(
        "Letter from Ms. Olivia Turner, Flat 12, 30 Queen's Road, complaining that her order "
        "#A99812 was cancelled without notice.",
        "name address order_number",
        gone=["Olivia Turner", "30 Queen's Road", "A99812"],
        stay=["without notice"],
    ),
    ex(
        "The shop assistant, Jenny Lau, told the customer to come back tomorrow; the customer, "
        "Paul Chan, was not happy.",
        "name",
        gone=["Jenny Lau", "Paul Chan"],
        stay=["shop assistant"],
    ),
    ex(
        "Please contact the complainant on WhatsApp +852 6123 4567 or by email to "
        "sam.ho@gmail.com.",
        "phone email",
        gone=["+852 6123 4567", "sam.ho@gmail.com"],
        stay=["complainant"],
    ),
    ex(
        "A customer with ID number 330106198712250038 asked us to delete her data under PIPL.",
        "id_number",
        gone=["330106198712250038"],
        stay=["PIPL"],
    ),
    ex(
        "顾客毛先生（微信：maoxs_1988）反映店内空调温度过低，已通知工程部调整。",
        "name chat_handle",
        gone=["毛先生", "maoxs_1988"],
        stay=["工程部"],
    ),
    ex(
        "事件经过：顾客韩梅梅于当日晚7点在熟食区购买鸭脖，食用后腹泻，医院诊断为急性肠胃炎。",
        "name",
        gone=["韩梅梅"],
        stay=["熟食区", "晚7点"],
    ),
    ex(
        "客服专员已按顾客要求寄出换货商品，快递单号：YD 4433 2211 0099。",
        "order_number",
        gone=["YD 4433 2211 0099"],
        stay=["客服专员"],
    ),
    ex(
        "Customer called from landline 010-5566 7788 ext. 301 to complain about a broken trolley.",
        "phone",
        gone=["010-5566 7788 ext. 301"],
        stay=["broken trolley"],
    ),
    ex(
        "投诉人陈述：我叫潘志强，住在沈阳市和平区南京南街1号，购买的羽绒服拉链坏了。",
        "name address",
        gone=["潘志强", "南京南街1号"],
        stay=["投诉人陈述"],
    ),
    # --- With the case's known values ---------------------------------------------------------
    ex(
        "顾客张伟（138 0013 8000）称，张先生此前已多次来电。小张表示会再来。Email: "
        "ZHANG.WEI@Example.COM",
        "name phone email",
        gone=["张伟", "138 0013 8000", "张先生", "小张", "ZHANG.WEI@Example.COM"],
        stay=["多次来电"],
        known={"name": "张伟", "phone": "13800138000", "email": "zhang.wei@example.com"},
    ),
    ex(
        "Chen, Emily complained that 李 娜 at the counter ignored her. Later EMILY CHEN came "
        "back; Emily was calm.",
        "name",
        gone=["Chen, Emily", "李 娜", "EMILY CHEN", "Emily"],
        stay=["at the counter"],
        known={"name": "Emily Chen", "staff_names": ["李娜"]},
    ),
    ex(
        "顾客说货送到了建国路88号1栋502室以外的地方，会员卡应为8800-1234-5678。",
        "address member_card",
        gone=["建国路88号1栋502室", "8800-1234-5678"],
        stay=["以外的地方"],
        known={"address": "北京市朝阳区建国路88号1栋502室", "member_card": "880012345678"},
    ),
    ex(
        "车主称车辆京 A 12345被拖走，身份证 110105 19491231 002x 已登记。",
        "licence_plate id_number",
        gone=["京 A 12345", "110105 19491231 002x"],
        stay=["被拖走"],
        known={"licence_plate": "京A12345", "id_number": "11010519491231002X"},
    ),
    ex(
        "订单DD2026000123未发货；顾客的联系微信为LILY-2020，老顾客了。",
        "order_number chat_handle",
        gone=["DD2026000123", "LILY-2020"],
        stay=["老顾客"],
        known={"order_number": "DD-2026-000123", "wechat": "lily-2020"},
    ),
    ex(
        "客户回电号码 (+86) 10 8888 6666，家属王建军陪同到店。",
        "phone name",
        gone=["10 8888 6666", "王建军"],
        stay=["陪同到店"],
        known={"phone": "010-88886666", "family": "王建军"},
    ),
]


def _scrubbed(example: Example) -> str:
    return scrub(example.text, example.known)[0]


def test_corpus_is_big_and_varied():
    assert len(CORPUS) >= 60
    assert sum(1 for e in CORPUS if not e.gone) >= 5  # texts without personal data
    covered = set().union(*(e.kinds for e in CORPUS))
    assert covered == set(KINDS)


def test_corpus_recall_and_precision():
    """Recall over the "must disappear" strings >= 0.97; nothing that must stay is lost."""
    total = hits = 0
    misses, lost = [], []
    for example in CORPUS:
        out = _scrubbed(example)
        for s in example.gone:
            total += 1
            if s in out:
                misses.append((s, out))
            else:
                hits += 1
        lost += [(s, out) for s in example.stay if s not in out]
    recall = hits / total
    print(f"corpus: {len(CORPUS)} examples, recall {recall:.3f} ({hits}/{total})")
    assert recall >= 0.97, misses
    assert not lost, lost


def test_corpus_kinds():
    """The expected kinds are reported (per example and kind, at least 97% of them)."""
    expected = found = 0
    missing = []
    for example in CORPUS:
        kinds = {f.kind for f in find_pii(example.text, example.known)}
        expected += len(example.kinds)
        found += len(example.kinds & kinds)
        missing += [(k, example.text[:30]) for k in example.kinds - kinds]
    assert found / expected >= 0.97, missing


@pytest.mark.parametrize("example", CORPUS, ids=lambda e: e.text[:24])
def test_corpus_keeps_what_is_not_personal(example):
    out = _scrubbed(example)
    for s in example.stay:
        assert s in out, (s, out)


# --- Each kind in several formats ---------------------------------------------------------------


def _kinds_of(text: str, known=None) -> dict[str, str]:
    return {f.text: f.kind for f in find_pii(text, known)}


@pytest.mark.parametrize(
    "text, value",
    [
        ("手机13800138000", "13800138000"),
        ("手机 138 0013 8000 联系", "138 0013 8000"),
        ("电话：138-0013-8000。", "138-0013-8000"),
        ("号码 +86 138 0013 8000 ", "+86 138 0013 8000"),
        ("号码+8613800138000。", "+8613800138000"),
        ("号码 0086 13800138000 ", "0086 13800138000"),
        ("号码 (+86)139-1234-5678 ", "(+86)139-1234-5678"),
        ("座机 010-12345678 ", "010-12345678"),
        ("请拨打(021) 1234 5678。", "(021) 1234 5678"),
        ("请拨打0755-1234567转801。", "0755-1234567转801"),
        ("call +44 20 7946 0958 today", "+44 20 7946 0958"),
        ("call +1 (415) 555-0100 today", "+1 (415) 555-0100"),
        ("电话87654321", "87654321"),
    ],
)
def test_phone_formats(text, value):
    assert _kinds_of(text).get(value) == "phone"


@pytest.mark.parametrize(
    "text, value",
    [
        ("邮箱zhang.wei@example.com。", "zhang.wei@example.com"),
        ("mail me at A.B-C+tag@sub.example.co.uk, thanks", "A.B-C+tag@sub.example.co.uk"),
        ("ｆｕｌｌ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｆｕｌｌ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ],
)
def test_email_formats(text, value):
    assert _kinds_of(text).get(value) == "email"


@pytest.mark.parametrize(
    "text, value",
    [
        ("身份证号110105198506123410", "110105198506123410"),
        ("ID 11010519850612341X.", "11010519850612341X"),
        ("身份证 11010519850612341x", "11010519850612341x"),
        ("证件 110105 19850612 3410", "110105 19850612 3410"),
    ],
)
def test_id_number_formats(text, value):
    assert _kinds_of(text).get(value) == "id_number"


def test_id_number_needs_a_real_birth_date():
    assert find_pii("编号110105198513453410") == []  # month 13
    assert find_pii("编号110105209912123410") == []  # born in the future


@pytest.mark.parametrize(
    "text, value",
    [
        ("card 4111 1111 1111 1111", "4111 1111 1111 1111"),  # Luhn, grouped
        ("付款 4111111111111111 成功", "4111111111111111"),  # Luhn, no keyword
        ("银行卡号 6222021234567890123", "6222021234567890123"),  # keyword, 19 digits
        ("卡号：6222-0212-3456-7890", "6222-0212-3456-7890"),
    ],
)
def test_bank_card_formats(text, value):
    assert _kinds_of(text).get(value) == "bank_card"


def test_long_number_without_luhn_or_keyword_is_not_a_card():
    assert find_pii("条目 1234567812345678 已处理") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("会员卡号：8800123456", "8800123456"),
        ("会员号为VIP-2026-0088。", "VIP-2026-0088"),
        ("member card 88001234 was blocked", "88001234"),
        ("Membership No. GOLD-55120.", "GOLD-55120"),
    ],
)
def test_member_card_formats(text, value):
    assert _kinds_of(text).get(value) == "member_card"


@pytest.mark.parametrize(
    "text, value",
    [
        ("订单号DD20261005001。", "DD20261005001"),
        ("订单 2026100512345678 未发货", "2026100512345678"),
        ("单号是 SF1234567890", "SF1234567890"),
        ("小票号：0098123456", "0098123456"),
        ("order no. A123456 was late", "A123456"),
        ("Order #998877 arrived", "998877"),
        ("receipt 00451278", "00451278"),
    ],
)
def test_order_number_formats(text, value):
    assert _kinds_of(text).get(value) == "order_number"


def test_order_keyword_before_an_amount_or_date_is_not_an_order_number():
    assert find_pii("订单200元，订单2026-10-05提交") == []
    assert find_pii("the order 2026-10-05 was late; in order to help") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("车牌京A12345。", "京A12345"),
        ("新能源车粤B·D12345停在门口", "粤B·D12345"),
        ("粤BD12345F", None),  # 10 characters: not a plate
        ("教练车沪A-1234学", "沪A-1234学"),
        ("plate 苏E 8K2L7", "苏E 8K2L7"),
    ],
)
def test_licence_plate_formats(text, value):
    found = _kinds_of(text)
    if value is None:
        assert "licence_plate" not in found.values()
    else:
        assert found.get(value) == "licence_plate"


@pytest.mark.parametrize(
    "text, value",
    [
        ("微信号 zhang_wei88", "zhang_wei88"),
        ("加了微信lily2020", "lily2020"),
        ("QQ 12345678", "12345678"),
        ("QQ号：123456789", "123456789"),
        ("WeChat: lily-2020.", "lily-2020"),
        ("wx: lucky.cat", "lucky.cat"),
        ("微博@购物达人小美，", "@购物达人小美"),
    ],
)
def test_chat_handle_formats(text, value):
    assert _kinds_of(text).get(value) == "chat_handle"


def test_network_name_without_an_id_is_not_a_handle():
    assert find_pii("顾客用微信支付了88元") == []
    assert find_pii("She paid with WeChat Pay and added us on WeChat yesterday.") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("家住北京市朝阳区建国路88号。", "北京市朝阳区建国路88号"),
        ("地址：朝阳区建国路88号", "朝阳区建国路88号"),
        ("送到建国路88号", "建国路88号"),
        ("住在阳光小区3栋2单元501室", "阳光小区3栋2单元501室"),
        ("广东省深圳市南山区科技园路1号", "广东省深圳市南山区科技园路1号"),
        ("lives at No. 88 Jianguo Road.", "No. 88 Jianguo Road"),
        ("lives at 123 Main Street, Apt 4B, now", "123 Main Street, Apt 4B"),
    ],
)
def test_address_formats(text, value):
    assert _kinds_of(text).get(value) == "address"


@pytest.mark.parametrize(
    "text, value",
    [
        ("顾客王小明投诉", "王小明"),
        ("营业员李娜称", "李娜"),
        ("经理赵刚立即道歉", "赵刚"),
        ("王先生来电", "王"),
        ("李女士表示", "李"),
        ("customer Emily Chen said", "Emily Chen"),
        ("Mr. Smith called", "Smith"),
        ("cashier John Doe refused", "John Doe"),
        ("收银员小李多收了钱", "小李"),
    ],
)
def test_name_formats(text, value):
    assert _kinds_of(text).get(value) == "name"


def test_store_card_numbers_are_member_cards_and_bank_cards_stay_bank_cards():
    assert _kinds_of("储值卡（卡号：8000 2233 4455 6677）") == {
        "8000 2233 4455 6677": "member_card"
    }
    assert _kinds_of("会员卡绑定的银行卡 6222 0212 3456 7890") == {
        "6222 0212 3456 7890": "bank_card"
    }
    assert _kinds_of("gift card no. 7700 8800 9900") == {"7700 8800 9900": "member_card"}


@pytest.mark.parametrize(
    "text", ["顾客小米手机坏了", "会员老顾客投诉", "顾客小龙虾不新鲜", "顾客小白鞋开胶"]
)
def test_words_that_look_like_nicknames_are_not_names(text):
    assert find_pii(text) == []


# --- Placeholders and roles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("营业员李娜称商品无问题", "营业员[员工]称商品无问题"),
        ("顾客王小明投诉", "顾客[顾客]投诉"),
        ("王先生来电", "[顾客]先生来电"),
        ("李经理到场", "[员工]经理到场"),
        ("收银员王女士多收了钱", "收银员[员工]女士多收了钱"),
        ("The customer Emily Chen called.", "The customer [customer] called."),
        ("The cashier John Doe refused.", "The cashier [staff] refused."),
        ("The cashier, Ms. Wang, refused.", "The cashier, Ms. [staff], refused."),
        ("Mr. Smith called.", "Mr. [customer] called."),
    ],
)
def test_name_placeholders_follow_the_role(text, expected):
    assert scrub(text)[0] == expected


def test_placeholder_language_follows_the_surrounding_text():
    out, _ = scrub("顾客电话13800138000，已回访。Customer phone 13900139000, called back.")
    assert out == "顾客电话[电话]，已回访。Customer phone [phone], called back."


def test_every_kind_has_both_placeholders():
    assert set(PLACEHOLDERS) == set(PLACEHOLDERS_EN) == set(KINDS)
    assert set(STAFF_PLACEHOLDERS) == {"zh", "en"}
    assert all(p.startswith("[") and p.endswith("]") for p in PLACEHOLDERS.values())


# --- Known values in other formattings ----------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000"],
)
def test_known_phone_in_any_formatting(written):
    text = f"回电号码 {written} 已确认"
    out, findings = scrub(text, {"phone": "+86 138-0013-8000"})
    assert written not in out
    assert [f.kind for f in findings] == ["phone"]


@pytest.mark.parametrize("written", ["张伟", "张 伟", "张先生", "张女士", "张小姐", "小张", "老张"])
def test_known_chinese_name_forms(written):
    out, _ = scrub(f"据悉{written}，今天来过", {"name": "张伟"})
    assert written not in out


@pytest.mark.parametrize(
    "written", ["Emily Chen", "emily chen", "Chen, Emily", "Chen Emily", "EMILY CHEN", "Emily"]
)
def test_known_english_name_forms(written):
    out, _ = scrub(f"Note: {written} came back.", {"name": "Emily Chen"})
    assert written not in out


def test_known_email_is_case_insensitive():
    out, _ = scrub("mail ZHANG.Wei@EXAMPLE.com", {"email": "zhang.wei@example.com"})
    assert out == "mail [email]"


def test_known_staff_names_get_the_staff_placeholder():
    out, _ = scrub("李娜说会处理。", {"staff_names": ["李娜", "王强"]})
    assert out == "[员工]说会处理。"


def test_unknown_known_keys_are_still_scrubbed():
    known = {"wechat": "lucky_cat", "contact": "13912345678", "nickname": "Bubbles"}
    out, findings = scrub("lucky_cat / 139 1234 5678 / Bubbles", known)
    assert "lucky_cat" not in out and "1234" not in out and "Bubbles" not in out
    assert [f.kind for f in findings] == ["chat_handle", "phone", "name"]


def test_known_values_may_be_numbers_or_empty():
    out, _ = scrub("电话13800138000", {"phone": 13800138000, "email": None, "name": ""})
    assert out == "电话[电话]"


# --- What must survive --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "万达广场店、朝阳门店、福田店",
        "iPhone 15 Pro、美的 KFR-35GW、型号 XQB80-8D",
        "¥200、200元、50.00、3,299.00 元、20%、八折",
        "2026-10-05 14:30、10月5日、2026年10月5日、周日上午",
        "两件、3箱、500克、1.5升",
        "顾客、营业员、收银员、导购、店员、客服、经理、主管、课长、店长、员工、师傅",
        "LOT 20261005A、批号 B2026、批次 20260901-03、SKU 6901234567892",
        "customer, cashier, manager, clerk, supervisor, agent",
        "热线 400-820-8820、12315、12345",
        "顾客在3楼童装区试穿，服务台在1楼。",
        "对方女士称值班经理不在，保安马上赶到。",
    ],
)
def test_non_personal_text_is_untouched(text):
    assert scrub(text) == (text, [])


# Ordinary complaint sentences that contain surname characters, role words, numbers and network
# names without any personal data.
ORDINARY_SENTENCES = [
    "顾客高兴地说问题解决了。",
    "经理高度重视此事，要求全体员工学习。",
    "顾客马上要出差，希望今天处理完毕。",
    "顾客周末来店，发现促销价与标价不符。",
    "顾客向营业员询问退货流程。",
    "顾客于当日下午再次来店。",
    "顾客钱包在试衣间丢失，已报警。",
    "顾客方便时可来店领取赔偿。",
    "顾客曾多次投诉同一问题。",
    "顾客和店员发生争执，保安到场劝解。",
    "店员林某已被停职检查。",
    "顾客黄金首饰的发票丢失。",
    "顾客白跑了一趟，情绪激动。",
    "顾客常去的门店是朝阳门店。",
    "顾客严重不满，要求赔偿。",
    "顾客称商品金额与小票不一致。",
    "客户经理将在三个工作日内答复。",
    "值班主管和值班经理均不在岗。",
    "维修师傅、安装师傅、送货师傅均已培训。",
    "这位先生和那位女士都在排队。",
    "一位老先生在电梯口摔倒。",
    "服务员小姐态度很好。",
    "对方女士拒绝出示小票。",
    "部门经理、区域经理、总经理均已知悉。",
    "班主任带学生来店参观。",
    "顾客购买了华为Mate 60和小米14各一台。",
    "本次促销活动时间为2026年10月1日至10月7日，全场八折。",
    "顾客反映停车场3号出口道闸故障。",
    "投诉电话400-800-1234转2号键。",
    "请拨打12315或12345热线。",
    "顾客购买的商品批号为 20261005A，生产日期 2026-09-01。",
    "型号 BCD-520WDPZU1 的冰箱门封条开裂。",
    "顾客在B1层超市区购物。",
    "商品编码 1002003004 的价格标签错误。",
    "顾客于10:30到店，11:45离开，共等待75分钟。",
    "退款金额为1,299.00元，已原路退回。",
    "顾客要求开具增值税发票，税额13%。",
    "店长要求各区主管每周一上午9点开会。",
    "商场3楼儿童区的滑梯存在安全隐患。",
    "顾客称在中山路店买的鞋子开胶了。",
    "顾客在万达广场3楼的专柜购买了手表。",
    "The customer was unhappy with the service at the Beijing Road store.",
    "Customer Service Desk staff handled 35 refunds on Monday.",
    "The manager on duty apologised to the customer.",
    "A customer paid 299.00 with WeChat Pay at 14:05 on 2026-10-05.",
    "Order of 12 boxes arrived two days late.",
    "In order to resolve the complaint, we offered a 10% discount.",
    "The cashier forgot to remove the security tag.",
    "Model X200 headphones, serial no. SN99887766, stopped working.",
    "Our hotline is 400-820-8820; the store opens at 9:00.",
    "The shopper lost a glove near Gate 3 of the car park.",
    "The customer asked the agent to escalate the case.",
    "Dear Sir or Madam, thank you for your feedback.",
    "He bought 3 items for a total of 1,250 yuan on 5 October.",
    "The refund of ¥88 was processed on 2026-10-06 by the supervisor.",
]


@pytest.mark.parametrize("text", ORDINARY_SENTENCES)
def test_ordinary_sentences_are_untouched(text):
    assert scrub(text) == (text, [])


# --- Names without a role word or title ----------------------------------------------------------

# Bare names in varied positions: sentence start, after punctuation, a connective or time word, a
# preposition or verb, and before a verb or punctuation. Written before bare-name detection existed
# (found then: 1 of 72 names) and used to tune it; (text, names that must disappear).
BARE_NAME_SENTENCES = [
    ("张伟投诉说电饭煲不加热。", ("张伟",)),
    ("当天李娜在收银台多收了顾客20元。", ("李娜",)),
    ("王建国于10月3日来电，称洗衣机漏水。", ("王建国",)),
    ("经过协调，刘芳同意换货。", ("刘芳",)),
    ("赵敏表示非常不满。", ("赵敏",)),
    ("我是陈晓东，手机13912345678。", ("陈晓东",)),
    ("周杰在服务台等了半小时。", ("周杰",)),
    ("黄丽萍认为商品有质量问题。", ("黄丽萍",)),
    ("昨天下午，孙志强来店反映冰箱不制冷。", ("孙志强",)),
    ("事后我们给吴静打了电话道歉。", ("吴静",)),
    ("经理向郭明解释了退款流程。", ("郭明",)),
    ("林小红和她母亲一起来店投诉。", ("林小红",)),
    ("请转告何伟，退款已经到账。", ("何伟",)),
    ("据徐敏反映，送货员态度恶劣。", ("徐敏",)),
    ("郑浩说他等了四十分钟。", ("郑浩",)),
    ("谢芳购买的酸奶已过期。", ("谢芳",)),
    ("于是韩磊拒绝在单据上签字。", ("韩磊",)),
    ("唐静当场要求退款。", ("唐静",)),
    ("冯军已于次日收到赔偿。", ("冯军",)),
    ("这件事由曹丽负责跟进。", ("曹丽",)),
    ("邓超也来电询问进度。", ("邓超",)),
    ("彭飞再次来店，情绪激动。", ("彭飞",)),
    ("许丹丹投诉称面包发霉。", ("许丹丹",)),
    ("欧阳明月来电咨询退货政策。", ("欧阳明月",)),
    ("第二天，蒋勇又来到服务台。", ("蒋勇",)),
    ("梁晓燕要求店方书面道歉。", ("梁晓燕",)),
    ("宋佳认为价格标签有误导。", ("宋佳",)),
    ("袁磊与店长沟通后同意换货。", ("袁磊",)),
    ("肖红来电说快递一直没到。", ("肖红",)),
    ("胡杰和魏强一起来店。", ("胡杰", "魏强")),
    ("我们联系了石磊，他同意上门取件。", ("石磊",)),
    ("田静的订单迟迟没有发货。", ("田静",)),
    ("后来杨洋又打电话催促。", ("杨洋",)),
    ("罗斌、吕娟两人均表示不满。", ("罗斌", "吕娟")),
    ("感谢杜鹏的耐心解释。", ("杜鹏",)),
    ("顾客要求与韦志刚当面沟通。", ("韦志刚",)),
    ("2026年10月5日，潘丽华在生鲜区滑倒。", ("潘丽华",)),
    ("投诉人说钟伟拒绝为她开发票。", ("钟伟",)),
    ("姚敏明确表示不接受代金券。", ("姚敏",)),
    ("我叫林婷婷，是你们的老会员。", ("林婷婷",)),
    ("回访时，秦海波对处理结果满意。", ("秦海波",)),
    ("汪洋称包装已经破损。", ("汪洋",)),
    ("John Smith called about a refund.", ("John Smith",)),
    ("She spoke to Li Wei at the counter.", ("Li Wei",)),
    ("Sarah Johnson complained that the milk was sour.", ("Sarah Johnson",)),
    ("Yesterday, Emma Wilson returned the kettle.", ("Emma Wilson",)),
    ("Wang Fang said the receipt was wrong.", ("Wang Fang",)),
    ("The refund was approved by Zhang Wei on Monday.", ("Zhang Wei",)),
    ("We apologised to Mary Brown and offered a voucher.", ("Mary Brown",)),
    ("David Miller asked for the manager.", ("David Miller",)),
    ("Liu Yang visited the store on 3 May.", ("Liu Yang",)),
    ("Chen Jing wrote to the head office.", ("Chen Jing",)),
    ("Robert Taylor was charged twice.", ("Robert Taylor",)),
    ("I spoke with Peter Lee this morning.", ("Peter Lee",)),
    ("Anna Schmidt bought a blender that never worked.", ("Anna Schmidt",)),
    ("A voucher was sent to Huang Min by post.", ("Huang Min",)),
    ("According to James Wong, the cashier was rude.", ("James Wong",)),
    ("Lisa Chen and her husband came to the service desk.", ("Lisa Chen",)),
    ("My name is Tom Clark and I want a refund.", ("Tom Clark",)),
    ("Zhao Lei reported a broken trolley.", ("Zhao Lei",)),
    ("Yang Mei has asked for a refund.", ("Yang Mei",)),
    ("This morning Kevin Brown phoned the hotline.", ("Kevin Brown",)),
    ("The complaint from Sun Li was escalated.", ("Sun Li",)),
    ("Daniel Kim complained about the queue.", ("Daniel Kim",)),
    ("Xu Ming is unhappy with the repair.", ("Xu Ming",)),
    ("We called Rachel Green twice but nobody answered.", ("Rachel Green",)),
    ("Gao Yuan and Lin Tao both asked for refunds.", ("Gao Yuan", "Lin Tao")),
    ("The parcel was signed for by Igor Petrov.", ("Igor Petrov",)),
    ("顾客说 Jack Wilson 在收银台插队。", ("Jack Wilson",)),
]
# A hold-out set, written after that tuning and measured before any change made for it (found: 22
# of 30 names, no false positives); kept here so it stays fixed.
BARE_NAME_HOLD_OUT = [
    ("孙丽娟称她在本店买的毛衣缩水了。", ("孙丽娟",)),
    ("这时高志远走过来要求见经理。", ("高志远",)),
    ("店长已经向何丽萍道歉。", ("何丽萍",)),
    ("马俊杰拿着小票来到服务台。", ("马俊杰",)),
    ("退款已转给金燕，请查收。", ("金燕",)),
    ("第二次来电时，范伟情绪很激动。", ("范伟",)),
    ("卢军投诉快递员把包裹扔在门口。", ("卢军",)),
    ("宋晓峰坚持要求全额退款。", ("宋晓峰",)),
    ("顾客表示，邹杰当时也在场。", ("邹杰",)),
    ("魏红梅发现牛奶已经变质。", ("魏红梅",)),
    ("姜涛和妻子一起来店。", ("姜涛",)),
    ("经核实，崔浩确实被多收了钱。", ("崔浩",)),
    ("傅雪晴于周三下午到店。", ("傅雪晴",)),
    ("我们已告知蔡斌处理结果。", ("蔡斌",)),
    ("贾玲玲说她等了半个小时。", ("贾玲玲",)),
    ("Emily Davis wrote to complain about the delivery.", ("Emily Davis",)),
    ("The voucher was given to Zhou Ming.", ("Zhou Ming",)),
    ("Thomas Lee said the staff ignored him.", ("Thomas Lee",)),
    ("We phoned Hu Jun yesterday.", ("Hu Jun",)),
    ("Later, Nancy Clark asked for a refund.", ("Nancy Clark",)),
    ("Feng Jie bought two heaters that both failed.", ("Feng Jie",)),
    ("The receipt was signed by Marco Rossi.", ("Marco Rossi",)),
    ("Ahmed Hassan returned the phone on Friday.", ("Ahmed Hassan",)),
    ("A refund was issued to Tan Mei Ling.", ("Tan Mei Ling",)),
    ("Deng Hui was upset about the price.", ("Deng Hui",)),
    ("The manager met with Carlos Diaz.", ("Carlos Diaz",)),
    ("Luo Fei called twice about the order.", ("Luo Fei",)),
    ("Rebecca Stone complained to head office.", ("Rebecca Stone",)),
    ("Yesterday Xie Na visited the store again.", ("Xie Na",)),
    ("Bruno Costa has asked for compensation.", ("Bruno Costa",)),
]


@pytest.mark.parametrize("text, names", BARE_NAME_SENTENCES + BARE_NAME_HOLD_OUT)
def test_bare_names_are_found(text, names):
    found = _kinds_of(text)
    out, _ = scrub(text)
    for name in names:
        assert found.get(name) == "name", (name, found)
        assert name not in out, out


# Sentences without personal data that tempt a bare-name rule: ordinary words starting with a
# surname character (高兴, 金额, 华丽), stores, brands, products, places, dates and amounts, and
# capitalised English words that are shops, products, brands or holidays.
NOT_BARE_NAMES = [
    "高兴的是问题终于解决了。",
    "方便的话请尽快回电。",
    "周末人多，收银台排长队。",
    "黄金价格上涨，顾客要求补差价。",
    "金额不符，需要重新核对。",
    "马上安排人员处理。",
    "万达广场店今天停电两小时。",
    "华为手机屏幕碎了。",
    "江苏分公司转来一单投诉。",
    "李宁运动鞋开胶。",
    "王府井店的电梯故障。",
    "白天温度高，冷柜压力大。",
    "石家庄店反映货物短缺。",
    "武汉仓库发货延迟。",
    "杨梅不新鲜，顾客要求退货。",
    "宁波店的冷链车坏了。",
    "常温奶和冷藏奶放错了货架。",
    "陈列架倒塌砸到商品。",
    "田园沙拉里有虫子。",
    "毛巾掉色严重。",
    "金龙鱼食用油缺货。",
    "苏宁易购的订单已取消。",
    "华丽的包装里只有一块月饼。",
    "宁静的夜晚被施工噪音打破。",
    "温馨提示：请保管好随身物品。",
    "高峰期收银台只开了两个。",
    "石英表的表带断了。",
    "白玉兰香皂缺货。",
    "白雪公主玩偶掉漆。",
    "康佳电视不开机。",
    "乔丹运动鞋开胶。",
    "卫龙辣条过期了。",
    "欧美风格的家具很受欢迎。",
    "米兰专柜的包有划痕。",
    "金华火腿有异味。",
    "黄山店的空调坏了。",
    "许昌仓库已发货。",
    "岳阳店的会员活动取消。",
    "吉林店和桂林店同时断网。",
    "华东区的门店均已整改。",
    "高清电视的遥控器失灵。",
    "文静的营业员耐心解释。",
    "金秋促销活动于10月1日开始。",
    "关于退款，财务已处理。",
    "余额不足，付款失败。",
    "许多顾客反映排队时间长。",
    "何时到货请电话通知。",
    "谢谢您的耐心等待。",
    "曾经在这里买过同款。",
    "程序出错导致重复扣款。",
    "顾客和高明的骗子周旋了很久。",
    "向日葵油缺货。",
    "陆续有顾客来店询问。",
    "严格按照规定处理。",
    "任何问题请联系服务台。",
    "齐全的商品让顾客满意。",
    "毕竟是老顾客，店长特批了。",
    "付款成功后未出小票。",
    "12月3日下午，冷柜温度升高到12度。",
    "退款金额为356元，已原路退回。",
    "Wanda Plaza Store opened a new service desk.",
    "The iPhone 15 screen cracked after a week.",
    "Galaxy S24 phones are out of stock.",
    "Apple Watch was returned because the strap broke.",
    "On Monday the Nanjing Road store closed early.",
    "The Customer Service Desk said the refund was processed.",
    "Head Office asked for a report.",
    "Fresh Hippo delivered the order late.",
    "Li Ning shoes are on sale this week.",
    "Hong Kong customers can pay with Octopus cards.",
    "New York Fries was closed for renovation.",
    "Customer Service called back on 5 October.",
    "The Air Fryer was faulty and the customer returned it.",
    "October sales were lower than September.",
    "Christmas Eve opening hours were extended.",
    "Thank you for shopping at Wanda Plaza.",
    "Please visit Zhongshan Road Branch for a refund.",
    "Sales were down 12% in Beijing last quarter.",
    "Great Wall wine was sold at the wrong price.",
    "The Samsung Galaxy was sent to the repair centre.",
    # The hold-out's non-names (no false positives before any change made for them).
    "高温天气导致冷柜故障。",
    "方便面的保质期是半年。",
    "金额较大，需要店长审批。",
    "周一至周五营业时间不变。",
    "华为专卖店在二楼。",
    "马上就要过年了，顾客很多。",
    "白天和晚上的价格不同。",
    "江西脐橙促销价9.9元。",
    "黄金饰品不支持退换。",
    "许多商品已经下架。",
    "万达店的停车场满了。",
    "高铁站店暂停营业。",
    "苏州店和宁波店都缺货。",
    "龙虾是活的，顾客却说死了。",
    "余额已退回到会员卡。",
    "石榴汁的标签贴错了。",
    "温馨提示已张贴在门口。",
    "陈列柜的玻璃碎了。",
    "齐全的货品是本店优势。",
    "汤圆有异味，顾客要求退款。",
    "The Huawei Mate 60 was out of stock.",
    "Wanda Plaza reported a power cut.",
    "Customer Care called back within an hour.",
    "On Sunday the Jianguo Road store opened late.",
    "Apple AirPods were sold at the wrong price.",
    "Xiaomi Redmi phones are on promotion.",
    "Great Wall wine and Yili milk were mislabelled.",
    "The Beijing Road branch has a new manager.",
    "Summer Sale prices ended on 31 August.",
    "Mid Autumn mooncakes were stale.",
]


@pytest.mark.parametrize("text", NOT_BARE_NAMES)
def test_words_that_look_like_bare_names_are_untouched(text):
    assert scrub(text) == (text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("张伟投诉说电饭煲不加热。", "[顾客]投诉说电饭煲不加热。"),
        ("当天李娜在收银台多收了顾客20元。", "当天[顾客]在收银台多收了顾客20元。"),
        ("王建国于10月3日来电，称洗衣机漏水。", "[顾客]于10月3日来电，称洗衣机漏水。"),
        ("经过协调，刘芳同意换货。", "经过协调，[顾客]同意换货。"),
        ("赵敏表示非常不满。", "[顾客]表示非常不满。"),
        ("我是陈晓东，手机13912345678。", "我是[顾客]，手机[电话]。"),
        ("收银员，李娜当场道歉。", "收银员，[员工]当场道歉。"),
        ("顾客张伟和李娜一起来店。", "顾客[顾客]和[顾客]一起来店。"),
        ("John Smith called about a refund.", "[customer] called about a refund."),
        ("She spoke to Li Wei at the counter.", "She spoke to [customer] at the counter."),
        ("Shopper Mei Tanaka lost her purse.", "Shopper [customer] lost her purse."),
        ("The cashier, Peter Lee, refused.", "The cashier, [staff], refused."),
        ("Customer Sarah O'Neil said so.", "Customer [customer] said so."),
    ],
)
def test_bare_name_placeholders_keep_the_words_around_them(text, expected):
    assert scrub(text)[0] == expected


# --- Offsets, merging and general guarantees -----------------------------------------------------


def test_offsets_refer_to_the_original_text():
    text = "顾客王小明（电话１３８ ００１３ ８０００）住朝阳区建国路88号，邮箱ｘ＠ｙ．ｃｎ。"
    findings = find_pii(text)
    assert [f.kind for f in findings] == ["name", "phone", "address", "email"]
    for f in findings:
        assert text[f.start : f.end] == f.text
    assert findings == sorted(findings, key=lambda f: f.start)


def test_scrub_replaces_exactly_the_findings():
    text = "Mr. Smith, 13800138000, a@b.cn."
    out, findings = scrub(text)
    rebuilt = text
    for f in reversed(findings):
        rebuilt = rebuilt[: f.start] + "#" + rebuilt[f.end :]
    assert rebuilt == "Mr. #, #, #."
    assert out == "Mr. [customer], [phone], [email]."


def test_overlapping_findings_are_merged_and_the_longest_wins():
    # The known e-mail contains a pattern-found handle and a name: one finding remains.
    text = "联系 zhang_wei88@example.com"
    findings = find_pii(text, {"name": "zhang_wei88", "email": "zhang_wei88@example.com"})
    assert findings == [Finding("email", 3, 26, "zhang_wei88@example.com")]


def test_findings_never_overlap():
    text = CORPUS[0].text + CORPUS[55].text + "银行卡号 6222 0212 3456 7890 123 电话13800138000"
    findings = find_pii(text)
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_empty_and_odd_input():
    assert scrub("") == ("", [])
    assert find_pii("   \n\t") == []
    assert scrub("[顾客]先生") == ("[顾客]先生", [])  # already scrubbed text stays as it is


def test_scrubbing_is_idempotent_on_the_corpus():
    for example in CORPUS:
        once = _scrubbed(example)
        assert scrub(once)[0] == once, once


def test_five_thousand_characters_take_well_under_50_ms():
    text = ("".join(e.text for e in CORPUS) * 3)[:5000]
    timings = []
    # CPU time, best of five: what the code costs, not what a busy test machine adds.
    for _ in range(5):
        start = time.process_time()
        scrub(text)
        timings.append(time.process_time() - start)
    assert min(timings) < 0.05
