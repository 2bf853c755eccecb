import Fluent
import Foundation
import LedgerCore

/// Where a ledger matter came from: its channel and the exact source record, with a link to it.
struct Provenance: Codable, Sendable {
    let channel: SourceChannel
    /// e.g. `message:12`, `reception-log:7`.
    let reference: String?
    /// The staff page of the source record, when there is one.
    let path: String?

    static func of(_ matter: Matter, on db: any Database) async throws -> Provenance {
        guard let reference = matter.sourceRef else { return Provenance(channel: matter.channel, reference: nil, path: nil) }
        let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int(parts[1]) else { return Provenance(channel: matter.channel, reference: reference, path: nil) }
        let path: String? = switch parts[0] {
        case "message": Page.message(id).path
        case "reception-log": try await ReceptionLogEntry.fetch(id, on: db).map { Page.room($0.roomID).path + "#entry-\(id)" }
        case "agenda-item": try await AgendaItem.fetch(id, on: db).map { Page.meeting($0.meetingID).path + "#item-\(id)" }
        case "liaison-item": try await LiaisonItem.fetch(id, on: db).map { Page.liaison.path + "#contact-\($0.contactID)" }
        default: nil
        }
        return Provenance(channel: matter.channel, reference: reference, path: path)
    }
}
