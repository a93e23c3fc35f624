import CHashLanes
import Crypto

/// HMAC-SHA256 under a fixed key (RFC 2104, the same codes as `HMAC<SHA256>`): the key's inner and
/// outer SHA-256 states are computed once, and a batch's values are hashed 16 or 8 at a time in
/// SIMD lanes where the CPU has AVX-512 or AVX2 (`CHashLanes`), each short value costing two
/// hash blocks.
final class Pseudonymiser: @unchecked Sendable {
    private let key = UnsafeMutablePointer<kq_hmac_key>.allocate(capacity: 1)

    init(key secret: SymmetricKey) {
        secret.withUnsafeBytes { bytes in
            kq_hmac_prepare(key, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
        }
    }

    deinit {
        // The states stand for the key: leave nothing of them in freed memory.
        UnsafeMutableRawPointer(key).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<kq_hmac_key>.size)
        key.deallocate()
    }

    /// The 32-byte code of one value.
    func code(_ value: UnsafeBufferPointer<UInt8>, into digest: UnsafeMutablePointer<UInt8>) {
        kq_hmac_one(key, value.baseAddress, value.count, digest)
    }

    /// The codes of `count` values, 32 bytes each, in order; `lanes` 0 hashes as many at once
    /// as the CPU can, 1, 8 or 16 at most that many (tests compare them).
    func codes(_ values: UnsafePointer<UnsafePointer<UInt8>?>, lengths: UnsafePointer<Int>, count: Int,
               into digests: UnsafeMutablePointer<UInt8>, lanes: Int = 0) {
        kq_hmac_many(key, values, lengths, count, digests, Int32(lanes))
    }

    /// How many values this CPU hashes at once: 16 with AVX-512, 8 with AVX2, otherwise 1.
    static var lanes: Int { Int(kq_hmac_lanes()) }
}
