/// A fast 128-bit fingerprint of a byte stream: two XXH64 digests with different seeds, computed in
/// one pass. It tells whether a source has the same bytes as last time; it is not a published
/// checksum (those are SHA-256).
struct Fingerprint {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5
    private static let seeds: (UInt64, UInt64) = (0x6B69_6F73_7175_6531, 0x0DA7_A0FE_2026_1121)

    private var lanes: [(UInt64, UInt64, UInt64, UInt64)]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    init() {
        lanes = [Self.seeds.0, Self.seeds.1].map { seed in
            (seed &+ Self.prime1 &+ Self.prime2, seed &+ Self.prime2, seed, seed &- Self.prime1)
        }
        pending.reserveCapacity(32)
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        ((accumulator &+ input &* prime2) << 31 | (accumulator &+ input &* prime2) >> 33) &* prime1
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, bytes.count > 0 else { return }
        var count = bytes.count
        length &+= UInt64(count)
        if !pending.isEmpty {
            let take = min(32 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            base += take
            count -= take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { stripes($0.baseAddress!, 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = count / 32
        if whole > 0 { stripes(base, whole) }
        if count % 32 > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: base + whole * 32, count: count % 32)) }
    }

    private mutating func stripes(_ base: UnsafeRawPointer, _ count: Int) {
        var (a1, a2, a3, a4) = lanes[0]
        var (b1, b2, b3, b4) = lanes[1]
        var pointer = base
        for _ in 0..<count {
            let w1 = pointer.loadUnaligned(as: UInt64.self).littleEndian
            let w2 = pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian
            let w3 = pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian
            let w4 = pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian
            a1 = Self.round(a1, w1); a2 = Self.round(a2, w2); a3 = Self.round(a3, w3); a4 = Self.round(a4, w4)
            b1 = Self.round(b1, w1); b2 = Self.round(b2, w2); b3 = Self.round(b3, w3); b4 = Self.round(b4, w4)
            pointer += 32
        }
        lanes[0] = (a1, a2, a3, a4)
        lanes[1] = (b1, b2, b3, b4)
    }

    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { value << bits | value >> (64 - bits) }

    private static func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }

    /// The fingerprint as 32 hexadecimal digits.
    func finalize() -> String {
        var digests: [UInt64] = []
        for (index, seed) in [Self.seeds.0, Self.seeds.1].enumerated() {
            let (v1, v2, v3, v4) = lanes[index]
            var hash: UInt64
            if length >= 32 {
                hash = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
                hash = Self.merge(hash, v1); hash = Self.merge(hash, v2); hash = Self.merge(hash, v3); hash = Self.merge(hash, v4)
            } else {
                hash = seed &+ Self.prime5
            }
            hash &+= length
            var rest = pending[...]
            while rest.count >= 8 {
                var word: UInt64 = 0
                for (shift, byte) in rest.prefix(8).enumerated() { word |= UInt64(byte) << (8 * UInt64(shift)) }
                hash ^= Self.round(0, word)
                hash = Self.rotate(hash, 27) &* Self.prime1 &+ Self.prime4
                rest = rest.dropFirst(8)
            }
            if rest.count >= 4 {
                var word: UInt64 = 0
                for (shift, byte) in rest.prefix(4).enumerated() { word |= UInt64(byte) << (8 * UInt64(shift)) }
                hash ^= word &* Self.prime1
                hash = Self.rotate(hash, 23) &* Self.prime2 &+ Self.prime3
                rest = rest.dropFirst(4)
            }
            for byte in rest {
                hash ^= UInt64(byte) &* Self.prime5
                hash = Self.rotate(hash, 11) &* Self.prime1
            }
            hash ^= hash >> 33
            hash &*= Self.prime2
            hash ^= hash >> 29
            hash &*= Self.prime3
            hash ^= hash >> 32
            digests.append(hash)
        }
        return digests.map { String($0, radix: 16).leftPadded(to: 16) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
