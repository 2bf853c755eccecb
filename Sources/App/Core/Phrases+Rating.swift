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

// 好差评: a resident rates a police service; the board's figures per hall.
extension Phrase {
    static let evaluateTitle = Phrase(zh: "评价服务", en: "Rate the service")
    static let evaluateHelp = Phrase(zh: "请对本次公安服务作出评价（一次一评）。差评将由办理单位回访并限期整改。",
                                     en: "Please rate this police service (one rating per service). A poor rating is called back and put right within a set time.")
    static let evaluateLookupHelp = Phrase(zh: "输入预约码或办理码及手机号后四位，评价已办结的服务。",
                                           en: "Enter the booking or application code and the last four digits of your phone to rate a finished service.")
    static let evaluateOpen = Phrase(zh: "评价此次服务", en: "Rate this service")
    static let evaluateService = Phrase(zh: "服务事项", en: "Service")
    static let evaluatePlace = Phrase(zh: "办理地点", en: "Where")
    static let evaluateFinished = Phrase(zh: "办结时间", en: "Finished")
    static let evaluateReasons = Phrase(zh: "评价理由", en: "Reasons")
    static let evaluateReasonsHint = Phrase(zh: "好评选择左列，基本满意及差评选择右列；差评至少选择一项。",
                                            en: "Praise goes with a good rating, complaints with 基本满意 or worse; a poor rating names at least one.")
    static let evaluateAnonymous = Phrase(zh: "匿名评价（不接受回访，差评不生成整改）",
                                          en: "Rate anonymously (no call-back; a poor rating opens no rectification)")
    static let evaluateThanks = Phrase(zh: "感谢您的评价，已记录。", en: "Thank you: your rating is recorded.")
    static let evaluateAlready = Phrase(zh: "此服务已评价：", en: "This service is rated: ")
    static let evaluateUnusable = Phrase(zh: "此评价链接无法使用", en: "This rating link cannot be used")
    static let evaluateOnline = Phrase(zh: "网上办理", en: "Online application")
    static let serviceRatingVerySatisfied = Phrase(zh: "非常满意", en: "Very satisfied")
    static let serviceRatingSatisfied = Phrase(zh: "满意", en: "Satisfied")
    static let serviceRatingBasicallySatisfied = Phrase(zh: "基本满意", en: "Basically satisfied")
    static let serviceRatingDissatisfied = Phrase(zh: "不满意", en: "Dissatisfied")
    static let serviceRatingVeryDissatisfied = Phrase(zh: "非常不满意", en: "Very dissatisfied")
    static let reasonCourteous = Phrase(zh: "服务态度好", en: "Courteous")
    static let reasonEfficient = Phrase(zh: "办事效率高", en: "Quick")
    static let reasonClearGuidance = Phrase(zh: "指引清楚", en: "Clear guidance")
    static let reasonFewMaterials = Phrase(zh: "材料精简", en: "Few materials")
    static let reasonDoneInOneVisit = Phrase(zh: "一次办成", en: "Done in one visit")
    static let reasonPoorAttitude = Phrase(zh: "服务态度差", en: "Poor attitude")
    static let reasonLongWait = Phrase(zh: "等候时间长", en: "Long wait")
    static let reasonSlowHandling = Phrase(zh: "办理时间长", en: "Slow handling")
    static let reasonRepeatedVisits = Phrase(zh: "多次跑动", en: "Had to come back")
    static let reasonExcessiveMaterials = Phrase(zh: "材料繁琐", en: "Too many materials")
    static let reasonUnclearGuidance = Phrase(zh: "指引不清", en: "Unclear guidance")
    static let reasonSystemFault = Phrase(zh: "系统或设备故障", en: "System or equipment fault")
    static let boardServicesHeading = Phrase(zh: "政务服务“好差评”（按服务大厅）", en: "Service ratings per hall")
    static let boardHall = Phrase(zh: "服务大厅", en: "Hall")
    static let boardRatings = Phrase(zh: "评价数", en: "Ratings")
    static let boardGoodRate = Phrase(zh: "好评率", en: "Good ratings")
    static let boardBadRatings = Phrase(zh: "差评", en: "Poor ratings")
    static let boardRectified = Phrase(zh: "差评整改", en: "Put right")
    static let boardSetAside = Phrase(zh: "经复核撤销", en: "Set aside on appeal")
}

// The halls' desk: bookings served, 差评 put right, appeals; the office's decisions.
extension Phrase {
    static let navServiceDesk = Phrase(zh: "窗口与整改", en: "Service desk")
    static let serviceDeskTitle = Phrase(zh: "窗口服务与差评整改", en: "Service desk and rectification")
    static let deskBookings = Phrase(zh: "预约办理", en: "Bookings")
    static let deskHall = Phrase(zh: "服务大厅", en: "Hall")
    static let deskDay = Phrase(zh: "日期", en: "Day")
    static let deskShow = Phrase(zh: "查看", en: "Show")
    static let deskServe = Phrase(zh: "已办结", en: "Served")
    static let deskServed = Phrase(zh: "已办结，已邀请群众评价", en: "served; the resident is invited to rate")
    static let deskBooked = Phrase(zh: "待办理", en: "booked")
    static let deskCancelled = Phrase(zh: "已取消", en: "cancelled")
    static let deskTasks = Phrase(zh: "差评整改", en: "Poor ratings to put right")
    static let deskTasksHint = Phrase(zh: "实名差评须在1个工作日内回访、5个工作日内整改并答复群众；逾期将逐级督办。",
                                      en: "A real-name poor rating is called back within 1 working day and put right with an answer within 5; late work is chased up the chain.")
    static let deskDeadline = Phrase(zh: "本阶段时限", en: "Due")
    static let deskCallback = Phrase(zh: "记录回访", en: "Record the call-back")
    static let deskRectify = Phrase(zh: "整改答复", en: "Record the rectification")
    static let deskAppeal = Phrase(zh: "申诉（误评、恶意评价）", en: "Appeal (mistaken or malicious)")
    static let serviceDeskAnswer = Phrase(zh: "整改情况及答复", en: "What was done, the answer")
    static let deskReason = Phrase(zh: "理由", en: "Reason")
    static let stageAwaitingCallback = Phrase(zh: "待回访", en: "awaiting call-back")
    static let stageAwaitingRectification = Phrase(zh: "待整改", en: "awaiting rectification")
    static let stageRectified = Phrase(zh: "已整改", en: "put right")
    static let stageWithdrawn = Phrase(zh: "申诉成立，已撤销", en: "withdrawn on appeal")
    static let ratingAppealPending = Phrase(zh: "申诉待回访办裁定", en: "appeal waiting for the office")
    static let appealsHeading = Phrase(zh: "服务评价申诉", en: "Appeals against service ratings")
    static let appealsHint = Phrase(zh: "服务单位认为属误评或恶意评价的差评：核实后裁定。成立则撤销该评价并撤回整改。",
                                    en: "Poor ratings a unit believes mistaken or malicious: check, then decide. Upheld sets the rating aside and withdraws its task.")
    static let appealUphold = Phrase(zh: "申诉成立", en: "Upheld")
    static let appealReject = Phrase(zh: "驳回申诉", en: "Rejected")
    static let ratingAppealDecide = Phrase(zh: "裁定", en: "Decide")
}
