import Fluent
import Foundation
import LedgerCore
import SQLKit

/// All the SQL of a ledger matter that is not a list (`MatterList`) or a tally
/// (`MatterTallies`): loading one with its round, saving it at the version it was read, and the
/// questions the sweep, the matter page and the barometer ask of the matters table. Dialect
/// differences stay in here.
enum MatterStore {
    /// How a load holds the matter's row until the transaction ends (PostgreSQL; SQLite's
    /// writes are one at a time already): an action waits for it, the deadline sweep skips a
    /// matter another instance holds.
    enum RowLock { case none, wait, skipLocked }

    /// Loads a matter, holding its row as `lock` says, so the deadline sweep on another
    /// instance cannot interleave with an action. Every action on a matter starts here, so the
    /// statements are raw SQL: FluentKit's query building cost three times SQLite's own work for each.
    static func load(_ id: Int, on db: any Database, lock: RowLock = .none) async throws -> LoadedMatter? {
        let statements = db.statements
        let forUpdate: SQLQueryString = switch (lock, statements.dialect) {
        case (.none, _), (_, .sqlite): ""
        case (.wait, .postgresql): " FOR UPDATE"
        case (.skipLocked, .postgresql): " FOR UPDATE SKIP LOCKED"
        }
        guard let matter = try await Matter.select("WHERE id = \(bind: id)\(forUpdate)", on: db).first,
              let round = try await MatterRound.select("WHERE matter_id = \(bind: id) AND round = \(bind: matter.round)", on: db).first
        else { return nil }
        let complainants = try await Complainant.select("WHERE matter_id = \(bind: id) ORDER BY id", on: db)
        let responses = try await ComplainantRound.select("WHERE matter_id = \(bind: id) AND round = \(bind: matter.round)", on: db)
        return LoadedMatter(matter: matter, round: round, complainants: complainants, responses: responses)
    }

    /// The columns an action may change, as they stood when the matter was loaded.
    struct ActionColumns: Equatable {
        let status: MatterStatus, ledger: Ledger?, round: Int, oversightLevel: Int, handlerID: Int?
        let deadlineAt: Date?, chaseLevel: Int, closedAt: Date?, escalatedAt: Date?, declineReason: String?

        init(_ matter: Matter) {
            (status, ledger, round, oversightLevel, handlerID) = (matter.status, matter.ledger, matter.round, matter.oversightLevel, matter.handlerID)
            (deadlineAt, chaseLevel, closedAt, escalatedAt, declineReason) = (matter.deadlineAt, matter.chaseLevel, matter.closedAt, matter.escalatedAt, matter.declineReason)
        }
    }

    /// Writes the matter only if no one else changed it since it was read. Only the columns that
    /// changed are set: SQLite compiles into an UPDATE every tally trigger that watches a column
    /// it sets, and compiling all of them took half a millisecond of every action.
    static func saveVersioned(_ matter: Matter, loaded: ActionColumns, expected: Int, on db: any Database) async throws {
        let now = ActionColumns(matter)
        var set: [SQLQueryString] = []
        if now.status != loaded.status { set.append("status = \(bind: now.status.rawValue)") }
        if now.ledger != loaded.ledger { set.append("ledger = \(bind: now.ledger?.rawValue)") }
        if now.round != loaded.round { set.append("round = \(bind: now.round)") }
        if now.oversightLevel != loaded.oversightLevel { set.append("oversight_level = \(bind: now.oversightLevel)") }
        if now.handlerID != loaded.handlerID { set.append("handler_id = \(bind: now.handlerID)") }
        if now.deadlineAt != loaded.deadlineAt { set.append("deadline_at = \(bind: now.deadlineAt)") }
        if now.chaseLevel != loaded.chaseLevel { set.append("chase_level = \(bind: now.chaseLevel)") }
        if now.closedAt != loaded.closedAt { set.append("closed_at = \(bind: now.closedAt)") }
        if now.escalatedAt != loaded.escalatedAt { set.append("escalated_at = \(bind: now.escalatedAt)") }
        if now.declineReason != loaded.declineReason { set.append("decline_reason = \(bind: now.declineReason)") }
        set.append("version = \(bind: expected + 1)")
        let updated = try await db.statements.value("""
            UPDATE matters SET \(set.joined(separator: ", ")) WHERE id = \(bind: matter.id!) AND version = \(bind: expected) RETURNING id
            """, column: "id", as: Int.self)
        guard updated != nil else { throw AppError.conflict("the matter was changed by someone else; reload and try again", field: "version") }
        matter.version = expected + 1
    }

    /// Overdue matters in a chased stage not yet chased to the top, oldest first.
    static func overdue(at now: Date, limit: Int, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT id FROM matters
            WHERE status IN (\(binds: EscalationLadder.chasedStatuses.map(\.rawValue))) AND deadline_at < \(bind: now)
              AND chase_level < \(bind: ChaseStep.nextLevelChief.rawValue)
            ORDER BY deadline_at, id LIMIT \(bind: limit)
            """, column: "id", as: Int.self)
    }

    /// Open matters and those past their stage's deadline, by the owning unit's level (for
    /// `/metrics`; on the status index, over the open matters only).
    struct OpenByLevel: Decodable { let kind: String; let open: Int; let overdue: Int }

    static func openByLevel(now: Date, on db: any Database) async throws -> [OpenByLevel] {
        let open = MatterStatus.allCases.filter { !$0.isFinal }.map(\.rawValue)
        let chased = EscalationLadder.chasedStatuses.map(\.rawValue)
        return try await db.statements.rows("""
            SELECT u.kind, CAST(COUNT(*) AS BIGINT) AS open,
                   CAST(SUM(CASE WHEN m.status IN (\(binds: chased)) AND m.deadline_at < \(bind: now) THEN 1 ELSE 0 END) AS BIGINT) AS overdue
            FROM matters m JOIN units u ON u.id = m.unit_id
            WHERE m.status IN (\(binds: open))
            GROUP BY u.kind
            """)
    }

    /// Accountability records of the matter that no upheld appeal annulled.
    static func standingAccountabilityRecords(of matterID: Int, on db: any Database) async throws -> Int {
        try await db.statements.value("""
            SELECT COUNT(*) AS n FROM accountability_records WHERE matter_id = \(bind: matterID) AND annulled_by_appeal_id IS NULL
            """, column: "n", as: Int.self) ?? 0
    }

    /// When the latest matter within `reach` was registered, if any was.
    static func latestRegistration(within reach: Reach, on db: any Database) async throws -> Date? {
        try await db.statements.value("SELECT MAX(registered_at) AS latest FROM matters WHERE \(reach.sql())", column: "latest", as: Date?.self) ?? nil
    }

    /// One complainant of the matter, if the id is one of its complainants.
    static func complainant(_ id: Int, ofMatter matterID: Int, on db: any Database) async throws -> Complainant? {
        try await Complainant.query(on: db).filter(\.$id == id).filter(\.$matterID == matterID).first()
    }

    /// The matter's first complainant (a message escalated into a matter brings exactly one).
    static func firstComplainant(ofMatter matterID: Int, on db: any Database) async throws -> Complainant? {
        try await Complainant.query(on: db).filter(\.$matterID == matterID).sort(\.$id).first()
    }

    /// A complainant's replies and ratings, round by round; or one round's.
    static func responses(ofMatter matterID: Int, complainant complainantID: Int, round: Int? = nil,
                          on db: any Database) async throws -> [ComplainantRound] {
        let query = ComplainantRound.query(on: db).filter(\.$matterID == matterID).filter(\.$complainantID == complainantID)
        if let round { query.filter(\.$round == round) }
        return try await query.sort(\.$round).all()
    }

    /// The appeals against a complainant's ratings of the matter, optionally one round's; or all
    /// of the matter's appeals, in id order.
    static func appeals(ofMatter matterID: Int, complainant complainantID: Int? = nil, round: Int? = nil,
                        on db: any Database) async throws -> [RatingAppeal] {
        let query = RatingAppeal.query(on: db).filter(\.$matterID == matterID)
        if let complainantID { query.filter(\.$complainantID == complainantID) }
        if let round { query.filter(\.$round == round) }
        return try await query.sort(\.$id).all()
    }

    /// An upheld appeal annuls the accountability that the appealed round's dissatisfaction caused.
    static func annulDissatisfactionRecords(ofMatter matterID: Int, round: Int, byAppeal appealID: Int, on db: any Database) async throws {
        try await AccountabilityRecord.query(on: db).filter(\.$matterID == matterID).filter(\.$round == round)
            .filter(\.$cause == .dissatisfied).set(\.$annulledByAppealID, to: appealID).update()
    }

    /// Every complainant's replies and ratings of these matters, all rounds.
    static func responses(ofMatters matterIDs: [Int], on db: any Database) async throws -> [ComplainantRound] {
        guard !matterIDs.isEmpty else { return [] }
        return try await ComplainantRound.query(on: db).filter(\.$matterID ~~ matterIDs).all()
    }

    /// The complainants of these matters, in id order.
    static func complainants(ofMatters matterIDs: [Int], on db: any Database) async throws -> [Complainant] {
        guard !matterIDs.isEmpty else { return [] }
        return try await Complainant.query(on: db).filter(\.$matterID ~~ matterIDs).sort(\.$id).all()
    }

    /// How many matters registered in [from, to) the officer sees within `reach`.
    static func countRegistered(from: Date, to: Date, visibleTo who: SignedIn, within reach: Reach, on db: any Database) async throws -> Int {
        try await Matter.query(on: db).visible(to: who).within(reach).filter(\.$registeredAt >= from).filter(\.$registeredAt < to).count()
    }

    /// A page of the matters registered in [from, to) that the officer sees, within `reach`,
    /// in id order after `afterID`: an export walks the whole period a page at a time.
    static func registered(from: Date, to: Date, visibleTo who: SignedIn, within reach: Reach, after afterID: Int, limit: Int,
                           on db: any Database) async throws -> [Matter] {
        try await Matter.query(on: db).visible(to: who).within(reach)
            .filter(\.$registeredAt >= from).filter(\.$registeredAt < to).filter(\.$id > afterID)
            .sort(\.$id).limit(limit).all()
    }
}

extension MatterStore {
    /// The matters a phone number (as its keyed digest) belongs to: a complainant's phone, a
    /// phone typed into a matter's text, or the phone of a message escalated into it.
    static func matterIDs(phoneDigest digest: String, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT matter_id AS id FROM complainants WHERE phone_digest = \(bind: digest)
            UNION SELECT owner_id FROM text_personal_data WHERE owner = 'matter' AND digest = \(bind: digest)
            UNION SELECT matter_id FROM messages WHERE matter_id IS NOT NULL AND phone_digest = \(bind: digest)
            UNION SELECT m.matter_id FROM messages m JOIN text_personal_data t ON t.owner = 'message' AND t.owner_id = m.id
                  WHERE m.matter_id IS NOT NULL AND t.digest = \(bind: digest)
            """, column: "id", as: Int.self)
    }
}
