import Fluent
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
}
