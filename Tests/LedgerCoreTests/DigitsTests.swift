import Crypto
import Foundation
import Testing
@testable import LedgerCore

@Suite("Fixed-width digits")
struct DigitsTests {
    @Test("hexadecimal is two lower-case digits a byte, as String(format: \"%02x\") wrote it")
    func hex() {
        #expect(Digits.hex([]) == "")
        #expect(Digits.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        // The SHA-256 of "abc" from FIPS 180-2.
        #expect(Digits.hex(SHA256.hash(data: Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        for byte in UInt8.min...UInt8.max {
            #expect(Digits.hex([byte]) == String(format: "%02x", byte))
        }
    }

    @Test("zero-padding to a width, never cutting a longer number")
    func padded() {
        #expect(Digits.padded(7, width: 2) == "07")
        #expect(Digits.padded(0, width: 6) == "000000")
        #expect(Digits.padded(2023, width: 4) == "2023")
        #expect(Digits.padded(1_234_567, width: 6) == "1234567")
        for n in [0, 5, 42, 999, 12_345] {
            #expect(Digits.padded(n, width: 5) == String(format: "%05d", n))
        }
    }
}
