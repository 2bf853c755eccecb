import LedgerCore

/// What an audit event records: a matter's own events (`MatterEventKind`, from the rules) and
/// every other change the platform audits, each named once here so no call site spells a kind
/// as a string. The log stores `rawValue`.
package struct AuditKind: Sendable, Hashable {
    package let rawValue: String

    package init(_ event: MatterEventKind) { rawValue = event.rawValue }
    private init(_ rawValue: String) { self.rawValue = rawValue }

    // Accounts and sign-in
    package static let installed = AuditKind("installed")
    package static let demoSeeded = AuditKind("demoSeeded")
    package static let unitCreated = AuditKind("unitCreated")
    package static let officerCreated = AuditKind("officerCreated")
    package static let officerDisabled = AuditKind("officerDisabled")
    package static let officerRoleChanged = AuditKind("officerRoleChanged")
    package static let passwordChanged = AuditKind("passwordChanged")
    package static let secondFactorEnabled = AuditKind("secondFactorEnabled")
    package static let credentialsReset = AuditKind("credentialsReset")
    package static let dataKeyRotated = AuditKind("dataKeyRotated")
    package static let textPersonalDataRevealed = AuditKind("textPersonalDataRevealed")
    package static let searchedByPhone = AuditKind("searchedByPhone")
    package static let olderTextsSealed = AuditKind("olderTextsSealed")
    package static let tokenIssued = AuditKind("tokenIssued")
    package static let tokenRevoked = AuditKind("tokenRevoked")
    package static let open311KeyIssued = AuditKind("open311KeyIssued")
    package static let accountLocked = AuditKind("accountLocked")
    package static let simulatedOfficersCreated = AuditKind("simulatedOfficersCreated")

    // The call-back office
    package static let callbackCalled = AuditKind("callbackCalled")
    package static let callbackPhoneRevealed = AuditKind("callbackPhoneRevealed")
    package static let recheckDrawn = AuditKind("recheckDrawn")
    package static let recheckUnreached = AuditKind("recheckUnreached")

    // Settings
    package static let calendarChanged = AuditKind("calendarChanged")
    package static let deadlinesChanged = AuditKind("deadlinesChanged")

    // The resident platform
    package static let messageReceived = AuditKind("messageReceived")
    package static let messageAnswered = AuditKind("messageAnswered")
    package static let messageRated = AuditKind("messageRated")
    package static let messageEscalated = AuditKind("messageEscalated")

    // Appeals of a rating
    package static let ratingAppealed = AuditKind("ratingAppealed")
    package static let appealDecided = AuditKind("appealDecided")

    // Services
    package static let demoServicesSeeded = AuditKind("demoServicesSeeded")
    package static let serviceCreated = AuditKind("serviceCreated")
    package static let hallCreated = AuditKind("hallCreated")
    package static let windowCreated = AuditKind("windowCreated")
    package static let slotsCreated = AuditKind("slotsCreated")
    package static let appointmentBooked = AuditKind("appointmentBooked")
    package static let appointmentCancelled = AuditKind("appointmentCancelled")
    package static let applicationSubmitted = AuditKind("applicationSubmitted")
    package static let applicationStatusChanged = AuditKind("applicationStatusChanged")
    // 好差评 for services
    package static let appointmentServed = AuditKind("appointmentServed")
    package static let serviceEvaluated = AuditKind("serviceEvaluated")
    package static let rectificationOpened = AuditKind("rectificationOpened")
    package static let rectificationPhoneRevealed = AuditKind("rectificationPhoneRevealed")
    package static let rectificationCalledBack = AuditKind("rectificationCalledBack")
    package static let rectificationDone = AuditKind("rectificationDone")
    package static let rectificationChased = AuditKind("rectificationChased")
    package static let evaluationAppealed = AuditKind("evaluationAppealed")
    package static let evaluationAppealDecided = AuditKind("evaluationAppealDecided")
    package static let attachmentViewed = AuditKind("attachmentViewed")
    package static let attachmentsSealed = AuditKind("attachmentsSealed")
    package static let attachmentsPurged = AuditKind("attachmentsPurged")

    // Reception rooms
    package static let receptionRoomCreated = AuditKind("receptionRoomCreated")
    package static let receptionRoomInspected = AuditKind("receptionRoomInspected")
    package static let receptionServiceLogged = AuditKind("receptionServiceLogged")
    package static let receptionEntryEscalated = AuditKind("receptionEntryEscalated")

    // Engagement
    package static let meetingRecorded = AuditKind("meetingRecorded")
    package static let minutesRecorded = AuditKind("minutesRecorded")
    package static let agendaItemAdded = AuditKind("agendaItemAdded")
    package static let agendaItemResolved = AuditKind("agendaItemResolved")
    package static let agendaItemOpenedMatter = AuditKind("agendaItemOpenedMatter")
    package static let thinkTankMemberAppointed = AuditKind("thinkTankMemberAppointed")

    // Liaison
    package static let liaisonPaired = AuditKind("liaisonPaired")
    package static let liaisonVisited = AuditKind("liaisonVisited")
    package static let liaisonItemCollected = AuditKind("liaisonItemCollected")
    package static let liaisonItemOpenedMatter = AuditKind("liaisonItemOpenedMatter")
    package static let liaisonEnded = AuditKind("liaisonEnded")

    // Exports
    package static let exported = AuditKind("exported")
}
