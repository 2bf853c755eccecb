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
