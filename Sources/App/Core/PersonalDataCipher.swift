import Crypto
import Foundation
import LedgerCore
import Vapor

/// Seals residents' personal data (AES-256-GCM) and makes keyed digests for look-ups.
package struct PersonalDataCipher: Sendable {
    private let key: SymmetricKey
    private let digestKey: SymmetricKey

    init(key: SymmetricKey) {
        self.key = key
        // A separate key for digests, so a digest never equals anything derived for sealing.
        self.digestKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("minyi-digest".utf8), using: key))
    }

    package func seal(_ text: String) throws -> String {
        try AES.GCM.seal(Data(text.utf8), using: key).combined!.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw AppError(status: .internalServerError, title: "Sealed data is damaged", detail: "a sealed field is not valid base64") }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
    }

    package func digest(_ text: String) -> String {
        Digits.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: digestKey))
    }

    /// The key comes from MINYI_DATA_KEY (base64, 32 bytes); otherwise from `data.key` in the
    /// data directory, made on first start with owner-only permissions.
    static func load(config: AppConfig) throws -> PersonalDataCipher {
        if let base64 = config.dataKeyBase64, !base64.isEmpty {
            guard let data = Data(base64Encoded: base64), data.count == 32 else {
                throw AppError(status: .internalServerError, title: "Bad configuration", detail: "MINYI_DATA_KEY must be 32 bytes in base64")
            }
            return PersonalDataCipher(key: SymmetricKey(data: data))
        }
        let path = (config.dataDirectory as NSString).appendingPathComponent("data.key")
        if FileManager.default.fileExists(atPath: path) {
            // A key that exists but cannot be read is a fault to fix, never a reason to make a
            // new one: that would make every sealed record unreadable.
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
                throw AppError(status: .internalServerError, title: "Bad configuration",
                               detail: "\(path) exists but is not a 32-byte base64 key; restore it from backup")
            }
            return PersonalDataCipher(key: SymmetricKey(data: data))
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0) }.base64EncodedString()
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AppError(status: .internalServerError, title: "Bad configuration", detail: "cannot write \(path)")
        }
        return PersonalDataCipher(key: key)
    }
}

extension Application {
    private struct CipherKey: StorageKey { typealias Value = PersonalDataCipher }

    package var cipher: PersonalDataCipher {
        get { storage[CipherKey.self]! }
        set { storage[CipherKey.self] = newValue }
    }
}
