/// What a resident sends through the online platform (西安警民网上"心连心"平台, 互动).
public enum MessageKind: String, Codable, CaseIterable, Sendable {
    case consultation  // 网上咨询
    case suggestion    // 网上建言
    case report        // 网上举报
    case business      // 网上办事

    /// A consultation may be anonymous; everything else needs name, phone and ID number.
    public var requiresContact: Bool { self != .consultation }

    /// The ledger a message of this kind most likely belongs in, when escalated.
    public var likelyLedger: Ledger {
        switch self {
        case .consultation, .business: .demand
        case .suggestion: .suggestion
        case .report: .complaint
        }
    }
}

/// A message's own life: received, then answered directly or escalated into a ledger matter.
public enum MessageStatus: String, Codable, CaseIterable, Sendable {
    case received, answered, escalated
}

/// The one status a resident sees for a message, whether it was answered directly or became
/// a ledger matter.
public enum ResidentStatus: String, Codable, CaseIterable, Sendable {
    case received       // 已受理, waiting for an answer
    case inProgress     // 办理中: escalated into a ledger, being handled
    case answered       // 已答复: there is an answer to read and rate
    case closed         // 已办结
    case declined       // 不予受理, with the reason as the answer

    /// The resident has had an outcome (an answer, a settlement or a refusal with its reason):
    /// what Open311 calls a closed request.
    public var hasOutcome: Bool { [.answered, .closed, .declined].contains(self) }

    public static func of(message: MessageStatus, matter: MatterStatus?) -> ResidentStatus {
        switch (message, matter) {
        case (.received, _): .received
        case (.answered, _): .answered
        case (.escalated, nil): .inProgress
        case (.escalated, .some(let status)):
            switch status {
            case .registered, .open, .handling: .inProgress
            case .replied: .answered
            case .closed: .closed
            case .declined: .declined
            }
        }
    }
}

/// Tracking codes residents keep: 12 characters from an alphabet without look-alikes
/// (about 62 bits), shown in groups of four.
public enum TrackingCode {
    public static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let raw = String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
        return format(raw)
    }

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// Accepts what a person types: lower case, spaces and dashes are forgiven.
    public static func normalise(_ typed: String) -> String? {
        let cleaned = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard cleaned.count == 12, cleaned.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return format(String(cleaned))
    }

    static func format(_ raw: String) -> String {
        let chars = Array(raw)
        return [chars[0..<4], chars[4..<8], chars[8..<12]].map { String($0) }.joined(separator: "-")
    }
}
