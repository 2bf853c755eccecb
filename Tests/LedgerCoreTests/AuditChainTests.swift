import Foundation
import Testing
@testable import LedgerCore

/// Five sealed events of one matter's life, some without a matter or an actor.
private func sealedChain() -> [AuditRecord] {
    let events: [(kind: String, matterID: Int?, actorID: Int?, fields: [String: String])] = [
        ("registered", 42, nil, ["channel": "onlineMessage"]),
        ("vetted", 42, 1, ["ledger": "complaint", "round": "1"]),
        ("settingsChanged", nil, 14, ["day": "2024-04-04", "working": "false"]),
        ("replied", 42, 3, ["complainant": "501", "text": "已调解完毕"]),
        ("closed", 42, 1, ["round": "1"]),
    ]
    var previous = AuditChain.genesisHash
    var records: [AuditRecord] = []
    for (index, event) in events.enumerated() {
        let record = AuditChain.seal(seq: index + 1, at: "2024-03-0\(index + 1)T08:00:00Z", kind: event.kind,
                                     matterID: event.matterID, actorID: event.actorID,
                                     payload: AuditChain.canonicalPayload(event.fields), previous: previous)
        records.append(record)
        previous = record.hash
    }
    return records
}

/// Runs the verifier over `records`; returns the verifier on success.
private func verify(_ records: [AuditRecord]) -> Result<AuditChain.Verifier, AuditChain.Failure> {
    var verifier = AuditChain.Verifier()
    do throws(AuditChain.Failure) {
        for record in records { try verifier.check(record) }
        return .success(verifier)
    } catch {
        return .failure(error)
    }
}

private func failure(_ records: [AuditRecord]) -> AuditChain.Failure? {
    if case .failure(let failure) = verify(records) { failure } else { nil }
}

extension AuditRecord {
    func with(seq: Int? = nil, at: String? = nil, kind: String? = nil, matterID: Int?? = nil, actorID: Int?? = nil,
              payload: String? = nil, prevHash: String? = nil, hash: String? = nil) -> AuditRecord {
        AuditRecord(seq: seq ?? self.seq, at: at ?? self.at, kind: kind ?? self.kind, matterID: matterID ?? self.matterID,
                    actorID: actorID ?? self.actorID, payload: payload ?? self.payload,
                    prevHash: prevHash ?? self.prevHash, hash: hash ?? self.hash)
    }

    /// Recomputes the hash over the (possibly altered) content, as a forger would.
    func resealed(previous: String) -> AuditRecord {
        AuditChain.seal(seq: seq, at: at, kind: kind, matterID: matterID, actorID: actorID, payload: payload, previous: previous)
    }
}

@Suite("Audit chain")
struct AuditChainTests {
    let chain = sealedChain()

    @Test("a sealed chain links each event to the one before it")
    func sealedChainLinks() {
        #expect(chain.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(chain[0].prevHash == AuditChain.genesisHash)
        #expect(AuditChain.genesisHash == String(repeating: "0", count: 64))
        for index in 1..<chain.count { #expect(chain[index].prevHash == chain[index - 1].hash) }
        #expect(Set(chain.map(\.hash)).count == 5)
        #expect(chain.allSatisfy { $0.hash.count == 64 && $0.hash.allSatisfy(\.isHexDigit) })
    }

    @Test("the hash is SHA-256 over the previous hash followed by the canonical event")
    func hashDefinition() {
        // SHA-256("abc"), a published test vector.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(AuditChain.hash(previous: "", canonical: "abc") == abc)
        #expect(AuditChain.hash(previous: "ab", canonical: "c") == abc)
        let text = AuditChain.canonical(seq: 3, at: "2024-03-03T08:00:00Z", kind: "vetted", matterID: nil, actorID: 9, payload: "{}")
        #expect(text == #"["3","2024-03-03T08:00:00Z","vetted","-","9","{}"]"#)
        let record = chain[1]
        #expect(record.hash == AuditChain.hash(previous: chain[0].hash, canonical: AuditChain.canonical(
            seq: 2, at: record.at, kind: record.kind, matterID: 42, actorID: 1, payload: record.payload)))
    }

    @Test("an untouched chain verifies and its head matches")
    func untouchedChainVerifies() throws {
        let verifier = try verify(chain).get()
        #expect(verifier.count == 5)
        #expect(verifier.lastSeq == 5)
        #expect(verifier.lastHash == chain[4].hash)
        try verifier.finish(headSeq: 5, headHash: chain[4].hash)
    }

    @Test("an empty log matches an empty head")
    func emptyLog() throws {
        let verifier = AuditChain.Verifier()
        try verifier.finish(headSeq: 0, headHash: AuditChain.genesisHash)
        #expect(throws: AuditChain.Failure.headMismatch(expectedSeq: 1, foundSeq: 0)) {
            try verifier.finish(headSeq: 1, headHash: chain[0].hash)
        }
    }

    enum Field: String, CaseIterable, Sendable {
        case at, kind, matterID, actorID, payload, hash

        func alter(_ record: AuditRecord) -> AuditRecord {
            switch self {
            case .at: record.with(at: "2024-03-09T08:00:00Z")
            case .kind: record.with(kind: record.kind == "closed" ? "declined" : "closed")
            case .matterID: record.with(matterID: .some(record.matterID == nil ? 42 : (record.matterID == 42 ? nil : 42)))
            case .actorID: record.with(actorID: .some(record.actorID == nil ? 1 : record.actorID! + 1))
            case .payload: record.with(payload: record.payload.replacingOccurrences(of: "\"}", with: "x\"}"))
            case .hash: record.with(hash: String(record.hash.dropLast()) + (record.hash.hasSuffix("0") ? "1" : "0"))
            }
        }
    }

    @Test("altering any field of any event is caught at that event", arguments: Field.allCases, 0..<5)
    func alteredField(field: Field, index: Int) {
        var records = chain
        records[index] = field.alter(records[index])
        #expect(records[index] != chain[index])
        #expect(failure(records) == .alteredEvent(seq: index + 1))
    }

    @Test("altering a matter id between 42 and nil is caught, as is 42 → 43")
    func matterIDEdgeCases() {
        var records = chain
        records[0] = records[0].with(matterID: .some(nil))
        #expect(failure(records) == .alteredEvent(seq: 1))
        records = chain
        records[2] = records[2].with(matterID: .some(43))
        #expect(failure(records) == .alteredEvent(seq: 3))
    }

    @Test("altering an event's link or number is caught at that event", arguments: 0..<5)
    func alteredLinkOrSeq(index: Int) {
        var records = chain
        records[index] = records[index].with(prevHash: chain[(index + 1) % 5].hash)
        #expect(failure(records) == .brokenLink(seq: index + 1))
        records = chain
        records[index] = records[index].with(seq: index + 7)
        #expect(failure(records) == .outOfOrder(seq: index + 7))
    }

    @Test("an altered event re-hashed by the forger breaks the next link; at the end only the head catches it",
          arguments: 0..<5)
    func alteredAndResealed(index: Int) {
        var records = chain
        records[index] = chain[index].with(payload: "{\"forged\":\"yes\"}").resealed(previous: chain[index].prevHash)
        if index < 4 {
            #expect(failure(records) == .brokenLink(seq: index + 2))
        } else {
            let verifier = try? verify(records).get()
            #expect(verifier != nil)
            #expect(throws: AuditChain.Failure.headMismatch(expectedSeq: 5, foundSeq: 5)) {
                try verifier?.finish(headSeq: 5, headHash: chain[4].hash)
            }
        }
    }

    @Test("deleting a middle event is caught at the event after the gap", arguments: 1..<4)
    func deletedMiddle(index: Int) {
        var records = chain
        records.remove(at: index)
        // As stored: the numbering has a gap.
        #expect(failure(records) == .outOfOrder(seq: index + 2))
        // Renumbered to hide the gap: the link no longer matches.
        let renumbered = records.enumerated().map { offset, record in record.with(seq: offset + 1) }
        #expect(failure(renumbered) == .brokenLink(seq: index + 1))
    }

    @Test("swapping two events is caught at the first swapped position", arguments: [(1, 2), (0, 4), (2, 3)])
    func swapped(first: Int, second: Int) {
        var records = chain
        records.swapAt(first, second)
        #expect(failure(records) == .outOfOrder(seq: chain[second].seq))
        // With the numbers swapped back into order, the link at the first position fails.
        let renumbered = records.enumerated().map { offset, record in record.with(seq: offset + 1) }
        #expect(failure(renumbered) == .brokenLink(seq: first + 1))
        // Everything before the first swapped position verifies; the check stops there.
        var verifier = AuditChain.Verifier()
        var failedAt: Int?
        for (offset, record) in records.enumerated() {
            do { try verifier.check(record) } catch { failedAt = offset; break }
        }
        #expect(failedAt == first)
        #expect(verifier.count == first)
    }

    @Test("cutting events off the end passes the chain check but not the head check", arguments: [1, 2])
    func truncated(cut: Int) throws {
        let records = Array(chain.dropLast(cut))
        let verifier = try verify(records).get()
        #expect(throws: AuditChain.Failure.headMismatch(expectedSeq: 5, foundSeq: 5 - cut)) {
            try verifier.finish(headSeq: 5, headHash: chain[4].hash)
        }
        // Passing the truncated log's own head is fine: the head record is what protects the end.
        try verifier.finish(headSeq: 5 - cut, headHash: chain[4 - cut].hash)
    }

    @Test("a head must match both the number and the hash of the last event")
    func headHashMismatch() throws {
        let verifier = try verify(chain).get()
        #expect(throws: AuditChain.Failure.headMismatch(expectedSeq: 5, foundSeq: 5)) {
            try verifier.finish(headSeq: 5, headHash: chain[3].hash)
        }
        // …and so is the right hash under the wrong number.
        #expect(throws: AuditChain.Failure.headMismatch(expectedSeq: 4, foundSeq: 5)) {
            try verifier.finish(headSeq: 4, headHash: chain[4].hash)
        }
    }

    @Test("canonical payloads sort keys, whatever the insertion order")
    func canonicalPayloadSortsKeys() {
        #expect(AuditChain.canonicalPayload(["b": "2", "a": "1", "c": "x/y"]) == #"{"a":"1","b":"2","c":"x/y"}"#)
        #expect(AuditChain.canonicalPayload([:]) == "{}")

        let keys = (0..<30).map { String(format: "k%02d", $0) }
        var forward: [String: String] = [:]
        for key in keys { forward[key] = "v" }
        var backward: [String: String] = [:]
        for key in keys.reversed() { backward[key] = "v" }
        let expected = "{" + keys.map { "\"\($0)\":\"v\"" }.joined(separator: ",") + "}"
        #expect(AuditChain.canonicalPayload(forward) == expected)
        #expect(AuditChain.canonicalPayload(backward) == expected)
        #expect(AuditChain.canonicalPayload(["text": "已调解完毕"]) == #"{"text":"已调解完毕"}"#)
    }
}
