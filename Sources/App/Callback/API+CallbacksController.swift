import LedgerCore
import Vapor

extension API {
    /// `/api/v1/callbacks/...`: the call-back office's queue, the number for a call, its calls, and the random re-checks.
    enum CallbacksController {
        @Sendable static func queue(req: Request) async throws -> [CallbackService.QueueItem] {
            try await req.application.callbacks.queue(for: try req.officer())
        }

        @Sendable static func revealPhone(req: Request) async throws -> CallbackService.Phone {
            let (matterID, complainantID) = try ids(req)
            return try await req.application.callbacks.revealPhone(matterID: matterID, complainantID: complainantID, by: try req.officer())
        }

        @Sendable static func calls(req: Request) async throws -> [CallbackService.CallView] {
            let (matterID, complainantID) = try ids(req)
            return try await req.application.callbacks.calls(matterID: matterID, complainantID: complainantID, by: try req.officer())
        }

        @Sendable static func record(req: Request) async throws -> [CallbackService.CallView] {
            let (matterID, complainantID) = try ids(req)
            let body = try req.content.decode(CallbackService.CallRecord.self)
            return try await req.application.callbacks.record(body, matterID: matterID, complainantID: complainantID, by: try req.officer())
        }

        @Sendable static func rechecks(req: Request) async throws -> [RecheckService.Waiting] {
            try await req.application.rechecks.waiting(for: try req.officer())
        }

        @Sendable static func revealRecheckPhone(req: Request) async throws -> CallbackService.Phone {
            try await req.application.rechecks.revealPhone(recheckID: try recheckID(req), by: try req.officer())
        }

        @Sendable static func recordRecheck(req: Request) async throws -> RecheckService.Settled {
            let body = try req.content.decode(RecheckService.CallRecord.self)
            return try await req.application.rechecks.record(body, recheckID: try recheckID(req), by: try req.officer())
        }

        private static func recheckID(_ req: Request) throws -> Int {
            guard let id = req.parameters.get("recheckID", as: Int.self) else { throw AppError.invalid("recheckID", "must be a number") }
            return id
        }

        private static func ids(_ req: Request) throws -> (Int, Int) {
            guard let matterID = req.parameters.get("matterID", as: Int.self) else { throw AppError.invalid("matterID", "must be a number") }
            guard let complainantID = req.parameters.get("complainantID", as: Int.self) else {
                throw AppError.invalid("complainantID", "must be a number")
            }
            return (matterID, complainantID)
        }
    }
}
