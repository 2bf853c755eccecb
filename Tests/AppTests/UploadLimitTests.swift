@testable import App
import AsyncHTTPClient
import Foundation
import SQLKit
import NIOCore
import Testing
import Vapor

/// Bodies are bounded before they are read (issue 21, item 4). The flood itself — twelve 40 MB
/// bodies at once against a real `minyi serve`, its memory measured — is in
/// `scripts/e2e/upload_flood_test.py`; here each limit is tried alone.
@Suite("Bounded uploads")
struct UploadLimitTests {
    /// A body that sends `first` bytes and then waits for `finish` before ending: a slow sender.
    struct SlowBody {
        let stream: AsyncStream<ByteBuffer>
        let continuation: AsyncStream<ByteBuffer>.Continuation

        init(first: Int) {
            (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
            continuation.yield(ByteBuffer(repeating: UInt8(ascii: "x"), count: first))
        }

        func finish() { continuation.finish() }
    }

    func post(_ world: TestWorld, _ path: String, body: SlowBody, length: HTTPClientRequest.Body.Length,
              contentType: String = "multipart/form-data; boundary=minyi") async throws -> TestWorld.Reply {
        var request = HTTPClientRequest(url: world.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .stream(body.stream, length: length)
        let response = try await world.client.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 1 << 20)
        return TestWorld.Reply(status: response.status, headers: response.headers, body: Data(buffer: collected))
    }

    @Test("a body declared larger than its route takes is refused with 413 before it is sent, naming the body", arguments: [
        ("/api/v1/public/applications", 40 << 20), ("/api/v1/public/messages", 100 << 10), ("/api/v1/matters", 2 << 20),
    ])
    func declaredTooLarge(path: String, length: Int) async throws {
        try await withWorld { world in
            // Only 1 KB is ever sent: the answer can come only from the declared length.
            let body = SlowBody(first: 1024)
            defer { body.finish() }
            let reply = try await post(world, path, body: body, length: .known(Int64(length)), contentType: "application/json")
            #expect(reply.status == .payloadTooLarge, "\(reply.status) \(reply.text)")
            #expect(reply.invalidParams == ["body"], "\(reply.text)")
        }
    }

    @Test("a body sent without a length is cut at its route's limit: 64 KB for a message, 25 MB for an application")
    func undeclaredTooLarge() async throws {
        try await withWorld { world in
            let message = SlowBody(first: 65 << 10)
            message.finish()
            let refused = try await post(world, "/api/v1/public/messages", body: message, length: .unknown, contentType: "application/json")
            #expect(refused.status == .payloadTooLarge, "\(refused.status) \(refused.text)")

            let upload = SlowBody(first: 26 << 20)
            upload.finish()
            let cut = try await post(world, "/api/v1/public/applications", body: upload, length: .unknown)
            #expect(cut.status == .payloadTooLarge, "\(cut.status) \(cut.text)")
            let left = try FileManager.default.contentsOfDirectory(atPath: UploadSpool.folder(world.app))
            #expect(left.isEmpty, "the spooled part is removed: \(left)")
            #expect(world.app.uploadSlots.count == 0)
        }
    }

    @Test("a sender past its submission limit is refused (429, Retry-After) before its upload is read")
    func rateLimitBeforeReading() async throws {
        try await withWorld { world in
            for _ in 0..<RateLimiter.submissionPerIP.limit {
                try await world.app.rateLimiter.hit(RateLimiter.submissionPerIP, key: "127.0.0.1")
            }
            let body = SlowBody(first: 1024)
            defer { body.finish() }
            let reply = try await post(world, "/api/v1/public/applications", body: body, length: .known(10 << 20))
            #expect(reply.status == .tooManyRequests, "\(reply.status) \(reply.text)")
            let retryAfter = try #require(reply.headers.first(name: "Retry-After").flatMap(Int.init), "\(reply.headers)")
            #expect(retryAfter > 0 && retryAfter <= RateLimiter.submissionPerIP.window)
        }
    }

    @Test("uploads at once are capped: the next is told to come back (429, Retry-After) at once, and the site still answers")
    func concurrentUploadsCapped() async throws {
        try await withWorld { world in
            let capacity = BodyLimit.concurrentPublicUploads
            let slow = (0..<capacity).map { _ in SlowBody(first: 64 << 10) }
            let pending = slow.map { body in
                Task { try await post(world, "/api/v1/public/applications", body: body, length: .unknown) }
            }
            var waited = 0
            // Up to 30 s: on a loaded machine (the whole suite at once on two cores) the four
            // connections can take seconds to be accepted; the wait ends as soon as they hold the slots.
            while world.app.uploadSlots.count < capacity && waited < 1200 {
                try await Task.sleep(for: .milliseconds(25))
                waited += 1
            }
            #expect(world.app.uploadSlots.count == capacity, "the slow uploads hold every slot")

            let extra = SlowBody(first: 1024)
            extra.finish()
            let refused = try await post(world, "/api/v1/public/applications", body: extra, length: .unknown)
            #expect(refused.status == .tooManyRequests, "\(refused.status) \(refused.text)")
            #expect(refused.headers.first(name: "Retry-After") != nil)
            let board = try await world.send(.GET, "/api/v1/public/districts")
            #expect(board.status == .ok, "other requests still answer while the slots are full")

            for body in slow { body.finish() }
            for task in pending {
                let reply = try await task.value
                #expect(reply.status == .unprocessableEntity, "a finished upload is read and judged: \(reply.status) \(reply.text)")
            }
            #expect(world.app.uploadSlots.count == 0, "every slot is given back")
        }
    }

    @Test("an upload from a signed-in browser is streamed, then refused without the form's CSRF token and taken with it")
    func uploadChecksCSRFAfterStreaming() async throws {
        try await withWorld { world in
            try await ApplicationTests().setUp(world)
            let (cookie, csrf) = try await world.signInWithCookie("a-clerk")
            let files = [("attachments[]", "id.pdf", "application/pdf", ApplicationTests.pdf), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)]
            let fields = [("name", "王五"), ("phone", "13912345678"), ("idNumber", TestWorld.person()["idNumber"] as! String)]
            let forged = try await world.sendMultipart("/services/passport/apply", fields: fields, files: files, cookie: cookie)
            #expect(forged.status == .forbidden, "\(forged.status)")
            let taken = try await world.sendMultipart("/services/passport/apply", fields: [("csrf", csrf)] + fields, files: files, cookie: cookie)
            #expect(taken.status == .ok, "\(taken.status) \(taken.text.prefix(300))")
            let stored = try await world.app.db.sql.raw("SELECT COUNT(*) AS n FROM service_applications").first()?.decode(column: "n", as: Int.self)
            #expect(stored == 1, "only the application with the token was stored")
        }
    }
}
