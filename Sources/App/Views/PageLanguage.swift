import LedgerCore
import Vapor

/// The staff pages speak 简体中文 by default and English on request (a cookie set by /language).
enum PageLanguage: String, Sendable {
    case zh, en

    static let cookieName = "minyi-lang"

    static func of(_ req: Request) -> PageLanguage {
        PageLanguage(rawValue: req.cookies[cookieName]?.string ?? "") ?? .zh
    }

    var htmlCode: String { self == .zh ? "zh-CN" : "en" }

    /// A phrase in this language; every key has both.
    func callAsFunction(_ key: String) -> String {
        guard let pair = Strings.table[key] else { return key }
        return self == .zh ? pair.0 : pair.1
    }

    func ledger(_ ledger: Ledger?) -> String { ledger.map { self("ledger.\($0.rawValue)") } ?? self("ledger.none") }
    func status(_ status: MatterStatus) -> String { self("status.\(status.rawValue)") }
    func channel(_ channel: SourceChannel) -> String { self("channel.\(channel.rawValue)") }
    func rating(_ rating: Satisfaction) -> String { self("rating.\(rating.rawValue)") }
    func withholding(_ reason: WithholdingReason) -> String { self("withhold.\(reason.rawValue)") }
}

enum Strings {
    static let table: [String: (String, String)] = [
        "app.name": ("民意 · 三本账", "Minyi · Three Ledgers"),
        "nav.ledgers": ("台账", "Ledgers"),
        "nav.new": ("登记", "Register"),
        "nav.signout": ("退出", "Sign out"),
        "nav.account": ("账户", "Account"),
        "account.title": ("我的账户", "My account"),
        "account.password": ("修改密码", "Change password"),
        "account.current": ("当前密码", "Current password"),
        "account.new": ("新密码（至少12位）", "New password (12 characters or more)"),
        "account.changed": ("密码已修改，其他会话已退出。", "Password changed; your other sessions were signed out."),
        "account.secondFactor": ("动态验证", "Second factor"),
        "account.secondFactor.on": ("已启用", "On"),
        "account.secondFactor.off": ("未启用（正式环境登录时将要求绑定）", "Off (production sign-in will ask you to set it up)"),
        "nav.language": ("English", "中文"),
        "signin.title": ("民警登录", "Officer sign-in"),
        "signin.username": ("用户名", "Username"),
        "signin.password": ("密码", "Password"),
        "signin.submit": ("登录", "Sign in"),
        "signin.code": ("动态验证码", "Authenticator code"),
        "signin.code.title": ("二次验证", "Second factor"),
        "signin.code.submit": ("验证", "Verify"),
        "signin.enrol.title": ("绑定动态验证器", "Set up your authenticator"),
        "signin.enrol.help": ("在验证器应用中添加以下密钥，然后输入显示的6位验证码。", "Add this key to your authenticator app, then enter the 6-digit code it shows."),
        "list.title": ("社情民意台账", "Ledger of public sentiment"),
        "list.filter": ("筛选", "Filter"),
        "list.all": ("全部", "All"),
        "list.search": ("关键词", "Search text"),
        "list.overdue": ("仅看超期", "Overdue only"),
        "list.unit": ("单位", "Unit"),
        "list.empty": ("没有符合条件的事项。", "No matters match."),
        "list.next": ("下一页", "Next page"),
        "list.reference": ("编号", "Reference"),
        "list.registered": ("登记时间", "Registered"),
        "list.deadline": ("期限", "Due"),
        "flag.overdue": ("超期", "Overdue"),
        "field.ledger": ("台账", "Ledger"),
        "field.status": ("状态", "Status"),
        "field.summary": ("事项摘要", "Summary"),
        "field.details": ("详细情况", "Details"),
        "field.channel": ("来源渠道", "Source channel"),
        "field.sourceRef": ("来源记录编号", "Source record"),
        "field.suggestedLedger": ("建议台账", "Suggested ledger"),
        "field.name": ("姓名", "Name"),
        "field.phone": ("电话", "Phone"),
        "field.idNumber": ("身份证号", "ID number"),
        "field.address": ("地址", "Address"),
        "field.unit": ("承办单位", "Owning unit"),
        "field.handler": ("承办民警", "Handler"),
        "field.oversight": ("督办层级", "Oversight"),
        "field.round": ("办理轮次", "Round"),
        "field.result": ("办理结果", "Handling result"),
        "field.reply": ("答复", "Reply"),
        "field.rating": ("满意度", "Satisfaction"),
        "field.comment": ("评价意见", "Comment"),
        "field.publication": ("公开", "Publication"),
        "field.accountability": ("问责", "Accountability"),
        "field.answerable": ("责任人", "Answerable officer"),
        "field.finding": ("审查意见", "Finding"),
        "field.reason": ("理由", "Reason"),
        "field.note": ("说明", "Note"),
        "field.partner": ("协调单位", "Partner body"),
        "field.version": ("版本", "Version"),
        "field.deadline": ("办理期限", "Deadline"),
        "new.title": ("登记社情民意", "Register a matter"),
        "new.complainant": ("涉事群众", "Complainant"),
        "new.more": ("如涉及多名群众，请通过接口批量登记。", "For several complainants, register through the API."),
        "new.submit": ("登记", "Register"),
        "matter.complainants": ("涉事群众", "Complainants"),
        "matter.coordinations": ("协调记录", "Coordination"),
        "matter.timeline": ("办理过程", "Timeline"),
        "matter.actions": ("可办理操作", "Actions"),
        "matter.gaps": ("销号尚缺", "Still needed before closing"),
        "matter.none": ("暂无", "None yet"),
        "matter.published": ("已公开", "Published"),
        "matter.withheld": ("不公开", "Withheld"),
        "matter.unreachable": ("无法联系", "Unreachable"),
        "matter.unreachableApproved": ("无法联系（上级已批准）", "Unreachable (approved one level up)"),
        "matter.declined": ("不予受理", "Declined"),
        "action.vet": ("建账", "Vet into ledger"),
        "action.decline": ("不予受理", "Decline"),
        "action.handle": ("开始办理", "Start handling"),
        "action.coordinate": ("记录协调", "Record coordination"),
        "action.result": ("记录办理结果", "Record result"),
        "action.reply": ("答复群众", "Reply"),
        "action.rate": ("记录满意度", "Record rating"),
        "action.unreachable": ("报告无法联系", "Report unreachable"),
        "action.approveUnreachable": ("批准无法联系销号", "Approve closing without rating"),
        "action.publish": ("公开摘要", "Publish summary"),
        "action.withhold": ("依法不公开", "Withhold"),
        "action.accountability": ("问责审查", "Accountability review"),
        "action.close": ("销号", "Close"),
        "ledger.suggestion": ("意见建议", "Suggestion"),
        "ledger.demand": ("利益诉求", "Interest demand"),
        "ledger.complaint": ("投诉举报", "Complaint"),
        "ledger.none": ("待建账", "Not yet vetted"),
        "status.registered": ("已登记", "Registered"),
        "status.open": ("已建账", "Open"),
        "status.handling": ("办理中", "Handling"),
        "status.replied": ("已答复", "Replied"),
        "status.closed": ("已销号", "Closed"),
        "status.declined": ("不予受理", "Declined"),
        "channel.onlineMessage": ("网上留言", "Online message"),
        "channel.receptionRoom": ("暖心警务会客厅", "Reception room"),
        "channel.engagementItem": ("进建商", "Engagement meeting"),
        "channel.liaisonVisit": ("联访解", "Liaison visit"),
        "channel.patrolFinding": ("巡查发现", "Patrol finding"),
        "channel.walkIn": ("来访", "Walk-in"),
        "channel.letter": ("来信", "Letter"),
        "channel.phone": ("来电", "Phone"),
        "rating.satisfied": ("满意", "Satisfied"),
        "rating.basicallySatisfied": ("基本满意", "Basically satisfied"),
        "rating.dissatisfied": ("不满意", "Dissatisfied"),
        "withhold.personalPrivacy": ("涉及个人隐私", "Personal privacy"),
        "withhold.minorInvolved": ("涉及未成年人", "A minor is involved"),
        "withhold.ongoingInvestigation": ("案件正在侦办", "Ongoing investigation"),
        "withhold.stateSecret": ("涉及国家秘密", "State secret"),
        "withhold.commercialSecret": ("涉及商业秘密", "Commercial secret"),
        "withhold.residentObjected": ("当事人不同意公开", "The resident objected"),
        "error.title": ("无法完成", "Could not be done"),
        "error.back": ("返回", "Go back"),
    ]
}
