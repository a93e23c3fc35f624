import Foundation

/// A source that is a ZIP archive, as INSEE and many portals publish their CSV files: the member to
/// read (the archive's only CSV, JSON or NDJSON file, or the one `source.member` names) is taken out
/// into a file of its own, its CRC-32 and size checked, and read as any other source.
/// Stored and deflated members are read; ZIP64, encrypted and other methods are refused by name.
public enum ZipArchive {
    struct Member {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc: UInt32
        let compressedSize: UInt64
        let size: UInt64
        let headerOffset: UInt64
    }

    /// The names of data files: those whose format `run` knows from their extension.
    static var dataExtensions: [String] { SourceOpener.formatsByExtension.map(\.suffix) }

    /// `archive.zip#member.csv` (describe's argument): the archive, and the member it names.
    public static func splitMember(_ argument: String) -> (source: String, member: String?) {
        guard let range = argument.range(of: ".zip#", options: [.caseInsensitive, .backwards]) else { return (argument, nil) }
        return (String(argument[..<argument.index(range.lowerBound, offsetBy: 4)]), String(argument[range.upperBound...]))
    }

    /// Whether `file` starts as a ZIP archive does (a local file header, or an empty archive).
    static func looksLikeZip(_ file: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)).map(Array.init) ?? []
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }

    /// The body with its file replaced by the chosen member's bytes, written into `directory`.
    /// A body that is not a ZIP archive is returned as it is.
    static func unpacked(_ body: FetchedBody, member wanted: String?, maxSize: Int64, into directory: URL) throws -> FetchedBody {
        guard looksLikeZip(body.file) else {
            if let wanted { throw DecodeError("source member names '\(wanted)', but the source is not a ZIP archive; remove member, or check source url") }
            return body
        }
        let data = try Data(contentsOf: body.file, options: .alwaysMapped)
        let members = try centralDirectory(data)
        // An Excel workbook, or an OpenDocument spreadsheet, is a ZIP archive too: `Workbook` reads it.
        if wanted == nil, members.contains(where: { $0.name == "xl/workbook.xml" }) || OpenDocument.isDocument(members) { return body }
        let member = try choose(wanted, in: members)
        guard member.size <= UInt64(max(maxSize, 0)) else {
            throw DecodeError("the ZIP archive's member '\(member.name)' holds \(member.size) bytes, over source max_size (\(maxSize)); raise max_size if that is expected")
        }
        let output = directory.appendingPathComponent("member-\(UUID().uuidString)")
        let size = try extract(member, from: data, to: output)
        var unpacked = body
        unpacked.file = output
        unpacked.bytes = size
        unpacked.member = member.name
        unpacked.inPlace = nil
        return unpacked
    }

    /// The member to read: the one named, or the archive's only data file.
    static func choose(_ wanted: String?, in members: [Member]) throws -> Member {
        let files = members.filter { !$0.name.hasSuffix("/") && !$0.name.hasPrefix("__MACOSX/") }
        let listed = files.prefix(20).map(\.name).joined(separator: ", ")
        if let wanted {
            if let exact = files.first(where: { $0.name == wanted }) { return exact }
            let named = files.filter { ($0.name as NSString).lastPathComponent == wanted }
            if named.count == 1 { return named[0] }
            throw DecodeError("the ZIP archive has no member '\(wanted)'; its files are: \(listed.isEmpty ? "none" : listed); fix source member")
        }
        let data = files.filter { file in dataExtensions.contains { file.name.lowercased().hasSuffix($0) } }
        guard data.count == 1 else {
            if data.isEmpty, files.contains(where: { $0.name == "xl/workbook.bin" }) {
                throw DecodeError("the source is an Excel binary workbook (.xlsb), which kiosque does not read; save it as .xlsx (Excel workbook) or .ods")
            }
            if data.isEmpty {
                throw DecodeError("the ZIP archive holds no CSV, JSON or NDJSON file (its files: \(listed.isEmpty ? "none" : listed)); set source member to the file to read")
            }
            throw DecodeError("the ZIP archive holds several data files (\(data.prefix(20).map(\.name).joined(separator: ", "))); set source member to the one to read, such as member: \(data[0].name) (with describe: archive.zip#\(data[0].name))")
        }
        return data[0]
    }

    /// The members listed in the archive's central directory.
    static func centralDirectory(_ data: Data) throws -> [Member] {
        // The end-of-central-directory record: its signature, searched from the end (a comment of
        // up to 64 KiB may follow it).
        let lowest = max(0, data.count - 65_557)
        guard data.count >= 22, let end = stride(from: data.count - 22, through: lowest, by: -1).first(where: { data.readLE32($0) == 0x0605_4B50 }) else {
            throw DecodeError("the ZIP archive has no central directory: it looks truncated; ask for the file again")
        }
        let count = Int(data.readLE16(end + 10))
        let directorySize = UInt64(data.readLE32(end + 12)), directoryOffset = UInt64(data.readLE32(end + 16))
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else {
            throw DecodeError("the ZIP archive is in ZIP64 form (over 4 GB or 65,535 files), which kiosque does not read; ask for the CSV file itself, or a gzip file")
        }
        guard directoryOffset + directorySize <= UInt64(data.count) else {
            throw DecodeError("the ZIP archive's central directory lies outside the file: it looks truncated; ask for the file again")
        }
        var members: [Member] = []
        var offset = Int(directoryOffset)
        for _ in 0..<count {
            guard offset + 46 <= data.count, data.readLE32(offset) == 0x0201_4B50 else {
                throw DecodeError("the ZIP archive's central directory is broken; ask for the file again")
            }
            let nameLength = Int(data.readLE16(offset + 28)), extraLength = Int(data.readLE16(offset + 30)), commentLength = Int(data.readLE16(offset + 32))
            guard offset + 46 + nameLength <= data.count else { throw DecodeError("the ZIP archive's central directory is broken; ask for the file again") }
            let nameBytes = data.subdata(in: (offset + 46)..<(offset + 46 + nameLength))
            let flags = data.readLE16(offset + 8)
            // Bit 11: the name is UTF-8; otherwise IBM code page 437, read as Latin-1 here.
            let name = flags & 0x0800 != 0 ? String(decoding: nameBytes, as: UTF8.self) : String(decoding: nameBytes.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
            members.append(Member(name: name, method: data.readLE16(offset + 10), flags: flags, crc: data.readLE32(offset + 16),
                                  compressedSize: UInt64(data.readLE32(offset + 20)), size: UInt64(data.readLE32(offset + 24)),
                                  headerOffset: UInt64(data.readLE32(offset + 42))))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    /// Writes `member`'s bytes to `output`, checking its size and CRC-32; its size.
    static func extract(_ member: Member, from data: Data, to output: URL) throws -> Int64 {
        guard member.flags & 0x0001 == 0 else {
            throw DecodeError("the ZIP archive's member '\(member.name)' is encrypted; ask for a file without a password")
        }
        guard member.method == 0 || member.method == 8 else {
            throw DecodeError("the ZIP archive's member '\(member.name)' is compressed with method \(member.method), which kiosque does not read (it reads stored and deflated members); ask for a plain ZIP, a gzip file or the CSV itself")
        }
        guard member.compressedSize != 0xFFFF_FFFF, member.size != 0xFFFF_FFFF else {
            throw DecodeError("the ZIP archive's member '\(member.name)' is in ZIP64 form (over 4 GB), which kiosque does not read; ask for the CSV file itself, or a gzip file")
        }
        let header = Int(member.headerOffset)
        guard header + 30 <= data.count, data.readLE32(header) == 0x0403_4B50 else {
            throw DecodeError("the ZIP archive's member '\(member.name)' is not where its directory says; the archive is broken: ask for the file again")
        }
        let start = header + 30 + Int(data.readLE16(header + 26)) + Int(data.readLE16(header + 28))
        guard start + Int(member.compressedSize) <= data.count else {
            throw DecodeError("the ZIP archive's member '\(member.name)' runs past the end of the file: it looks truncated; ask for the file again")
        }
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw DecodeError("cannot write the ZIP archive's member '\(member.name)' to \(output.deletingLastPathComponent().path); check free disk space")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        var crc: UInt32 = 0
        var written: UInt64 = 0
        let inflater = member.method == 8 ? try ZlibStream(.inflateRaw) : nil
        let chunk = 1 << 20
        var position = start
        let end = start + Int(member.compressedSize)
        repeat {
            let next = min(position + chunk, end)
            let piece = data.subdata(in: position..<next)
            try piece.withUnsafeBytes { input in
                let write = { (bytes: UnsafeRawBufferPointer) in
                    crc = ZlibStream.crc32(crc, bytes)
                    written += UInt64(bytes.count)
                    guard written <= member.size else {
                        throw DecodeError("the ZIP archive's member '\(member.name)' holds more than the \(member.size) bytes its directory says; the archive is broken: ask for the file again")
                    }
                    handle.write(Data(bytes))
                }
                if let inflater {
                    do {
                        try inflater.process(input, sink: write)
                    } catch let error as ZlibStream.ZlibError {
                        throw DecodeError("the ZIP archive's member '\(member.name)' is broken (\(error)); ask for the file again")
                    }
                } else {
                    try write(input)
                }
            }
            position = next
        } while position < end
        if let inflater, !inflater.finished {
            throw DecodeError("the ZIP archive's member '\(member.name)' ends before its compressed data does: the archive is broken: ask for the file again")
        }
        guard written == member.size, crc == member.crc else {
            throw DecodeError("the ZIP archive's member '\(member.name)' does not match its checksum (CRC-32): the archive is broken or truncated; ask for the file again")
        }
        return Int64(written)
    }
}
