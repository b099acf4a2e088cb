"""Demo knowledge pages in Chinese and English, written for this product: the staff-only
case-study library, three anonymised case studies, the service-phrase library and the handling
guide. `demo.pages.load_pages` calls `load_knowledge` once the home pages exist.

Every text here passes the personal-data check (the demo publishes through the same guard as
everyone else): no names, only role words and placeholders.
"""

from __future__ import annotations

from wagtail.models import Locale, Page

from knowledge.setup import ensure_moderation, restrict_to_staff

LANGUAGES = ("zh-hans", "en")

INDEX = {
    "zh-hans": {
        "title": "投诉案例库",
        "intro": "来自各门店的真实投诉，已删除所有个人信息。每个案例说明发生了什么、我们怎样处理、结果如何，以及下次应该怎样做得更好。供新员工培训和门店复盘使用。",
    },
    "en": {
        "title": "Case-study library",
        "intro": "Real complaints from our stores with every personal detail removed. Each case tells what happened, how we handled it, how it ended and what to do better next time. For new-hire training and store reviews.",
    },
}

PHRASES = {
    "zh-hans": {
        "title": "服务用语库",
        "intro": "按场景整理的推荐用语和禁用语。基本原则：开口用“请”，称呼用“您”，结束说“再见”；不说生硬的话，不推卸责任，不指责顾客。",
        "situations": [
            {
                "situation": "接待与开场",
                "recommended": [
                    ("您好，请问有什么可以帮您？", "面带微笑，先问候再询问。"),
                    ("请您慢慢说，我在认真听。", "顾客情绪激动时尤其有用。"),
                ],
                "avoid": [
                    ("有什么事？快说。", "生硬、不耐烦。", "您好，请问有什么可以帮您？"),
                ],
            },
            {
                "situation": "倾听与致歉",
                "recommended": [
                    ("给您添麻烦了，非常抱歉。", "先为顾客的不便道歉，再了解细节。"),
                    ("感谢您告诉我们，这对我们改进很重要。", "把投诉当作帮助。"),
                ],
                "avoid": [
                    (
                        "这不是我们的问题。",
                        "未经调查就否认，等于推卸责任。",
                        "请您放心，我先把情况了解清楚，再给您答复。",
                    ),
                    (
                        "你自己没看清楚吧？",
                        "指责顾客，且称呼“你”。",
                        "请您把购买时的情况跟我说一下，我来帮您核实。",
                    ),
                ],
            },
            {
                "situation": "说明处理方案",
                "recommended": [
                    (
                        "请您看一下，我们可以为您换货或者退款，您更希望哪一种？",
                        "在权限范围内给出选择，征得顾客同意。",
                    ),
                    (
                        "这件事由我负责跟进，明天下午五点前我会给您回电。",
                        "说清谁负责、下一步和回复时间。",
                    ),
                ],
                "avoid": [
                    (
                        "规定就是这样，我也没办法。",
                        "把规定当挡箭牌，没有给出任何办法。",
                        "按规定我可以先为您做这些，其余的我马上请示主管。",
                    ),
                    (
                        "肯定给您全额赔偿。",
                        "承诺超出权限的事情。",
                        "请您稍等，我请主管来和您确认补偿方案。",
                    ),
                ],
            },
            {
                "situation": "需要时间调查",
                "recommended": [
                    ("请您给我们一点时间核实，三天内一定给您答复。", "给出明确时限，并按时回复。"),
                ],
                "avoid": [
                    (
                        "你去找厂家吧，跟我们没关系。",
                        "推给他人，违反首问负责制。",
                        "厂家那边由我来联系，有结果我第一时间告诉您。",
                    ),
                ],
            },
            {
                "situation": "结束与送别",
                "recommended": [
                    ("请您慢走，有任何问题随时联系我们，再见！", "以“再见”结束，留下联系渠道。"),
                    ("感谢您的理解，祝您购物愉快，再见！", ""),
                ],
                "avoid": [
                    ("没别的事了吧？", "像是在赶顾客走。", "请问还有什么需要我帮您的吗？"),
                ],
            },
        ],
    },
    "en": {
        "title": "Service phrases",
        "intro": "Recommended and forbidden phrases by situation. In Chinese: open with 请 (please), address the customer as 您, close with 再见 (goodbye). Never a harsh word, never shift the blame, never blame the customer.",
        "situations": [
            {
                "situation": "Greeting",
                "recommended": [
                    ("Hello, how may I help you?", "Smile, greet first, then ask."),
                    (
                        "Please take your time, I am listening.",
                        "Especially useful when the customer is upset.",
                    ),
                ],
                "avoid": [
                    ("What is it? Be quick.", "Curt and impatient.", "Hello, how may I help you?"),
                ],
            },
            {
                "situation": "Listening and apologising",
                "recommended": [
                    (
                        "I am very sorry for the trouble this has caused you.",
                        "Apologise for the inconvenience before asking for details.",
                    ),
                    (
                        "Thank you for telling us: it helps us improve.",
                        "Treat the complaint as help.",
                    ),
                ],
                "avoid": [
                    (
                        "That is not our problem.",
                        "Denying before investigating shifts the blame.",
                        "Please rest assured: I will look into it first and then come back to you.",
                    ),
                    (
                        "You must not have looked properly.",
                        "Blames the customer.",
                        "Could you please tell me how you bought it? I will check it for you.",
                    ),
                ],
            },
            {
                "situation": "Proposing a solution",
                "recommended": [
                    (
                        "We can exchange it or refund you: which would you prefer?",
                        "Offer choices within your authority and get the customer's agreement.",
                    ),
                    (
                        "I am handling this myself and will call you back before 5 pm tomorrow.",
                        "Say who handles it, the next step and when they will hear back.",
                    ),
                ],
                "avoid": [
                    (
                        "Those are the rules, there is nothing I can do.",
                        "Hides behind the rules and offers nothing.",
                        "Under our rules I can do this for you now, and I will ask my supervisor about the rest.",
                    ),
                    (
                        "We will certainly pay you in full.",
                        "Promises more than your authority allows.",
                        "Please wait a moment: I will ask my supervisor to confirm the compensation with you.",
                    ),
                ],
            },
            {
                "situation": "When you need time to investigate",
                "recommended": [
                    (
                        "Please give us a little time to check; you will have our answer within three days.",
                        "Give a clear time limit, and keep it.",
                    ),
                ],
                "avoid": [
                    (
                        "Go and ask the manufacturer, it has nothing to do with us.",
                        "Passes the customer on: breaks first-responder ownership.",
                        "I will contact the manufacturer myself and tell you as soon as I hear.",
                    ),
                ],
            },
            {
                "situation": "Closing",
                "recommended": [
                    (
                        "Please contact us any time if anything else comes up. Goodbye!",
                        "Close with a goodbye and a way to reach us.",
                    ),
                    ("Thank you for your understanding. Enjoy your shopping, goodbye!", ""),
                ],
                "avoid": [
                    (
                        "Is that all?",
                        "Sounds like you want the customer gone.",
                        "Is there anything else I can help you with?",
                    ),
                ],
            },
        ],
    },
}

GUIDE = {
    "zh-hans": {
        "title": "投诉处理指引",
        "intro": "接到投诉时怎样做，哪些事情绝对不能做，以及重大投诉的处理要点。",
        "body": [
            (
                "steps",
                {
                    "title": "处理步骤",
                    "entries": [
                        "耐心倾听，不打断顾客，让顾客把话说完。",
                        "向顾客致歉，并感谢顾客告诉我们。",
                        "礼貌地询问不清楚的地方，记录事实：时间、地点、商品、经过和顾客的诉求。",
                        "在自己的权限内提出解决方案，并征得顾客同意；超出权限时立即请示上级。",
                        "告诉顾客由谁负责、接下来怎么做、什么时候给答复。",
                        "处理过程中主动告知进展，直到处理完毕。",
                        "结案后复盘：找出原因，记录教训和预防措施。",
                    ],
                },
            ),
            (
                "taboos",
                {
                    "title": "处理禁忌",
                    "entries": [
                        "缺乏商品知识，答不上顾客的问题。",
                        "怠慢顾客，让顾客久等或无人理会。",
                        "没有耐心，打断或催促顾客。",
                        "随意承诺做不到的事情。",
                        "推卸责任，把问题推给其他部门、厂家或顾客本人。",
                        "让本可当场解决的投诉升级。",
                    ],
                },
            ),
            ("heading", "处理权限"),
            (
                "points",
                {
                    "title": "每件投诉的补偿金额",
                    "entries": [
                        "20元以内：一线客服可自行决定。",
                        "20元以上、100元以内：由值班主管批准。",
                        "100元以上：由客服经理批准。",
                        "重大投诉：由客服经理负责处理，并立即报告店总经理和总部。",
                    ],
                },
            ),
            (
                "points",
                {
                    "title": "升级投诉的处理要点",
                    "entries": [
                        "先把来龙去脉全部了解清楚，再与顾客见面。",
                        "预先设想顾客可能的反应，准备好应对方案。",
                        "给顾客提供几个可选方案，而不是只有一个答案。",
                        "坚守底线：不答应超出政策和权限的要求。",
                    ],
                },
            ),
            (
                "paragraph",
                "时限提醒：收到投诉后24小时内确认受理；电话投诉当日处理，最迟次日；未能当场解决的投诉，3个工作日内答复顾客。",
            ),
        ],
    },
    "en": {
        "title": "Handling guide",
        "intro": "What to do when a complaint comes in, what never to do, and how to handle a major complaint.",
        "body": [
            (
                "steps",
                {
                    "title": "Steps",
                    "entries": [
                        "Listen patiently; do not interrupt; let the customer finish.",
                        "Apologise, and thank the customer for telling us.",
                        "Ask politely about what is unclear and record the facts: when, where, which product, what happened, what the customer wants.",
                        "Propose a solution within your authority and get the customer's agreement; ask your supervisor at once when it goes beyond it.",
                        "Tell the customer who handles it, the next steps and when they will hear back.",
                        "Keep the customer informed until it is done.",
                        "Review the case afterwards: find the cause, record the lesson and the prevention.",
                    ],
                },
            ),
            (
                "taboos",
                {
                    "title": "Taboos",
                    "entries": [
                        "Not knowing the product well enough to answer.",
                        "Neglecting the customer: long waits, nobody attending.",
                        "Impatience: interrupting or rushing the customer.",
                        "Promising what you cannot deliver.",
                        "Blaming others: another department, the manufacturer or the customer.",
                        "Letting a complaint that could be settled on the spot escalate.",
                    ],
                },
            ),
            ("heading", "Authority"),
            (
                "points",
                {
                    "title": "Compensation per complaint",
                    "entries": [
                        "Up to ¥20: the front-line agent decides.",
                        "Over ¥20 and up to ¥100: the shift supervisor approves.",
                        "Over ¥100: the customer-service manager approves.",
                        "Major complaints: the customer-service manager handles them and informs the general manager and head office at once.",
                    ],
                },
            ),
            (
                "points",
                {
                    "title": "Escalated complaints",
                    "entries": [
                        "Understand everything that happened before you meet the customer.",
                        "Prepare for the customer's likely reactions.",
                        "Offer the customer options, not a single answer.",
                        "Hold the bottom line: do not agree to what goes beyond policy and your authority.",
                    ],
                },
            ),
            (
                "paragraph",
                "Time limits: acknowledge within 24 hours of receipt; phone complaints the same day, at the latest the next day; complaints not settled on the spot get a reply within 3 working days.",
            ),
        ],
    },
}


def _phrases(items):
    return [{"phrase": phrase, "note": note} for phrase, note in items]


def _avoid(items):
    return [{"phrase": p, "why": why, "instead": instead} for p, why, instead in items]


CASES = [
    {
        "slug": "rice-cooker-exchange",
        "category_code": "product_quality",
        "severity": "general",
        "channel": "phone",
        "zh-hans": {
            "title": "商品质量：电饭煲买回第二天不加热",
            "summary": "顾客来电投诉新买的电饭煲不加热。接电话的客服按首问负责制一跟到底，当天换新，并发现同批次的质量问题。",
            "category_name": "商品质量",
            "tags": ["首问负责制", "换货", "批次追溯"],
            "sections": [
                (
                    "background",
                    "朝阳门店家电柜组，十一月促销期间售出的电饭煲（型号MB-FB40），售价399元。",
                ),
                (
                    "what_happened",
                    "[顾客]女士来电称，电饭煲买回第二天就不加热了，语气很着急：家里老人等着吃饭。她希望换一台新的。",
                ),
                (
                    "handling",
                    "接电话的客服先道歉，记录了购买日期和小票信息，告诉顾客由她本人负责跟进，并约定当天下午回电。\n她联系家电柜组核实：同一批次已有两台退回。柜组确认是质量问题后，客服回电请顾客到服务台换新，顾客当天下午换到了新机。",
                ),
                (
                    "outcome",
                    "顾客当天拿到新机，回访时表示满意（5分）。柜组将同批次商品下架送检，供应商确认温控元件有缺陷。",
                ),
                (
                    "went_well",
                    "客服没有把顾客转给柜组或厂家，而是自己联系、自己回电：顾客只需要说一次。\n回电时间说到做到。",
                ),
                (
                    "do_differently",
                    "同一批次第二次退回时就应上报，而不是等到第三位顾客投诉。\n到货抽检应包含通电加热测试。",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "给您添麻烦了，非常抱歉。这件事由我负责，今天下午三点前给您回电。",
                                "说清谁负责、何时回复。",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "这个你得去找厂家。",
                                "推卸责任，违反首问负责制。",
                                "厂家那边我来联系，您不用再跑一趟。",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {
                        "section": "处理步骤：落实与反馈",
                        "summary": "告诉顾客处理人、处理步骤和下次联系时间，直到处理完毕。",
                    },
                ),
            ],
        },
        "en": {
            "title": "Product quality: a rice cooker that stopped heating on day two",
            "summary": "A customer phoned about a new rice cooker that would not heat. The agent who took the call owned it to the end, exchanged it the same day and uncovered a faulty batch.",
            "category_name": "Product quality",
            "tags": ["first-responder ownership", "exchange", "batch trace"],
            "sections": [
                (
                    "background",
                    "Chaoyangmen store, appliances counter. A rice cooker (model MB-FB40) sold during the November promotion for ¥399.",
                ),
                (
                    "what_happened",
                    "The customer phoned: the rice cooker had stopped heating the day after she bought it, and her elderly parents were waiting for their meal. She wanted a new one.",
                ),
                (
                    "handling",
                    "The agent apologised, noted the purchase date and receipt details, told the customer she would handle it herself and promised a call back that afternoon.\nShe checked with the appliances counter: two cookers from the same batch had already come back. Once the counter confirmed a quality problem, she called the customer back and invited her to exchange it at the service desk, which she did that afternoon.",
                ),
                (
                    "outcome",
                    "The customer had a new cooker the same day and rated the service 5 out of 5 at the follow-up call. The counter withdrew the batch for testing; the supplier confirmed a faulty thermostat.",
                ),
                (
                    "went_well",
                    "The agent did not pass the customer on to the counter or the manufacturer: she called them herself and called back. The customer told her story once.\nThe call-back came when promised.",
                ),
                (
                    "do_differently",
                    "The second return from the same batch should have been reported, rather than waiting for a third complaint.\nIncoming inspection should include a heating test.",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "I am very sorry for the trouble. I am handling this myself and will call you back before 3 pm today.",
                                "Says who handles it and when.",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "You will have to take that up with the manufacturer.",
                                "Shifts the blame; breaks first-responder ownership.",
                                "I will contact the manufacturer myself, so you need not make another trip.",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {
                        "section": "Handling steps: implement and keep the customer informed",
                        "summary": "Tell the customer who handles it, the steps and when they will hear back, until it is done.",
                    },
                ),
            ],
        },
    },
    {
        "slug": "price-difference-refund",
        "category_code": "price_billing",
        "severity": "general",
        "channel": "walk_in",
        "zh-hans": {
            "title": "价格/折扣：促销价与结账价不符",
            "summary": "顾客到服务台反映结账价格比货架促销价高，收银员态度生硬使矛盾升级。值班主管道歉并当场退还差价。",
            "category_name": "价格/折扣",
            "tags": ["价格差异", "退款", "服务态度"],
            "sections": [
                (
                    "background",
                    "望京门店，周末客流高峰。某品牌洗衣液货架标示促销价39.9元，收银系统仍按原价52元结算。",
                ),
                (
                    "what_happened",
                    "[顾客]先生结账后发现价格不符，回到收银台询问。收银员说“系统就是这个价，你有意见去服务台”，顾客很生气，到服务台投诉服务态度和价格问题。",
                ),
                (
                    "handling",
                    "服务台接待员请顾客坐下，倾听并道歉，核对了货架标签和小票。差价12.1元在一线权限（20元）以内，当场退还差价。\n值班主管随后向顾客当面致歉，并通知价格专员更正系统价格。",
                ),
                (
                    "outcome",
                    "顾客接受道歉并收下差价，表示理解高峰期的忙乱。系统价格半小时内更正，当天又有两位顾客按促销价结算。",
                ),
                ("went_well", "服务台没有让顾客在两处之间来回跑，当场核实、当场退款。"),
                (
                    "do_differently",
                    "促销开始前应由价格专员核对系统价格与货架标签。\n收银员遇到价格疑问时，应先致歉并请主管到场，而不是把顾客推走。",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "请您先坐一下，我马上帮您核对价格。给您带来不便，非常抱歉。",
                                "先安顿顾客，再处理问题。",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "系统就是这个价，你有意见去服务台。",
                                "生硬、推卸责任，称呼“你”。",
                                "请您稍等，我请主管过来帮您核对，马上给您一个答复。",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {"section": "处理权限", "summary": "20元以内的补偿，一线客服可自行决定。"},
                ),
            ],
        },
        "en": {
            "title": "Price: the till charged more than the promotion price",
            "summary": "A customer found the till price higher than the shelf promotion; a curt cashier made it worse. The duty supervisor apologised and refunded the difference on the spot.",
            "category_name": "Price, discount or billing",
            "tags": ["price difference", "refund", "service attitude"],
            "sections": [
                (
                    "background",
                    "Wangjing store, weekend rush. A laundry detergent was on promotion at ¥39.90 on the shelf, but the till still charged the old price of ¥52.",
                ),
                (
                    "what_happened",
                    'The customer noticed the difference after paying and went back to the till. The cashier said: "That is the price in the system; complain at the service desk if you like." The customer, now angry, complained at the service desk about both the price and the cashier\'s attitude.',
                ),
                (
                    "handling",
                    "The service-desk agent offered the customer a seat, listened and apologised, and checked the shelf label against the receipt. The ¥12.10 difference was within the agent's ¥20 authority, so she refunded it on the spot.\nThe duty supervisor then apologised in person and had the pricing clerk correct the system price.",
                ),
                (
                    "outcome",
                    "The customer accepted the apology and the refund and said he understood the rush. The till price was corrected within half an hour; two more customers paid the promotion price that day.",
                ),
                (
                    "went_well",
                    "The service desk did not send the customer back and forth: it checked and refunded on the spot.",
                ),
                (
                    "do_differently",
                    "The pricing clerk should check till prices against shelf labels before a promotion starts.\nA cashier facing a price question should apologise and call the supervisor, not send the customer away.",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "Please have a seat; I will check the price for you right away. I am sorry for the trouble.",
                                "Settle the customer first, then the problem.",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "That is the price in the system; complain at the service desk if you like.",
                                "Curt and shifts the blame.",
                                "Please wait a moment: I will ask my supervisor to check it with you straight away.",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {
                        "section": "Authority limits",
                        "summary": "Compensation up to ¥20 is the front-line agent's decision.",
                    },
                ),
            ],
        },
    },
    {
        "slug": "wet-floor-fall",
        "category_code": "injury",
        "severity": "major",
        "channel": "walk_in",
        "zh-hans": {
            "title": "人身伤害：生鲜区地面湿滑，顾客摔倒",
            "summary": "顾客在生鲜区湿滑地面摔倒，手腕扭伤。按重大投诉处理：客服经理到场，陪同就医，承担医药费，并整改地面防滑措施。",
            "category_name": "人身伤害",
            "tags": ["重大投诉", "人身伤害", "安全"],
            "sections": [
                (
                    "background",
                    "朝阳门店生鲜食品部，早上补货时段。冰鲜柜前地面有融化的冰水，未放置警示牌。",
                ),
                (
                    "what_happened",
                    "一位老年顾客在冰鲜柜前滑倒，手腕着地，疼痛明显。同行的家属情绪激动，要求门店负责。",
                ),
                (
                    "handling",
                    "现场员工先扶顾客坐下，没有移动受伤部位，并立即通知值班主管。按重大投诉处理：客服经理十分钟内到场，当面致歉，陪同顾客到附近医院检查，垫付医药费，并当天报告店总经理和总部。\n门店调取了监控，确认地面当时没有警示牌。",
                ),
                (
                    "outcome",
                    "检查结果为手腕软组织扭伤。门店承担全部医药费共计680元，并送上慰问品。两次回访后顾客表示满意，没有进一步索赔。",
                ),
                ("went_well", "没有在现场争论责任，先照顾顾客。\n经理到场快，承诺的事情当天落实。"),
                (
                    "do_differently",
                    "补货时冰鲜柜前必须放置防滑垫和警示牌，每小时巡查地面。\n员工应接受受伤顾客的现场处置培训。",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "请您先别动，我们马上请经理过来，陪您去医院检查。",
                                "先关心身体，不谈责任。",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "地上有水您没看见吗？",
                                "指责顾客。",
                                "非常抱歉，是我们地面没有处理好，请您先坐下休息。",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {
                        "section": "重大投诉",
                        "summary": "顾客在店内受伤属于重大投诉，由客服经理负责处理，并立即报告店总经理和总部。",
                    },
                ),
            ],
        },
        "en": {
            "title": "Injury: a customer slipped on a wet floor in fresh food",
            "summary": "A customer slipped on a wet floor in the fresh-food section and sprained a wrist. Handled as a major complaint: the manager came at once, went to the hospital with the customer, paid the costs and fixed the floor safety.",
            "category_name": "Injury on premises or from goods",
            "tags": ["major complaint", "injury", "safety"],
            "sections": [
                (
                    "background",
                    "Chaoyangmen store, fresh-food department, during the morning restocking. Melted ice lay on the floor in front of the chilled counter, with no warning sign.",
                ),
                (
                    "what_happened",
                    "An elderly customer slipped in front of the chilled counter and landed on a wrist, in visible pain. A family member was very upset and demanded that the store take responsibility.",
                ),
                (
                    "handling",
                    "The staff nearby helped the customer sit down without moving the injured wrist and called the duty supervisor at once. Handled as a major complaint: the customer-service manager arrived within ten minutes, apologised in person, went with the customer to the nearby hospital, paid the costs and reported to the general manager and head office the same day.\nThe store checked its cameras and confirmed there had been no warning sign.",
                ),
                (
                    "outcome",
                    "The examination found a soft-tissue sprain. The store paid all medical costs, ¥680 in total, and sent a get-well gift. After two follow-up calls the customer said they were satisfied and made no further claim.",
                ),
                (
                    "went_well",
                    "Nobody argued about fault on the spot: the customer came first.\nThe manager arrived quickly, and what was promised was done the same day.",
                ),
                (
                    "do_differently",
                    "During restocking, anti-slip mats and warning signs must stand in front of the chilled counters, and the floor is checked every hour.\nStaff need training in looking after an injured customer.",
                ),
                (
                    "phrases_that_worked",
                    _phrases(
                        [
                            (
                                "Please do not move; our manager is on the way and will take you to the hospital.",
                                "Care first; fault later.",
                            )
                        ]
                    ),
                ),
                (
                    "phrases_to_avoid",
                    _avoid(
                        [
                            (
                                "Did you not see the water on the floor?",
                                "Blames the customer.",
                                "I am very sorry: we should have dealt with the floor. Please sit down and rest.",
                            )
                        ]
                    ),
                ),
                (
                    "policy",
                    {
                        "section": "Major complaints",
                        "summary": "A customer injured on the premises is a major complaint: the customer-service manager handles it and informs the general manager and head office at once.",
                    },
                ),
            ],
        },
    },
]


def _publish(parent: Page, page: Page, language: str, translation_key=None) -> Page:
    page.locale = Locale.objects.get(language_code=language)
    if translation_key is not None:
        page.translation_key = translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _policy_page(home: Page):
    return home.get_children().filter(slug="policy").first()


def _case_sections(sections, policy_page):
    blocks = []
    for kind, value in sections:
        if kind == "policy":
            value = {**value, "page": policy_page}
        blocks.append((kind, value))
    return blocks


def load_knowledge(homes: dict[str, Page]) -> dict[str, Page]:
    """The library in each language of `homes` ({language: home page}), once: staff-only,
    moderated, with the demo case studies, phrase library and handling guide. Returns the
    libraries by language (existing ones when already loaded)."""
    from knowledge.models import (
        CaseStudyPage,
        HandlingGuidePage,
        KnowledgeIndexPage,
        PhraseLibraryPage,
    )

    existing = {
        index.locale.language_code: index
        for index in KnowledgeIndexPage.objects.select_related("locale")
    }
    if existing:
        return existing
    indexes: dict[str, Page] = {}
    keys: dict[str, object] = {}

    def translated(name: str, parent: Page, page: Page, language: str) -> Page:
        page = _publish(parent, page, language, keys.get(name))
        keys[name] = page.translation_key
        return page

    for language in LANGUAGES:
        home = homes[language]
        index = translated(
            "index",
            home,
            KnowledgeIndexPage(slug="knowledge", show_in_menus=False, **INDEX[language]),
            language,
        )
        restrict_to_staff(index)
        ensure_moderation(index)
        indexes[language] = index
        policy = _policy_page(home)
        for case in CASES:
            data = case[language]
            page = CaseStudyPage(
                title=data["title"],
                slug=case["slug"],
                summary=data["summary"],
                category_name=data["category_name"],
                category_code=case["category_code"],
                severity=case["severity"],
                channel=case["channel"],
                sections=_case_sections(data["sections"], policy),
            )
            page.tags.add(*data["tags"])
            translated(case["slug"], index, page, language)
        phrases = PHRASES[language]
        translated(
            "phrases",
            index,
            PhraseLibraryPage(
                title=phrases["title"],
                slug="service-phrases",
                intro=phrases["intro"],
                situations=[
                    (
                        "situation",
                        {
                            "situation": s["situation"],
                            "recommended": _phrases(s["recommended"]),
                            "avoid": _avoid(s["avoid"]),
                        },
                    )
                    for s in phrases["situations"]
                ],
            ),
            language,
        )
        guide = GUIDE[language]
        translated(
            "guide",
            index,
            HandlingGuidePage(
                title=guide["title"],
                slug="handling-guide",
                intro=guide["intro"],
                body=guide["body"],
            ),
            language,
        )
    return indexes
