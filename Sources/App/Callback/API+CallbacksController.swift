import LedgerCore
import Vapor

extension API {
    /// `/api/v1/callbacks/...`: the call-back office's queue, the number for a call, and its calls.
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

        private static func ids(_ req: Request) throws -> (Int, Int) {
            guard let matterID = req.parameters.get("matterID", as: Int.self) else { throw AppError.invalid("matterID", "must be a number") }
            guard let complainantID = req.parameters.get("complainantID", as: Int.self) else {
                throw AppError.invalid("complainantID", "must be a number")
            }
            return (matterID, complainantID)
        }
    }
}
