import Crypto
import Foundation
import Testing
@testable import KiosqueCore

/// The pseudonyms hashed in SIMD lanes are HMAC-SHA256 exactly: compared with swift-crypto's
/// `HMAC<SHA256>` for keys and values of every awkward length, one, eight and sixteen at a time.
@Suite("Pseudonyms in SIMD lanes")
struct PseudonymLanesTests {
    static func bytes(_ count: Int, seed: Int) -> [UInt8] { SeededBytes.make(count, seed: seed) }

    static func reference(_ value: [UInt8], key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: value, using: SymmetricKey(data: key)))
    }

    @Test("one value at a time, keys of 0 to 130 bytes, values of 0 to 130 bytes")
    func oneAtATime() {
        for keyLength in [0, 1, 31, 32, 55, 63, 64, 65, 100, 130] {
            let key = Self.bytes(keyLength, seed: keyLength)
            let keyed = Pseudonymiser(key: SymmetricKey(data: key))
            for length in [0, 1, 11, 54, 55, 56, 63, 64, 65, 119, 120, 128, 130] {
                let value = Self.bytes(length, seed: 1000 + length)
                var digest = [UInt8](repeating: 0, count: 32)
                value.withUnsafeBufferPointer { keyed.code($0, into: &digest) }
                #expect(digest == Self.reference(value, key: key), "key \(keyLength) bytes, value \(length) bytes")
            }
        }
    }

    @Test("a batch in lanes of 1, 8 and 16, short and long values mixed, counts that leave lanes free",
          arguments: [1, 8, 16])
    func batches(lanes: Int) {
        let key = Self.bytes(43, seed: 7)
        let keyed = Pseudonymiser(key: SymmetricKey(data: key))
        for count in [0, 1, 7, 8, 9, 15, 16, 17, 33, 100] {
            let values = (0..<count).map { Self.bytes(($0 * 7) % 90, seed: $0) }
            let copies = values.map { value in
                let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(value.count, 1))
                pointer.initialize(from: value, count: value.count)
                return pointer
            }
            defer { copies.forEach { $0.deallocate() } }
            let pointers: [UnsafePointer<UInt8>?] = copies.map { UnsafePointer($0) }
            let lengths = values.map(\.count)
            var digests = [UInt8](repeating: 0, count: 32 * count)
            digests.withUnsafeMutableBufferPointer { out in
                guard count > 0 else { return }
                keyed.codes(pointers, lengths: lengths, count: count, into: out.baseAddress!, lanes: lanes)
            }
            for index in 0..<count {
                #expect(Array(digests[(32 * index)..<(32 * index + 32)]) == Self.reference(values[index], key: key),
                        "\(lanes) lanes, value \(index) of \(count), \(values[index].count) bytes")
            }
        }
    }

    @Test("a run publishes the same codes: empty cells stay empty, long values and more than a batch of rows")
    func publishedCodes() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let long = "une.adresse.tres.longue.pour.depasser.cinquante.cinq.octets@ministere.example"
        // 2,100 rows: more than one batch of 2,048, with a partial group of lanes at the end of each.
        let values = (0..<2_100).map { $0 % 7 == 3 ? "" : $0 % 11 == 5 ? "\(long)\($0)" : "personne\($0)@example.org" }
        try sandbox.write("Pipelines/sources/personnes.csv", "id;courriel\n" + values.enumerated().map { "\($0);\($1)\n" }.joined())
        try sandbox.write("Pipelines/personnes.yml", """
            id: personnes
            title: Personnes
            source: {url: sources/personnes.csv}
            fields:
              - {name: id, type: integer}
              - {name: courriel, anonymise: {pseudonymise: {key: "${env:KIOSQUE_TEST_KEY}", length: 64}}}

            """)
        let key = "une-clé-de-test-de-plus-de-32-octets-0123456789"
        let result = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_KEY": key])
        #expect(result.status == 0, "\(result.stderr)")
        let (_, rows) = try Decoding.csv(sandbox.text("Output/datasets/personnes/personnes.csv"))
        #expect(rows.count == values.count)
        for (index, row) in rows.enumerated() {
            let expected = values[index].isEmpty ? ""
                : Self.reference(Array(values[index].utf8), key: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(row == [String(index), expected], "row \(index)")
        }
    }

    @Test("this machine's lanes are reported")
    func lanesOfThisMachine() {
        #expect([1, 8, 16].contains(Pseudonymiser.lanes))
    }
}
