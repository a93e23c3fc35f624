import Foundation

/// A Microsoft compound file (OLE2, "CFB"): the container of Excel 97–2003 workbooks (.xls). Reads
/// one stream by name, following its sector chain through the FAT (or the mini FAT for a small
/// stream). Every chain is bounded and checked, so a damaged or hostile file fails with an error
/// rather than looping or reading out of bounds.
struct CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    struct Damaged: Error {}

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: Int
    private let fat: [UInt32]
    private let directory: [UInt8]

    static func looksLikeCompoundFile(_ file: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)).map(Array.init) == signature
    }

    init(_ bytes: [UInt8]) throws(Damaged) {
        guard bytes.count >= 512, Array(bytes[0..<8]) == Self.signature else { throw Damaged() }
        self.bytes = bytes
        let shift = Int(bytes.readLE16(30)), miniShift = Int(bytes.readLE16(32))
        guard shift == 9 || shift == 12, miniShift == 6 else { throw Damaged() }
        sectorSize = 1 << shift
        miniSectorSize = 1 << miniShift
        miniCutoff = Int(bytes.readLE32(56))
        // The FAT's sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
        var fatSectors: [UInt32] = (0..<109).map { bytes.readLE32(76 + 4 * $0) }.filter { $0 < 0xFFFF_FFFA }
        var difat = bytes.readLE32(68)
        var hops = 0
        while difat < 0xFFFF_FFFA {
            hops += 1
            guard hops <= bytes.count / sectorSize, let start = Self.offset(of: difat, sectorSize: sectorSize, in: bytes.count) else { throw Damaged() }
            let entries = sectorSize / 4 - 1
            fatSectors += (0..<entries).map { bytes.readLE32(start + 4 * $0) }.filter { $0 < 0xFFFF_FFFA }
            difat = bytes.readLE32(start + 4 * entries)
        }
        var fat: [UInt32] = []
        for sector in fatSectors {
            guard let start = Self.offset(of: sector, sectorSize: sectorSize, in: bytes.count) else { throw Damaged() }
            fat += (0..<(sectorSize / 4)).map { bytes.readLE32(start + 4 * $0) }
        }
        self.fat = fat
        directory = try Self.chain(from: bytes.readLE32(48), size: nil, bytes: bytes, fat: fat, sectorSize: sectorSize)
    }

    /// The bytes of the stream named `name` (`Workbook`), or nil when there is none.
    func stream(named wanted: String) throws(Damaged) -> [UInt8]? {
        var root: (start: UInt32, size: Int)?
        var found: (start: UInt32, size: Int)?
        for entry in stride(from: 0, to: directory.count - 127, by: 128) {
            let nameBytes = Int(directory.readLE16(entry + 64))
            guard nameBytes >= 2, nameBytes <= 64 else { continue }
            let units = (0..<(nameBytes / 2 - 1)).map { directory.readLE16(entry + 2 * $0) }
            let name = String(decoding: units, as: UTF16.self)
            let type = directory[entry + 66]
            let start = directory.readLE32(entry + 116)
            let size = Int(directory.readLE32(entry + 120))
            if type == 5 { root = (start, size) }
            if type == 2, name.caseInsensitiveCompare(wanted) == .orderedSame { found = (start, size) }
        }
        guard let found else { return nil }
        guard found.size < miniCutoff else {
            return try Self.chain(from: found.start, size: found.size, bytes: bytes, fat: fat, sectorSize: sectorSize)
        }
        // A small stream lives in the mini stream (the root entry's), in 64-byte mini sectors.
        guard let root else { throw Damaged() }
        let miniStream = try Self.chain(from: root.start, size: root.size, bytes: bytes, fat: fat, sectorSize: sectorSize)
        let miniFatBytes = try Self.chain(from: bytes.readLE32(60), size: nil, bytes: bytes, fat: fat, sectorSize: sectorSize)
        let miniFat = (0..<(miniFatBytes.count / 4)).map { miniFatBytes.readLE32(4 * $0) }
        var out: [UInt8] = []
        var sector = found.start
        while out.count < found.size {
            let start = Int(sector) * miniSectorSize
            guard Int(sector) < miniFat.count, start + miniSectorSize <= miniStream.count else { throw Damaged() }
            out += miniStream[start..<(start + miniSectorSize)]
            sector = miniFat[Int(sector)]
        }
        return Array(out.prefix(found.size))
    }

    /// The sectors of a chain, concatenated (cut to `size` when given). A chain longer than the
    /// file has sectors, or pointing outside it, is damaged.
    private static func chain(from first: UInt32, size: Int?, bytes: [UInt8], fat: [UInt32], sectorSize: Int) throws(Damaged) -> [UInt8] {
        var out: [UInt8] = []
        var sector = first
        var hops = 0
        while sector < 0xFFFF_FFFA {
            hops += 1
            guard hops <= bytes.count / sectorSize, Int(sector) < fat.count,
                  let start = offset(of: sector, sectorSize: sectorSize, in: bytes.count) else { throw Damaged() }
            out += bytes[start..<(start + sectorSize)]
            if let size, out.count >= size { break }
            sector = fat[Int(sector)]
        }
        if let size {
            guard out.count >= size else { throw Damaged() }
            return Array(out.prefix(size))
        }
        return out
    }

    /// Where sector `sector` starts in the file, after the 512-byte header (a 4096-byte sector
    /// file's header takes a whole sector).
    private static func offset(of sector: UInt32, sectorSize: Int, in count: Int) -> Int? {
        let start = (Int(sector) + 1) * sectorSize
        return start + sectorSize <= count ? start : nil
    }
}
