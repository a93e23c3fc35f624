import Foundation
import Testing
@testable import KiosqueCore

/// The source fingerprint is two XXH64 digests; these values come from the reference implementation
/// (python-xxhash) with the same seeds.
@Suite("Source fingerprint")
struct FingerprintTests {
    static let cases: [([UInt8], String)] = [
        ([], "86f473f9b20e2b5f058539a7d623cbc9"),
        (Array("a".utf8), "062f6f1769e9301eb27eb84afeee42a3"),
        (Array("abc".utf8), "0564ed56e5f2fec59da8ea6c6cc8c656"),
        (Array("Bouaké;2025".utf8), "9f459bada549f4e61515b996e894a984"),
        ((0..<3).flatMap { _ in (0..<256).map { UInt8($0) } } + Array("xyz".utf8), "ecc1b621884403f691d85d55e911fe26"),
    ]

    @Test("equals XXH64 with the two seeds, however the bytes are split", arguments: cases, [1, 7, 32, 1000])
    func reference(input: ([UInt8], String), piece: Int) {
        var fingerprint = Fingerprint()
        var start = 0
        while start < input.0.count {
            let end = min(start + piece, input.0.count)
            input.0[start..<end].withUnsafeBytes { fingerprint.update($0) }
            start = end
        }
        #expect(fingerprint.finalize() == input.1)
    }
}

@Suite("Key set")
struct KeySetTests {
    @Test("every key is kept once, across growth of every shard")
    func insertions() {
        var set = KeySet()
        defer { set.deallocate() }
        let seed = KeyHasher.randomSeed()
        var fresh = 0
        for round in 0..<2 {
            for value in 0..<200_000 {
                var hasher = KeyHasher(seed: seed)
                hasher.combine(UInt64(value))
                let (high, low) = hasher.finalize()
                if set.insert(high, low) { fresh += 1 } else { #expect(round == 1) }
            }
        }
        #expect(fresh == 200_000)
        let first = set.insert(0, 0), second = set.insert(0, 0)
        #expect(first && !second)
    }

    /// Shards get their slots at their first key; a set that stays empty, or keys landing in a few
    /// shards only, must work and free what it has.
    @Test("empty sets and sets with keys in a few shards")
    func sparse() {
        let empty = KeySet()
        empty.deallocate()
        var set = KeySet()
        defer { set.deallocate() }
        var fresh = 0, again = 0
        for round in 0..<2 {
            for low in UInt64(1)...100 {
                for high: UInt64 in [0x0100_0000_0000_0000, 0xFF00_0000_0000_0000] where set.insert(high, low) {
                    if round == 0 { fresh += 1 } else { again += 1 }
                }
            }
        }
        #expect(fresh == 200 && again == 0)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("two lower-case digits a byte, as String(format: \"%02x\") writes them")
    func digits() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.string([UInt8]()) == "")
    }
}
