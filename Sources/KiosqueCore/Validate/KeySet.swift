import CByteScan
/// A set of 128-bit keys (hashes of values) in 256 open-addressed shards with linear probing.
/// The keys are already well mixed, so their bits pick the shard and the slot directly: no second
/// hash per insert, 16 bytes a slot, and a shard that grows copies only 1/256 of the set, so that
/// memory grows smoothly with the keys (docs/PERFORMANCE.md). A shard gets its slots at its first
/// key, so a set that stays empty (a validator has one per field) costs one allocation.
struct KeySet {
    private struct Shard {
        var slots: UnsafeMutablePointer<(UInt64, UInt64)>
        var capacity: Int
        var count = 0
    }

    private static let shardBits = 8
    /// The slots of a shard without keys (capacity 0, so never read or written: the first insert grows it).
    nonisolated(unsafe) private static let noSlots = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: 1)
    private var shards: UnsafeMutablePointer<Shard>

    init() {
        shards = .allocate(capacity: 1 << Self.shardBits)
        shards.initialize(repeating: Shard(slots: Self.noSlots, capacity: 0), count: 1 << Self.shardBits)
    }

    /// Frees the table; the set must not be used afterwards.
    func deallocate() {
        for index in 0..<(1 << Self.shardBits) where shards[index].capacity > 0 { shards[index].slots.deallocate() }
        shards.deallocate()
    }

    /// Brings the key's first slot into the cache, ahead of its `insert`: at hundreds of thousands
    /// of keys the table outgrows the caches, and the slot's load was the reading thread's largest
    /// single cost (docs/PERFORMANCE.md).
    @inline(__always)
    func prefetch(_ high: UInt64, _ low: UInt64) {
        let shard = shards + Int(truncatingIfNeeded: high >> (64 - UInt64(Self.shardBits)))
        let capacity = shard.pointee.capacity
        guard capacity > 0 else { return }
        kq_prefetch_write(shard.pointee.slots + (Int(truncatingIfNeeded: low) & (capacity - 1)))
    }

    /// Inserts the key; false when it was already there.
    @inline(__always)
    mutating func insert(_ high: UInt64, _ low: UInt64) -> Bool {
        // (0, 0) marks an empty slot; a key that hashes to it is moved aside.
        let low = (high | low) == 0 ? 1 : low
        let shard = shards + Int(truncatingIfNeeded: high >> (64 - UInt64(Self.shardBits)))
        if (shard.pointee.count + 1) * 10 > shard.pointee.capacity * 7 { Self.grow(shard) }
        let slots = shard.pointee.slots
        let mask = shard.pointee.capacity - 1
        var index = Int(truncatingIfNeeded: low) & mask
        while true {
            let slot = slots[index]
            if slot.0 == 0 && slot.1 == 0 {
                slots[index] = (high, low)
                shard.pointee.count += 1
                return true
            }
            if slot.0 == high && slot.1 == low { return false }
            index = (index + 1) & mask
        }
    }

    private static func grow(_ shard: UnsafeMutablePointer<Shard>) {
        let old = shard.pointee.slots
        let oldCapacity = shard.pointee.capacity
        let capacity = max(8, oldCapacity * 2)
        let slots = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: capacity)
        slots.initialize(repeating: (0, 0), count: capacity)
        let mask = capacity - 1
        for position in 0..<oldCapacity {
            let slot = old[position]
            guard slot.0 != 0 || slot.1 != 0 else { continue }
            var index = Int(truncatingIfNeeded: slot.1) & mask
            while slots[index].0 != 0 || slots[index].1 != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
        if oldCapacity > 0 { old.deallocate() }
        shard.pointee.slots = slots
        shard.pointee.capacity = capacity
    }
}

/// A fast keyed 128-bit hash of short values, for uniqueness and k-anonymity keys: XXH64's mixing
/// under a seed drawn at random for each run, so that no input can be crafted to collide.
struct KeyHasher {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var high: UInt64
    private var low: UInt64

    init(seed: (UInt64, UInt64)) {
        high = seed.0
        low = seed.1
    }

    @inline(__always)
    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let value = state ^ (word &* prime2)
        return (value << 31 | value >> 33) &* prime1
    }

    @inline(__always)
    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index + 8 <= count {
            let word = base!.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            high = Self.mix(high, word)
            low = Self.mix(low, word ^ 0x5BD1_E995)
            index += 8
        }
        var tail: UInt64 = UInt64(count) << 56
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        high = Self.mix(high, tail)
        low = Self.mix(low, tail ^ 0x5BD1_E995)
    }

    @inline(__always)
    mutating func combine(_ value: UInt64) {
        high = Self.mix(high, value)
        low = Self.mix(low, value ^ 0x5BD1_E995)
    }

    /// The two halves, avalanched.
    func finalize() -> (UInt64, UInt64) {
        func avalanche(_ input: UInt64) -> UInt64 {
            var hash = input
            hash ^= hash >> 33
            hash &*= Self.prime2
            hash ^= hash >> 29
            hash &*= 0x1656_67B1_9E37_79F9
            hash ^= hash >> 32
            return hash
        }
        return (avalanche(high), avalanche(low ^ high))
    }

    /// A seed for this run.
    static func randomSeed() -> (UInt64, UInt64) {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }
}
