import Foundation

/// Writes a ZIP archive into an `OutputFile` front to back: small members whole (stored), then
/// one large member deflated as it is produced, its CRC and sizes in a data descriptor after it,
/// then the central directory. Every member is dated 1980-01-01 00:00, so that the same content
/// gives the same bytes on any day (a version is made only when bytes change).
final class ZipStreamWriter {
    private struct Entry {
        var name: [UInt8]
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressed: Int64
        var size: Int64
        var offset: Int64
    }

    /// ZIP without its 64-bit extension: members and offsets stay under 4 GiB.
    static let limit = Int64(UInt32.max)

    private let file: OutputFile
    private var entries: [Entry] = []
    private var written: Int64 = 0
    // The streamed member under way.
    private var deflater: ZlibStream?
    private var crc: UInt32 = 0
    private var size: Int64 = 0
    private var compressed: Int64 = 0

    init(_ file: OutputFile) {
        self.file = file
    }

    /// A whole member, stored as it is.
    func add(_ name: String, _ content: [UInt8]) throws {
        let crc = content.withUnsafeBytes { ZlibStream.crc32(0, $0) }
        let entry = Entry(name: Array(name.utf8), method: 0, flags: 0, crc: crc, compressed: Int64(content.count),
                          size: Int64(content.count), offset: written)
        localHeader(entry)
        append(content)
        entries.append(entry)
        try file.flushIfNeeded()
    }

    /// Starts the member whose bytes `stream` then gives.
    func begin(_ name: String) throws {
        // Bit 3: the CRC and sizes follow the data.
        let entry = Entry(name: Array(name.utf8), method: 8, flags: 0x0008, crc: 0, compressed: 0, size: 0, offset: written)
        localHeader(entry)
        entries.append(entry)
        deflater = try ZlibStream(.deflateRaw(level: 1))
        (crc, size, compressed) = (0, 0, 0)
    }

    /// More bytes of the member under way.
    func stream(_ bytes: UnsafeRawBufferPointer, finish: Bool = false) throws {
        guard let deflater else { return }
        crc = ZlibStream.crc32(crc, bytes)
        size += Int64(bytes.count)
        try deflater.process(bytes, finish: finish) { output in
            compressed += Int64(output.count)
            append(output)
        }
        guard size <= Self.limit, compressed <= Self.limit else { throw ZipTooLarge() }
        try file.flushIfNeeded()
    }

    /// Ends the member under way with its data descriptor.
    func end() throws {
        try stream(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
        deflater = nil
        entries[entries.count - 1].crc = crc
        entries[entries.count - 1].size = size
        entries[entries.count - 1].compressed = compressed
        var descriptor: [UInt8] = []
        Self.put(UInt32(0x0807_4B50), &descriptor)
        Self.put(crc, &descriptor)
        Self.put(UInt32(compressed), &descriptor)
        Self.put(UInt32(size), &descriptor)
        append(descriptor)
    }

    /// The central directory and its end record.
    func finish() throws {
        let start = written
        for entry in entries {
            var header: [UInt8] = []
            Self.put(UInt32(0x0201_4B50), &header)
            Self.put(UInt16(20), &header)  // made by: version 2.0
            common(entry, &header)
            Self.put(UInt16(0), &header)  // comment length
            Self.put(UInt16(0), &header)  // disk
            Self.put(UInt16(0), &header)  // internal attributes
            Self.put(UInt32(0), &header)  // external attributes
            Self.put(UInt32(entry.offset), &header)
            header += entry.name
            append(header)
        }
        let size = written - start
        guard written <= Self.limit else { throw ZipTooLarge() }
        var end: [UInt8] = []
        Self.put(UInt32(0x0605_4B50), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(entries.count), &end)
        Self.put(UInt16(entries.count), &end)
        Self.put(UInt32(size), &end)
        Self.put(UInt32(start), &end)
        Self.put(UInt16(0), &end)
        append(end)
    }

    private func localHeader(_ entry: Entry) {
        var header: [UInt8] = []
        Self.put(UInt32(0x0403_4B50), &header)
        common(entry, &header)
        header += entry.name
        append(header)
    }

    /// From "version needed" to the extra field's length: the same in both headers.
    private func common(_ entry: Entry, _ header: inout [UInt8]) {
        Self.put(UInt16(20), &header)  // needed: 2.0, deflate
        Self.put(entry.flags, &header)
        Self.put(entry.method, &header)
        Self.put(UInt16(0), &header)  // time 00:00
        Self.put(UInt16(0x21), &header)  // date 1980-01-01
        Self.put(entry.crc, &header)
        Self.put(UInt32(entry.compressed), &header)
        Self.put(UInt32(entry.size), &header)
        Self.put(UInt16(entry.name.count), &header)
        Self.put(UInt16(0), &header)  // extra field length
    }

    private func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { file.buffer.append($0) }
        written += Int64(bytes.count)
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        file.buffer.append(bytes.bindMemory(to: UInt8.self))
        written += Int64(bytes.count)
    }

    private static func put<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}

struct ZipTooLarge: Error, CustomStringConvertible {
    var description: String {
        "the xlsx file would be over 4 GiB, more than kiosque writes in one workbook; publish this dataset as csv or csv.gz rather than xlsx"
    }
}
