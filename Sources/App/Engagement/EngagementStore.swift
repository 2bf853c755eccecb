import Fluent
import SQLKit
import LedgerCore

/// The queries of engagement meetings, their agenda items and the think tank.
enum EngagementStore {
    /// Meetings within `reach`, latest first.
    /// Newest day first; after `cursor` (a meeting's id) continues below that meeting's day and id.
    static func meetings(within reach: Reach, after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [EngagementMeeting] {
        let query = EngagementMeeting.query(on: db).within(reach)
        if let cursor {
            guard let last = try await EngagementMeeting.query(on: db).filter(\.$id == cursor).first() else { return [] }
            query.group(.or) { older in
                older.filter(\.$day < last.day)
                older.group(.and) { $0.filter(\.$day == last.day).filter(\.$id < cursor) }
            }
        }
        return try await query.sort(\.$day, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// A meeting's agenda items in order, with the ledger matters some of them became.
    static func items(ofMeeting meetingID: Int, on db: any Database) async throws -> (items: [AgendaItem], matters: [Matter]) {
        let items = try await AgendaItem.query(on: db).filter(\.$meetingID == meetingID).sort(\.$id).all()
        let matters = try await Matter.query(on: db).filter(\.$id ~~ items.compactMap(\.matterID)).all()
        return (items, matters)
    }

    static func thinkTank(after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [ThinkTankMember] {
        let query = ThinkTankMember.query(on: db)
        if let cursor { query.filter(\.$id > cursor) }
        return try await query.sort(\.$id).limit(limit).all()
    }

    /// Who may own a resolution: the active officers of the meeting's unit and the units above it.
    static func owners(of meeting: EngagementMeeting, on db: any Database) async throws -> [Officer] {
        try await Officer.query(on: db).filter(\.$unitID ~~ [meeting.unitID, meeting.districtID, meeting.cityID].compactMap { $0 })
            .filter(\.$disabled == false).filter(\.$role != .administrator).sort(\.$id).all()
    }

    static func thinkTankMembers(ids: [Int], on db: any Database) async throws -> [ThinkTankMember] {
        try await ThinkTankMember.query(on: db).filter(\.$id ~~ ids).all()
    }

    /// Activities, participants and resolutions per level within `reach` for days in [from, to).
    static func counts(within reach: Reach, from: String, to: String, on db: any Database) async throws -> [EngagementService.LevelCount] {
        try await db.statements.rows("""
            SELECT m.level AS level, COUNT(*) AS activities,
                   CAST(SUM(m.think_tank_members + m.deputies + m.cppcc_members + m.residents + m.experience_officers + m.officers) AS BIGINT) AS participants,
                   CAST(SUM((SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.resolution IS NOT NULL)) AS BIGINT) AS resolutions
            FROM engagement_meetings m
            WHERE \(reach.sql(.records(alias: "m"))) AND m.day >= \(bind: from) AND m.day < \(bind: to)
            GROUP BY m.level ORDER BY m.level
            """)
    }
}
