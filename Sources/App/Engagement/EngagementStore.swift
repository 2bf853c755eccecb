import Fluent
import SQLKit
import LedgerCore

/// The queries of engagement meetings, their agenda items and the think tank.
enum EngagementStore {
    /// Meetings within `reach`, latest first.
    static func meetings(within reach: Reach, limit: Int, on db: any Database) async throws -> [EngagementMeeting] {
        try await EngagementMeeting.query(on: db).within(reach).sort(\.$day, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// A meeting's agenda items in order, with the ledger matters some of them became.
    static func items(ofMeeting meetingID: Int, on db: any Database) async throws -> (items: [AgendaItem], matters: [Matter]) {
        let items = try await AgendaItem.query(on: db).filter(\.$meetingID == meetingID).sort(\.$id).all()
        let matters = try await Matter.query(on: db).filter(\.$id ~~ items.compactMap(\.matterID)).all()
        return (items, matters)
    }

    static func thinkTank(limit: Int, on db: any Database) async throws -> [ThinkTankMember] {
        try await ThinkTankMember.query(on: db).sort(\.$id).limit(limit).all()
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
