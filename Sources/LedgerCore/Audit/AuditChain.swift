import Crypto
import Foundation

/// One event of the append-only log as stored.
public struct AuditRecord: Sendable, Equatable {
    public let seq: Int
    public let at: String
    public let kind: String
    public let matterID: Int?
    public let actorID: Int?
    public let payload: String
    public let prevHash: String
    public let hash: String

    public init(seq: Int, at: String, kind: String, matterID: Int?, actorID: Int?, payload: String, prevHash: String, hash: String) {
        self.seq = seq; self.at = at; self.kind = kind; self.matterID = matterID
        self.actorID = actorID; self.payload = payload; self.prevHash = prevHash; self.hash = hash
    }
}

/// hash_i = SHA-256(hash_{i-1} ‖ canonical event).
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical form of an event: every stored field, in a fixed order, as a JSON array,
    /// so no choice of field contents can make two different events read the same.
    public static func canonical(seq: Int, at: String, kind: String, matterID: Int?, actorID: Int?, payload: String) -> String {
        CanonicalJSON.array([String(seq), at, kind, matterID.map(String.init) ?? "-", actorID.map(String.init) ?? "-", payload])
    }

    public static func hash(previous: String, canonical: String) -> String {
        let digest = SHA256.hash(data: Data((previous + canonical).utf8))
        return Digits.hex(digest)
    }

    /// A payload as JSON with sorted keys, so the same facts always hash the same.
    public static func canonicalPayload(_ fields: [String: String]) -> String {
        CanonicalJSON.object(fields)
    }

    public static func seal(seq: Int, at: String, kind: String, matterID: Int?, actorID: Int?, payload: String, previous: String) -> AuditRecord {
        let text = canonical(seq: seq, at: at, kind: kind, matterID: matterID, actorID: actorID, payload: payload)
        return AuditRecord(seq: seq, at: at, kind: kind, matterID: matterID, actorID: actorID, payload: payload,
                           prevHash: previous, hash: hash(previous: previous, canonical: text))
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case brokenLink(seq: Int)
        case alteredEvent(seq: Int)
        case outOfOrder(seq: Int)
        case headMismatch(expectedSeq: Int, foundSeq: Int)

        public var description: String {
            switch self {
            case .brokenLink(let seq): "event \(seq): its previous hash does not match the event before it (an event was removed or reordered)"
            case .alteredEvent(let seq): "event \(seq): its content does not match its hash (the event was altered)"
            case .outOfOrder(let seq): "event \(seq): sequence numbers are not strictly increasing by one"
            case .headMismatch(let expected, let found): "the log ends at event \(found) but the recorded head is event \(expected) (events were removed from the end)"
            }
        }
    }

    /// Checks events in order, one at a time, so a long log is verified in batches.
    public struct Verifier: Sendable {
        public private(set) var lastHash = AuditChain.genesisHash
        public private(set) var lastSeq = 0
        public private(set) var count = 0

        public init() {}

        public mutating func check(_ record: AuditRecord) throws(Failure) {
            if record.seq != lastSeq + 1 { throw .outOfOrder(seq: record.seq) }
            if record.prevHash != lastHash { throw .brokenLink(seq: record.seq) }
            let text = AuditChain.canonical(seq: record.seq, at: record.at, kind: record.kind, matterID: record.matterID,
                                            actorID: record.actorID, payload: record.payload)
            if AuditChain.hash(previous: record.prevHash, canonical: text) != record.hash { throw .alteredEvent(seq: record.seq) }
            lastHash = record.hash
            lastSeq = record.seq
            count += 1
        }

        /// The recorded head must be the last event seen, or events were cut off the end.
        public func finish(headSeq: Int, headHash: String) throws(Failure) {
            if headSeq != lastSeq || headHash != lastHash { throw .headMismatch(expectedSeq: headSeq, foundSeq: lastSeq) }
        }
    }
}
