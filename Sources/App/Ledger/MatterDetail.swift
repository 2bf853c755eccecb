import Fluent
import LedgerCore
import SQLKit
import Vapor

/// Everything shown about one matter, for the API and the matter page alike. Personal data
/// is masked here; only `reveal` returns it in clear.
struct MatterDetail: Content {
    struct Person: Content {
        let id: Int
        let name: String
        let phone: String
        let idNumber: String?
        let address: String?
        let reply: String?
        let rating: Satisfaction?
        let ratingComment: String?
        /// Who recorded the rating: only `resident` and `callbackOffice` are certified.
        let ratedBy: RatingSource?
        let ratingChannel: RatingChannel?
        let reachability: String
    }

    struct CoordinationItem: Content {
        let partnerUnitId: Int
        let partnerName: String
        let note: String
        let round: Int
        let at: Date
    }

    struct Publication: Content {
        let decision: String  // "published" | "withheld"
        let asked: String?
        let summary: String?
        let reason: WithholdingReason?
        let note: String?
    }

    /// One condition of the closure gate that does not hold yet.
    struct Gap: Content {
        let field: String
        let complainantId: Int?
        let description: String

        init(_ gap: ClosureGap) {
            field = gap.field
            description = gap.description
            switch gap {
            case .replyMissing(let id), .ratingMissing(let id), .dissatisfied(let id), .unreachableNotApproved(let id): complainantId = id
            case .noComplainants, .noHandlingResult, .noPublicationDecision, .noAccountabilityReview: complainantId = nil
            }
        }
    }

    struct DissatisfiedRating: Content { let round: Int; let complainantId: Int; let comment: String? }

    /// A random re-check (随机复核) of a closed round: who was called back and what they said.
    struct Recheck: Content { let id: Int; let round: Int; let complainantId: Int; let state: RecheckState; let decidedAt: Date?; let comment: String? }

    struct Accountability: Content {
        let answerableOfficerId: Int
        let answerableOfficerName: String
        let finding: String
    }

    let id: Int
    let reference: String
    let ledger: Ledger?
    let topic: MatterTopic
    let status: MatterStatus
    let version: Int
    let round: Int
    let channel: SourceChannel
    let sourceRef: String?
    /// The exact record the matter came from, and where staff can see it.
    let provenance: Provenance
    let summary: String
    let details: String
    let unitId: Int
    let unitName: String
    let districtId: Int?
    let cityId: Int
    let oversightLevel: Int
    let oversightUnitId: Int
    let handlerId: Int?
    let handlerName: String?
    let registeredAt: Date
    let deadlineAt: Date?
    let overdue: Bool
    let chaseLevel: Int
    let closedAt: Date?
    let declineReason: String?
    let result: String?
    let complainants: [Person]
    let coordinations: [CoordinationItem]
    let publication: Publication?
    let accountability: Accountability?
    let accountabilityRecords: Int
    let appeals: [AppealService.AppealDTO]
    /// 不满意 ratings of every round, the ones a unit may appeal.
    let dissatisfiedRatings: [DissatisfiedRating]
    let rechecks: [Recheck]
    let closureGaps: [Gap]
    let availableActions: [MatterAction]
    /// Only in the answer to a registration: each complainant's tracking code, shown once.
    var trackingCodes: [ComplainantTracking.Issued]? = nil

    static func load(_ id: Int, for principal: Principal, app: Application) async throws -> MatterDetail {
        let db = app.db
        guard let loaded = try await MatterStore.load(id, on: db) else { throw AppError.notFound("matter \(id)") }
        if case .officer(let actor) = principal, !actor.reach.contains(loaded.placement.place) { throw AppError.notFound("matter \(id)") }
        let matter = loaded.matter
        let cipher = app.cipher
        let unit = try await Unit.fetch(matter.unitID, on: db)
        // The handler and the answerable officer in one query.
        let officerIDs = [matter.handlerID, loaded.round.answerableOfficerID].compactMap { $0 }
        let officers = try await Officer.fetch(officerIDs, on: db)
        let handler = matter.handlerID.flatMap { id in officers.first { $0.id == id } }
        let answerable = loaded.round.answerableOfficerID.flatMap { id in officers.first { $0.id == id } }
        let coordinations = try await Coordination.select("WHERE matter_id = \(bind: id) ORDER BY id", on: db)
        let partnerIDs = Set(coordinations.map(\.partnerUnitID))
        let partners = try await Unit.fetch(partnerIDs, on: db)
        let records = try await MatterStore.standingAccountabilityRecords(of: id, on: db)
        let appeals = try await app.appeals.appeals(matterID: id)
        let dissatisfied = try await ComplainantRound.select(
            "WHERE matter_id = \(bind: id) AND rating = \(bind: Satisfaction.dissatisfied.rawValue) ORDER BY round, id", on: db)
        let rechecks = try await RecheckStore.ofMatter(id, on: db)
        let snapshot = loaded.snapshot
        let provenance = try await Provenance.of(matter, on: db)

        let people = try loaded.complainants.map { person in
            let response = loaded.response(for: person.id!)
            let state = snapshot.complainants.first { $0.id == person.id }!
            let reachability = switch state.reachability {
            case .reachable: "reachable"
            case .reportedUnreachable: "reportedUnreachable"
            case .approvedUnreachable: "approvedUnreachable"
            }
            return Person(
                id: person.id!, name: Masking.name(try cipher.open(person.nameSealed)),
                phone: Masking.phone(try cipher.open(person.phoneSealed)),
                idNumber: try person.idNumberSealed.map { Masking.idNumber(try cipher.open($0)) },
                address: try person.addressSealed.map { Masking.address(try cipher.open($0)) },
                reply: response?.reply, rating: response?.rating, ratingComment: response?.ratingComment,
                ratedBy: response?.ratedBy, ratingChannel: response?.ratingChannel, reachability: reachability)
        }
        let publication: Publication? = loaded.round.published.map {
            Publication(decision: $0 ? "published" : "withheld", asked: loaded.round.publicAsked, summary: loaded.round.publicSummary,
                        reason: loaded.round.withholdReason, note: loaded.round.publicationNote)
        }
        let accountability: Accountability? = answerable.map {
            Accountability(answerableOfficerId: $0.id!, answerableOfficerName: $0.displayName, finding: loaded.round.accountabilityFinding ?? "")
        }
        return MatterDetail(
            id: id, reference: matter.reference, ledger: matter.ledger, topic: matter.topic, status: matter.status, version: matter.version,
            round: matter.round, channel: matter.channel, sourceRef: matter.sourceRef, provenance: provenance, summary: matter.summary, details: matter.details,
            unitId: matter.unitID, unitName: unit?.name ?? "", districtId: matter.districtID, cityId: matter.cityID,
            oversightLevel: matter.oversightLevel, oversightUnitId: loaded.placement.oversightUnitID(level: matter.oversightLevel),
            handlerId: matter.handlerID, handlerName: handler?.displayName,
            registeredAt: matter.registeredAt, deadlineAt: matter.deadlineAt, overdue: matter.isOverdue, chaseLevel: matter.chaseLevel,
            closedAt: matter.closedAt, declineReason: matter.declineReason, result: loaded.round.result,
            complainants: people,
            coordinations: coordinations.map { item in
                CoordinationItem(partnerUnitId: item.partnerUnitID, partnerName: partners.first { $0.id == item.partnerUnitID }?.name ?? "",
                                 note: item.note, round: item.round, at: item.at)
            },
            publication: publication, accountability: accountability, accountabilityRecords: records, appeals: appeals,
            dissatisfiedRatings: dissatisfied.map { DissatisfiedRating(round: $0.round, complainantId: $0.complainantID, comment: $0.ratingComment) },
            rechecks: rechecks.map { Recheck(id: $0.id, round: $0.round, complainantId: $0.complainantId, state: $0.state,
                                             decidedAt: $0.decidedAt, comment: $0.comment) },
            closureGaps: matter.status.isFinal ? [] : LedgerRules.closureGaps(snapshot).map(Gap.init),
            availableActions: LedgerRules.availableActions(for: principal, on: snapshot).sorted())
    }
}

/// One line of a matter's timeline, read from the audit log.
struct TimelineEntry: Content {
    let seq: Int
    let at: String
    let kind: String
    let actorId: Int?
    let actorName: String?
    let fields: [String: String]

    static func load(matterID: Int, on db: any Database) async throws -> [TimelineEntry] {
        let events = try await AuditEvent.select("WHERE matter_id = \(bind: matterID) ORDER BY seq", on: db)
        let actorIDs = Set(events.compactMap(\.actorID))
        let actors = try await Officer.fetch(actorIDs, on: db)
        return events.map { event in
            let fields = (try? JSONDecoder().decode([String: String].self, from: Data(event.payload.utf8))) ?? [:]
            return TimelineEntry(seq: event.id!, at: event.at, kind: event.kind, actorId: event.actorID,
                                 actorName: actors.first { $0.id == event.actorID }?.displayName, fields: fields)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
