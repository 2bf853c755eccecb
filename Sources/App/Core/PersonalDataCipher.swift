import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LedgerCore
import Vapor

/// Seals residents' personal data (AES-256-GCM) and makes keyed digests for look-ups.
package struct PersonalDataCipher: Sendable {
    private let key: SymmetricKey
    private let digestKey: SymmetricKey
    /// Where the key came from, for messages (never the key itself).
    let source: String
    /// The key file this start made because there was none; `KeyCustody` takes it back if the
    /// database already held data sealed with another key.
    let madeKeyFile: String?

    /// Names the key without revealing it, stored beside what it sealed so that keys can rotate.
    let keyID: String

    init(key: SymmetricKey, source: String = "memory", madeKeyFile: String? = nil) {
        self.key = key
        self.keyID = String(Digits.hex(HMAC<SHA256>.authenticationCode(for: Data("minyi-key-id".utf8), using: key)).prefix(16))
        self.source = source
        self.madeKeyFile = madeKeyFile
        // A separate key for digests, so a digest never equals anything derived for sealing.
        self.digestKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("minyi-digest".utf8), using: key))
    }

    package func seal(_ text: String) throws -> String {
        try AES.GCM.seal(Data(text.utf8), using: key).combined!.base64EncodedString()
    }

    /// Seals a file: AES-GCM with a fresh nonce, stored as nonce, ciphertext and tag.
    func seal(_ bytes: Data) throws -> Data {
        try AES.GCM.seal(bytes, using: key).combined!
    }

    func open(_ sealed: Data) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw AppError(status: .internalServerError, title: "Sealed data is damaged", detail: "a sealed field is not valid base64") }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
    }

    package func digest(_ text: String) -> String {
        Digits.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: digestKey))
    }

    /// Whether `sealed` opens with this key to exactly `text`.
    func opens(_ sealed: String, as text: String) -> Bool { (try? open(sealed)) == text }

    /// The key comes from MINYI_DATA_KEY (base64, 32 bytes), from the file MINYI_DATA_KEY_FILE
    /// names (a secrets manager's mount), or from `data.key` in the data directory, made on the
    /// first start with owner-only permissions.
    static func load(config: AppConfig) throws -> PersonalDataCipher {
        if let base64 = config.dataKeyBase64, !base64.isEmpty {
            return PersonalDataCipher(key: try key(base64, from: "MINYI_DATA_KEY"), source: "MINYI_DATA_KEY")
        }
        if let path = config.dataKeyFile, !path.isEmpty {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw AppError(status: .internalServerError, title: "Bad configuration", detail: "MINYI_DATA_KEY_FILE names \(path), which cannot be read")
            }
            return PersonalDataCipher(key: try key(text, from: path), source: path)
        }
        let path = (config.dataDirectory as NSString).appendingPathComponent("data.key")
        // A key that exists but cannot be read is a fault to fix, never a reason to make a
        // new one: that would make every sealed record unreadable.
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return PersonalDataCipher(key: try key(text, from: path), source: path)
        }
        if FileManager.default.fileExists(atPath: path) {
            throw AppError(status: .internalServerError, title: "Bad configuration", detail: "\(path) exists but cannot be read; restore it from backup")
        }
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let fresh = SymmetricKey(size: .bits256)
        try writeExclusively(fresh.withUnsafeBytes { Data($0) }.base64EncodedString(), to: path)
        return PersonalDataCipher(key: fresh, source: path, madeKeyFile: path)
    }

    /// The key in a key file.
    static func fromFile(_ path: String) throws -> PersonalDataCipher {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AppError(status: .internalServerError, title: "Bad configuration", detail: "\(path) cannot be read")
        }
        return PersonalDataCipher(key: try key(text, from: path), source: path)
    }

    /// A new key in a new file (never over an existing one).
    static func createFile(_ path: String) throws -> PersonalDataCipher {
        let fresh = SymmetricKey(size: .bits256)
        try writeExclusively(fresh.withUnsafeBytes { Data($0) }.base64EncodedString(), to: path)
        return PersonalDataCipher(key: fresh, source: path)
    }

    /// Puts the key file `replacement` in the place of `path` in one rename, so there is never
    /// a moment without a key file, and makes the rename durable.
    static func replaceFile(_ path: String, with replacement: String) throws {
        guard rename(replacement, path) == 0 else {
            throw AppError(status: .internalServerError, title: "Key not replaced", detail: "cannot rename \(replacement) to \(path): \(String(cString: strerror(errno)))")
        }
        let directory = Glibc.open((path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    private static func key(_ text: String, from source: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw AppError(status: .internalServerError, title: "Bad configuration", detail: "\(source) must hold a 32-byte key in base64; restore it from backup")
        }
        return SymmetricKey(data: data)
    }

    /// Creates the key file only if no file is there (O_EXCL: two starts at once cannot both
    /// make one, and none overwrites a key), owner-only from the first byte, and on disk before use.
    private static func writeExclusively(_ text: String, to path: String) throws {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw AppError(status: .internalServerError, title: "Bad configuration",
                           detail: "cannot create \(path) (\(String(cString: strerror(errno)))); if another start made it, start again")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw AppError(status: .internalServerError, title: "Bad configuration", detail: "cannot write \(path)")
        }
    }
}

extension Application {
    private struct CipherKey: StorageKey { typealias Value = PersonalDataCipher }

    package var cipher: PersonalDataCipher {
        get { storage[CipherKey.self]! }
        set { storage[CipherKey.self] = newValue }
    }
}
