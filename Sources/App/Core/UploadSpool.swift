import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Receives a public upload (an application with its identity scans) into a temporary file of
/// the data directory, one chunk at a time: a slow or hostile sender holds a few KB of memory
/// while it sends, not the whole body, and a body past its limit is cut off as soon as it
/// passes it. The file is owner-only, read back once complete, and removed at once.
enum UploadSpool {
    static func folder(_ app: Application) -> String {
        (app.config.dataDirectory as NSString).appendingPathComponent("uploads")
    }

    static func prepare(_ app: Application) throws { try DataDirectory.prepareFolder(folder(app), emptied: app.config.runsServer) }

    /// Decodes a `multipart/form-data` body streamed to disk within `limit` bytes.
    static func decodeForm<Form: Decodable>(_ type: Form.Type, from req: Request, limit: BodyLimit) async throws -> Form {
        guard let contentType = req.headers.contentType, contentType.type == "multipart", contentType.subType == "form-data",
              let boundary = contentType.parameters["boundary"] else {
            throw AppError(status: .unsupportedMediaType, title: "Unsupported media type", detail: "body: must be multipart/form-data",
                           invalidParams: [.init(name: "body", reason: "must be multipart/form-data")])
        }
        let body = try await receive(req, limit: limit)
        guard body.readableBytes > 0 else { throw AppError.invalid("body", "is empty; send the form as multipart/form-data") }
        let decoder = FormDataDecoder()
        if let expected = req.storage[IdentityMiddleware.ExpectedCSRFKey.self] {
            try IdentityMiddleware.check(try? decoder.decode(CSRFField.self, from: body, boundary: boundary).csrf, expected: expected)
        }
        return try decoder.decode(Form.self, from: body, boundary: boundary)
    }

    private struct CSRFField: Decodable { let csrf: String? }

    static func receive(_ req: Request, limit: BodyLimit) async throws -> ByteBuffer {
        let path = (folder(req.application) as NSString).appendingPathComponent(UUID().uuidString)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw AppError(status: .serviceUnavailable, title: "Not received", detail: "the upload could not be stored; try again", retryAfter: 5) }
        defer { unlink(path) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var received = 0
        for try await chunk in req.body {
            received += chunk.readableBytes
            guard received <= limit.bytes else { throw BodyGate.tooLarge(limit) }
            try file.write(contentsOf: chunk.readableBytesView)
        }
        try file.close()
        return ByteBuffer(data: try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
