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

    /// A phrase in this language.
    func callAsFunction(_ phrase: Phrase) -> String { self == .zh ? phrase.zh : phrase.en }

    func ledger(_ ledger: Ledger?) -> String { self(ledger.map(Phrase.ledger) ?? .ledgerNone) }
    func status(_ status: MatterStatus) -> String { self(.status(status)) }
    func channel(_ channel: SourceChannel) -> String { self(.channel(channel)) }
    func rating(_ rating: Satisfaction) -> String { self(.rating(rating)) }
    func withholding(_ reason: WithholdingReason) -> String { self(.withholding(reason)) }
    func topic(_ topic: MatterTopic) -> String { self(.matterTopic(topic)) }
}

/// A phrase of the pages in both languages (the constants are in `Phrases.swift`).
struct Phrase: Sendable, Equatable {
    let zh: String
    let en: String
}
