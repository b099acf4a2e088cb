"""Demo page content in Chinese and English, written for this product."""

POLICY = {
    "zh-hans": {
        "title": "投诉处理制度",
        "intro": "我们认真对待每一件投诉。本页说明您可以通过哪些渠道投诉、我们如何处理、多久答复您，以及我们如何保护您的个人信息。",
        "body": [
            ("heading", {"text": "投诉渠道"}),
            (
                "paragraph",
                "<p>您可以在线提交投诉，也可以拨打服务热线、到各门店服务台当面反映、来信或填写意见单，或通过我们的官方社交媒体账号留言。通过12315、消费者协会等机构转来的投诉，我们同样受理，并遵守该机构的处理时限。</p>",
            ),
            (
                "steps",
                {
                    "title": "处理步骤",
                    "steps": [
                        "登记受理：记录您的投诉，给您一个投诉编号和查询码，并告知预计处理时间。",
                        "分类评估：确定投诉类别、严重程度和紧急程度。",
                        "转交责任部门：由被投诉的柜组、部门或供应商调查核实。",
                        "调查分析：了解事实、收集证据、听取相关方说明，分析原因。",
                        "提出处理方案：在权限范围内提出退货、换货、维修、补偿或致歉等方案，并征得您的同意。",
                        "落实与反馈：告诉您处理人、处理步骤和下次联系时间，直到处理完毕。",
                        "满意度回访：处理完毕后回访，了解您是否满意。",
                        "结案归档：总结原因和改进措施，防止同类问题再次发生。",
                    ],
                },
            ),
            (
                "time_limits",
                {
                    "caption": "处理时限",
                    "rows": [
                        {
                            "step": "受理确认",
                            "limit": "收到后24小时内",
                            "note": "在线投诉即时发送受理函",
                        },
                        {"step": "电话投诉", "limit": "当日处理，最迟次日", "note": ""},
                        {
                            "step": "来店投诉",
                            "limit": "即时处理，最迟次日",
                            "note": "需征得您的同意",
                        },
                        {
                            "step": "来信、意见单及未能当场解决的投诉",
                            "limit": "3个工作日内答复",
                            "note": "意见箱次日开启",
                        },
                        {
                            "step": "政府部门转办（如12315）",
                            "limit": "10个工作日内办结",
                            "note": "以转办机构要求为准",
                        },
                    ],
                },
            ),
            ("heading", {"text": "处理原则"}),
            (
                "paragraph",
                "<ul><li>首问负责：第一位接待您的员工负责到底，直至明确移交。</li><li>公平公正：以事实为依据，不推诿、不指责顾客。</li><li>及时告知：处理过程中主动告知进展。</li><li>持续改进：每件有效投诉都会分析原因并落实预防措施。</li></ul>",
            ),
            ("heading", {"text": "对处理结果有异议"}),
            (
                "paragraph",
                "<p>如您对处理结果不满意，可在查询页面提出异议，投诉将重新打开并提交上一级负责人处理。</p>",
            ),
            ("heading", {"text": "隐私声明"}),
            (
                "paragraph",
                "<p>我们仅为处理您的投诉而收集姓名、联系方式和您提供的材料，只有处理投诉的员工可以查看完整信息。用于员工培训的案例会删除所有可识别个人身份的信息。</p>",
            ),
        ],
    },
    "en": {
        "title": "Complaint policy",
        "intro": "We take every complaint seriously. This page explains how you can complain, how we handle it, how soon we answer and how we protect your personal data.",
        "body": [
            ("heading", {"text": "How to complain"}),
            (
                "paragraph",
                "<p>Complain online, call our service line, speak to the service desk in any store, write to us or fill in a comment card, or message our official social-media accounts. We also accept complaints referred by 12315, the consumers' association and other bodies, and we keep to their deadlines.</p>",
            ),
            (
                "steps",
                {
                    "title": "What happens next",
                    "steps": [
                        "We record your complaint and give you a reference, a private tracking code and the expected handling time.",
                        "We classify it by category, severity and urgency.",
                        "We pass it to the counter, department or supplier responsible.",
                        "They establish the facts, gather evidence, hear everyone involved and find the cause.",
                        "We propose a refund, exchange, repair, compensation or apology within our authority and ask for your agreement.",
                        "We tell you who is handling it, the steps and when you will hear from us, until it is done.",
                        "We contact you afterwards to ask whether you are satisfied.",
                        "We close the case and record the cause and what we changed to prevent it happening again.",
                    ],
                },
            ),
            (
                "time_limits",
                {
                    "caption": "Time limits",
                    "rows": [
                        {
                            "step": "Acknowledgement",
                            "limit": "Within 24 hours",
                            "note": "Online complaints get an acknowledgement letter at once",
                        },
                        {
                            "step": "Phone complaints",
                            "limit": "Same day, next day at the latest",
                            "note": "",
                        },
                        {
                            "step": "Complaints at the service desk",
                            "limit": "At once, next day at the latest",
                            "note": "With your consent",
                        },
                        {
                            "step": "Letters, comment cards and complaints not settled on the spot",
                            "limit": "A reply within 3 working days",
                            "note": "Comment boxes are opened the next day",
                        },
                        {
                            "step": "Referrals from authorities (e.g. 12315)",
                            "limit": "Settled within 10 working days",
                            "note": "Or the referring body's own deadline",
                        },
                    ],
                },
            ),
            ("heading", {"text": "Our principles"}),
            (
                "paragraph",
                "<ul><li>First-responder ownership: the first person you speak to stays responsible until they explicitly hand over.</li><li>Fairness: we go by the facts and never blame the customer.</li><li>Keeping you informed at every step.</li><li>Learning: every valid complaint leads to a cause analysis and a preventive action.</li></ul>",
            ),
            ("heading", {"text": "If you disagree with the outcome"}),
            (
                "paragraph",
                "<p>You can dispute the outcome on the tracking page. The case is reopened and goes to a more senior person.</p>",
            ),
            ("heading", {"text": "Privacy notice"}),
            (
                "paragraph",
                "<p>We collect your name, contact details and the material you send only to handle your complaint, and only staff who handle it see them in full. Case studies used for training have every detail that could identify a person removed.</p>",
            ),
        ],
    },
}

HOME = {
    "zh-hans": {
        "title": "顾客投诉服务中心",
        "intro": "<p>购物或服务中遇到问题？请告诉我们。您无需注册即可在线投诉，提交后会收到投诉编号和查询码，可随时查看处理进度。</p>",
    },
    "en": {
        "title": "Customer complaint service",
        "intro": "<p>Something went wrong with a purchase or a service? Tell us. You can complain online without an account; you get a reference and a tracking code to follow your complaint at any time.</p>",
    },
}

FAQ = {
    "zh-hans": {
        "title": "常见问题",
        "intro": "关于投诉和处理进度的常见问题。",
        "questions": [
            (
                "投诉需要注册账号吗？",
                "<p>不需要。在线填写投诉表即可，提交后请保存好投诉编号和查询码。</p>",
            ),
            ("多久能收到答复？", "<p>我们在24小时内确认受理，一般投诉在3个工作日内答复。</p>"),
            (
                "查询码丢了怎么办？",
                "<p>请拨打服务热线或到服务台，核实身份后我们会重新发送查询链接。</p>",
            ),
            (
                "可以上传哪些材料？",
                "<p>最多5个文件：照片（JPG、PNG、WebP、HEIC）、PDF或短视频（MP4、MOV），每个不超过10 MB。</p>",
            ),
        ],
    },
    "en": {
        "title": "Questions and answers",
        "intro": "Common questions about complaints and tracking.",
        "questions": [
            (
                "Do I need an account?",
                "<p>No. Fill in the online form and keep your reference and tracking code.</p>",
            ),
            (
                "When will I hear from you?",
                "<p>We acknowledge within 24 hours and answer most complaints within 3 working days.</p>",
            ),
            (
                "I lost my tracking code.",
                "<p>Call our service line or visit a service desk; once we have checked who you are we send the tracking link again.</p>",
            ),
            (
                "What can I upload?",
                "<p>Up to 5 files: photos (JPG, PNG, WebP, HEIC), PDF or short videos (MP4, MOV), 10 MB each at most.</p>",
            ),
        ],
    },
}

CONTACT = {
    "zh-hans": {
        "title": "联系我们",
        "intro": "服务热线 400-000-0000（每天 9:00–21:00），或到任一门店一楼服务台。",
    },
    "en": {
        "title": "Contact us",
        "intro": "Service line 400-000-0000 (daily 9:00–21:00), or the service desk on the ground floor of any store.",
    },
}
