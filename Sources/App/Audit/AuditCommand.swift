import Fluent
import LedgerCore
import Vapor

/// `minyi audit verify`: proves the event log was not altered, removed from or reordered.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify: check every event's hash chain and print the head hash")
        var action: String
    }

    var help: String { "Checks the hash-chained audit log; exits non-zero and names the first bad event if it was tampered with." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            context.console.error("Unknown action '\(signature.action)'; the only action is 'verify'.")
            throw AppError.invalid("action", "must be verify")
        }
        switch try await AuditLog.verify(on: context.application.db) {
        case .success(let head):
            if let head {
                context.console.print("audit log ok: \(head.seq) events, head hash \(head.hash)")
            } else {
                context.console.print("audit log ok: no events yet, head hash \(AuditChain.genesisHash)")
            }
        case .failure(let failure):
            context.console.error("audit log BROKEN: \(failure)")
            throw AppError(status: .internalServerError, title: "Audit log broken", detail: failure.description)
        }
    }
}
