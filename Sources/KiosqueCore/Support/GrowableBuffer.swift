/// A growable run of plain values in memory owned by the buffer: what the row path uses instead of
/// `Array`, so that appending a cell costs a bounds check and a copy, and a row reuses the memory
/// of the previous one. Not thread-safe; one owner at a time.
final class GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 8)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    @inline(__always)
    func append(_ elements: UnsafeBufferPointer<Element>) {
        guard elements.count > 0 else { return }
        reserve(elements.count)
        // Most cells are short: `copy` does two overlapping loads and stores instead of calling memmove.
        _ = Self.copy(elements, to: base + count)
        count += elements.count
    }

    /// Makes room for up to `maximum` elements at the end and lets `body` write them through a
    /// pointer, without a capacity check per element; `body` returns how many it wrote.
    @inline(__always)
    func appendInPlace(maximum: Int, _ body: (UnsafeMutablePointer<Element>) -> Int) {
        reserve(maximum)
        count += body(base + count)
    }

    /// Copies `elements` to `target` (room for them is the caller's business) and returns the
    /// pointer just past them.
    @inline(__always)
    static func copy(_ elements: UnsafeBufferPointer<Element>, to target: UnsafeMutablePointer<Element>) -> UnsafeMutablePointer<Element> {
        guard let source = elements.baseAddress else { return target }
        let bytes = elements.count &* MemoryLayout<Element>.stride
        if bytes <= 16 {
            copySmall(UnsafeRawPointer(source), to: UnsafeMutableRawPointer(target), bytes: bytes)
        } else if bytes <= 32 {
            // Two overlapping 16-byte moves: JSON keys, phone numbers, short free text.
            let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
            let head = from.loadUnaligned(as: SIMD16<UInt8>.self), tail = from.loadUnaligned(fromByteOffset: bytes - 16, as: SIMD16<UInt8>.self)
            to.storeBytes(of: head, as: SIMD16<UInt8>.self)
            to.storeBytes(of: tail, toByteOffset: bytes - 16, as: SIMD16<UInt8>.self)
        } else {
            target.update(from: source, count: elements.count)
        }
        return target + elements.count
    }

    /// Writes `element` at `target` and returns the pointer just past it.
    @inline(__always)
    static func put(_ element: Element, at target: UnsafeMutablePointer<Element>) -> UnsafeMutablePointer<Element> {
        target.pointee = element
        return target + 1
    }

    @inline(__always)
    private static func copySmall(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= 8 {
            let head = source.loadUnaligned(as: UInt64.self), tail = source.loadUnaligned(fromByteOffset: bytes - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: bytes - 8, as: UInt64.self)
        } else if bytes >= 4 {
            let head = source.loadUnaligned(as: UInt32.self), tail = source.loadUnaligned(fromByteOffset: bytes - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: bytes - 4, as: UInt32.self)
        } else {
            for offset in 0..<bytes { target.storeBytes(of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self) }
        }
    }

    func append(_ elements: [Element]) {
        elements.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    func truncate(to length: Int) {
        count = length
    }

    @inline(__always)
    func reset() {
        count = 0
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        base[index]
    }

    @inline(__always)
    subscript(range: Range<Int>) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    var array: [Element] { Array(elements) }
}

typealias ByteBuffer = GrowableBuffer<UInt8>

extension GrowableBuffer where Element == Int {
    /// Appends `count` offsets from `source`, each moved by `shift`: cell ends copied from one
    /// buffer of cells to another.
    @inline(__always)
    func append(_ source: UnsafePointer<Int>, count: Int, shiftedBy shift: Int) {
        appendInPlace(maximum: count) { target in
            for index in 0..<count { target[index] = source[index] &+ shift }
            return count
        }
    }
}

extension GrowableBuffer where Element == UInt8 {
    func append(_ text: StaticString) {
        append(Self.bytes(of: text))
    }

    /// The UTF-8 bytes of a literal, where the binary keeps them.
    @inline(__always)
    static func bytes(of text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: self[range], as: UTF8.self)
    }
}
