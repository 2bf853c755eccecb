import Crypto
import Foundation
import LedgerCore

/// Random secrets handed to a client (session cookies, bearer tokens, CSRF tokens, passwords).
/// Only the SHA-256 of a session or bearer token is stored.
package enum SecretToken {
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// 16 upper-case hex digits (64 random bits): an id to show in public instead of a row number.
    static func publicID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<8).map { _ in String(format: "%02X", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    static func digest(_ token: String) -> String {
        Digits.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// A one-time password people can type: no look-alike characters.
    package static func password(length: Int = 16) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
