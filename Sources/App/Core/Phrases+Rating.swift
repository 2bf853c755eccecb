// The phrases of rating links and the call-back office (see Phrases.swift).
extension Phrase {
    static let rateLinkTitle = Phrase(zh: "评价答复", en: "Rate the reply")
    static let rateLinkHelp = Phrase(zh: "请评价公安机关对您所反映事项的答复。此链接仅可使用一次。",
                                     en: "Please rate the police's reply to the matter you raised. This link works once.")
    static let rateLinkReference = Phrase(zh: "事项编号", en: "Matter reference")
    static let rateLinkReply = Phrase(zh: "答复内容", en: "The reply")
    static let rateLinkExpires = Phrase(zh: "链接有效期至", en: "Link valid until")
    static let rateLinkThanks = Phrase(zh: "感谢您的评价，已记录。", en: "Thank you: your rating is recorded.")
    static let rateLinkUnusable = Phrase(zh: "此评价链接无法使用", en: "This rating link cannot be used")
    static let ratedByResident = Phrase(zh: "群众本人评价", en: "rated by the resident")
    static let ratedByCallback = Phrase(zh: "回访办记录", en: "recorded by the call-back office")
    static let ratedByUnit = Phrase(zh: "单位代录，不计入满意率", en: "entered by the unit, not counted")
}

// Random re-checks (随机回访复核) and the office's calls, on a matter's page and timeline.
extension Phrase {
    static let actionRecheck = Phrase(zh: "回访复核", en: "Re-check")
    static let eventRechecked = Phrase(zh: "回访复核", en: "Re-checked")
    static let eventRecheckDrawn = Phrase(zh: "抽中回访复核", en: "Drawn for a re-check")
    static let eventRecheckUnreached = Phrase(zh: "复核未能联系群众", en: "Re-check: resident not reached")
    static let eventCallbackCalled = Phrase(zh: "回访电话", en: "Call-back call")
    static let eventCallbackPhoneRevealed = Phrase(zh: "回访查看号码", en: "Number viewed for a call-back")
    static let recheckHeading = Phrase(zh: "随机回访复核", en: "Random re-checks")
    static let recheckPending = Phrase(zh: "待回访", en: "waiting for the call")
    static let recheckConfirmed = Phrase(zh: "群众确认满意", en: "the resident confirmed")
    static let recheckDisagreed = Phrase(zh: "群众不满意，已重新办理", en: "the resident disagreed; reopened")
    static let recheckUnreached = Phrase(zh: "未能联系群众", en: "resident not reached")
    static let recheckConfirmation = Phrase(zh: "复核确认率", en: "Re-check confirmation")
}

// The walk-in receipt (回执) with each complainant's tracking code.
extension Phrase {
    static let receiptTitle = Phrase(zh: "登记回执", en: "Registration receipt")
    static let receiptHelp = Phrase(zh: "请将回执交给群众：凭查询码和手机号后四位可在“心连心”查询办理进度、查看答复并亲自评价。查询码只显示这一次。",
                                    en: "Give this receipt to the resident: with the tracking code and the last four digits of their phone they can follow the matter, read the reply and rate it themselves. The code is shown this once.")
    static let receiptToMatter = Phrase(zh: "进入事项页面", en: "Go to the matter")
}

// The call-back office's desk.
extension Phrase {
    static let navCallbacks = Phrase(zh: "回访", en: "Call-backs")
    static let callbackDeskTitle = Phrase(zh: "回访工作台", en: "Call-back desk")
    static let callbackQueueHeading = Phrase(zh: "待回访的答复", en: "Replies waiting for a call")
    static let callbackQueueHint = Phrase(zh: "群众在规定工作日内未自行评价的答复（已先发送邀评短信）。拨打前点击“查看号码”，每次查看均记录在案。",
                                          en: "Replies the resident has not rated within the working days allowed (a reminder went first). Press “Show number” before calling; every look is recorded.")
    static let recheckHint = Phrase(zh: "每日随机抽取的已满意销号事项：请致电群众确认是否满意；不满意的将重新办理。",
                                    en: "Closures drawn at random each day: call the resident to confirm; a resident who is not satisfied reopens the matter.")
    static let callbackCalls = Phrase(zh: "已拨次数", en: "Calls")
    static let callbackRecord = Phrase(zh: "记录回访", en: "Record the call")
    static let callbackReveal = Phrase(zh: "查看号码", en: "Show number")
    static let callbackOutcome = Phrase(zh: "通话结果", en: "Outcome")
    static let recheckVerdict = Phrase(zh: "群众意见", en: "What the resident said")
    static let callOutcomeRated = Phrase(zh: "已接通并评价", en: "Answered and rated")
    static let callOutcomeNoAnswer = Phrase(zh: "无人接听", en: "No answer")
    static let callOutcomeRefused = Phrase(zh: "拒绝评价", en: "Refused to rate")
    static let callOutcomeWrongNumber = Phrase(zh: "号码错误", en: "Wrong number")
    static let recheckVerdictConfirmed = Phrase(zh: "确认满意", en: "Confirms satisfied")
    static let recheckVerdictDisagreed = Phrase(zh: "不满意", en: "Not satisfied")
}
