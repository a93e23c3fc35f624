import Foundation
import Testing
@testable import KiosqueCore

/// describe reads every sampled cell under six number conventions; `reads` was rewritten to
/// allocate nothing. Its answers are checked against the plain version it replaced.
@Suite struct NumberConventionTests {
    /// The version before, with exponents: split on the decimal mark, then the whole part into groups.
    static func reference(_ convention: NumberConvention, _ bytes: [UInt8]) -> Bool? {
        let unsigned = NumberConvention.unsigned(bytes[...])
        let split = unsigned.split(omittingEmptySubsequences: false) { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard split.count <= 2 else { return nil }
        if split.count == 2 {
            var exponent = String(decoding: split[1], as: UTF8.self)
            if exponent.hasPrefix("+") || exponent.hasPrefix("-") { exponent.removeFirst() }
            guard (1...3).contains(exponent.count), exponent.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(exponent),
                  value + split[0].count < 300 else { return nil }
            return mantissa(convention, split[0]) == nil ? nil : false
        }
        return mantissa(convention, unsigned)
    }

    static func mantissa(_ convention: NumberConvention, _ text: ArraySlice<UInt8>) -> Bool? {
        let parts = text.split(separator: convention.decimal, maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        let isDigit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(isDigit) else { return nil }
        }
        if whole.allSatisfy(isDigit) { return parts.count == 1 }
        guard let thousands = convention.thousands else { return nil }
        var groups: [ArraySlice<UInt8>] = []
        var current = whole.startIndex
        var index = whole.startIndex
        while index < whole.endIndex {
            let byte = whole[index]
            var width = 0
            if byte == thousands { width = 1 }
            if thousands == UInt8(ascii: " "), byte == 0xC2, whole[index...].starts(with: [0xC2, 0xA0]) { width = 2 }
            if thousands == UInt8(ascii: " "), byte == 0xE2, whole[index...].starts(with: [0xE2, 0x80, 0xAF]) { width = 3 }
            if width > 0 {
                groups.append(whole[current..<index])
                index += width
                current = index
            } else {
                index += 1
            }
        }
        groups.append(whole[current..<whole.endIndex])
        guard groups.count > 1, (1...3).contains(groups[0].count),
              groups.allSatisfy({ $0.allSatisfy(isDigit) }), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        return false
    }

    @Test("each convention reads 200,000 random numbers, near-numbers and words as the version before")
    func sameAnswers() {
        var generator = XorShift(state: 2026)
        let pieces: [[UInt8]] = [[0x30], [0x31], [0x37], [0x39], [0x2C], [0x2E], [0x20], [0x2D], [0x2B], [0xC2, 0xA0],
                                 [0xE2, 0x80, 0xAF], [0xE2, 0x88, 0x92], [0x61], [0x30, 0x30, 0x30], [0x31, 0x32, 0x33],
                                 [0x65], [0x45], [0x65, 0x2D, 0x30, 0x35], [0x45, 0x2B, 0x33]]
        var checked = 0, exponents = 0
        for _ in 0..<200_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...9, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            for convention in NumberConvention.all {
                let answer = convention.reads(bytes)
                #expect(answer == Self.reference(convention, bytes), "\(bytes) \(convention)")
                checked += 1
                if answer != nil, bytes.contains(where: { $0 == 0x65 || $0 == 0x45 }) { exponents += 1 }
            }
        }
        #expect(checked == 1_200_000)
        #expect(exponents > 1000, "\(exponents) numbers with an exponent")
        // Some of each answer, so that the comparison saw integers, decimals, grouped numbers and words.
        let samples = ["1 234,5", "1.234,5", "12", "12,5", "1,234.5", "1 2", "a", "1\u{A0}234", "-1 234 567,89"].map { Array($0.utf8) }
        #expect(samples.map { NumberConvention.all[1].reads($0) } == [false, nil, true, false, nil, nil, nil, false, false])
    }

    @Test("what describe reads as a number under a convention, run's caster reads under the same recipe separators")
    func runReadsWhatDescribeDrafts() throws {
        var generator = XorShift(state: 1121)
        let pieces: [[UInt8]] = [[0x30], [0x31], [0x39], [0x2C], [0x2E], [0x20], [0x2D], [0x2B], [0xC2, 0xA0], [0xE2, 0x88, 0x92],
                                 [0x65], [0x45], [0x30, 0x30, 0x30], [0x31, 0x32, 0x33], [0x39, 0x39, 0x39]]
        let casters = try NumberConvention.all.map { convention in
            try CellCaster(type: .number, format: nil, decimal: convention.decimal,
                           thousands: convention.thousands.map { String(UnicodeScalar($0)) })
        }
        let out = ByteBuffer(capacity: 64)
        var numbers = 0
        for _ in 0..<100_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            for (convention, caster) in zip(NumberConvention.all, casters) where convention.reads(bytes) != nil {
                numbers += 1
                out.truncate(to: 0)
                let kind = bytes.withUnsafeBufferPointer { caster.cast($0, into: out) }
                #expect(kind == .number, "\(String(decoding: bytes, as: UTF8.self)) \(convention)")
            }
        }
        #expect(numbers > 10_000)
        let exponent = Array("1,5e3".utf8)
        #expect(NumberConvention.all[NumberConvention.commaSpaces].reads(exponent) == false)
        #expect(NumberConvention.all[NumberConvention.pointSpaces].reads(exponent) == nil)
        #expect(NumberConvention.all[NumberConvention.pointSpaces].reads(Array("4.5E-05".utf8)) == false)
        #expect(NumberConvention.all[NumberConvention.pointSpaces].reads(Array("1e400".utf8)) == nil)
    }

    /// xorshift64, so that a failing case is the same on every run.
    struct XorShift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }
}
