import Foundation

/// An Excel 97–2003 workbook (.xls: BIFF8 records in a compound file). As for an .xlsx
/// (`Workbook`), one sheet is written out as a UTF-8 CSV file, one line per row from row 1, and
/// read as any CSV export; each cell as the file holds it: text as typed (shared strings, even
/// split across records), numbers in full, dates and times (numbers with a date format) in ISO
/// 8601, booleans as true/false, errors as Excel shows them, formulas as their last computed
/// value. The format is bounded (65,536 rows, 256 columns), so a sheet's cells are gathered in
/// memory before they are written. Excel 5.0/95 files and encrypted ones are refused by name.
enum LegacyWorkbook {
    struct Globals {
        var sheets: [(sheet: Workbook.Sheet, offset: Int)] = []
        var strings: [[UInt8]] = []
        var kinds: [Workbook.NumberKind] = []
        var date1904 = false
    }

    /// `body` with its file replaced by a CSV of the chosen sheet.
    static func converted(_ body: FetchedBody, source: SourceSpec, into directory: URL) throws -> FetchedBody {
        guard body.bytes <= source.maxSize else {
            throw DecodeError("the workbook holds \(body.bytes) bytes, over source max_size (\(source.maxSize)); raise max_size if that is expected")
        }
        let damaged = DecodeError("the Excel 97–2003 workbook (.xls) looks damaged: its compound file or its records do not hold together; open and save it again in a spreadsheet program, or ask for the file again")
        let stream: [UInt8]
        do {
            let file = try CompoundFile(Array(try Data(contentsOf: body.file)))
            guard let found = try file.stream(named: "Workbook") else {
                if try file.stream(named: "Book") != nil {
                    throw DecodeError("the workbook is in the Excel 5.0/95 format, which kiosque does not read; save it as .xlsx or .ods")
                }
                throw DecodeError("the file is a compound document but not an Excel workbook (no Workbook stream); export the table as CSV, or save it as .xlsx")
            }
            stream = found
        } catch is CompoundFile.Damaged {
            throw damaged
        }
        let globals = try Self.globals(stream, damaged: damaged)
        let sheet = try Workbook.choose(source.sheet, in: globals.sheets.map(\.sheet))
        let offset = globals.sheets.first { $0.sheet.name == sheet.name }!.offset
        let output = directory.appendingPathComponent("sheet-\(UUID().uuidString).csv")
        let size = try LegacySheetWriter(stream: stream, offset: offset, globals: globals, decimal: source.decimal,
                                         sheet: sheet.name, maxSize: source.maxSize).write(to: output, damaged: damaged)
        var converted = body
        converted.file = output
        converted.bytes = size
        converted.sheet = sheet.name
        converted.sheets = globals.sheets.map(\.sheet.name)
        converted.workbookFormat = .xls
        converted.inPlace = nil
        return converted
    }

    /// Calls `visit` with each record's type and data, from `offset` to the end of its substream
    /// (the EOF that closes the BOF it starts with; embedded charts' substreams are passed over).
    static func records(_ stream: [UInt8], from offset: Int, damaged: DecodeError,
                        _ visit: (UInt16, ArraySlice<UInt8>) throws -> Void) throws {
        var position = offset
        var depth = 0
        while position + 4 <= stream.count {
            let type = stream.readLE16(position)
            let length = Int(stream.readLE16(position + 2))
            guard position + 4 + length <= stream.count else { throw damaged }
            let data = stream[(position + 4)..<(position + 4 + length)]
            position += 4 + length
            if type == 0x0809 { depth += 1 }
            if depth == 1 { try visit(type, data) }
            if type == 0x000A {
                depth -= 1
                if depth <= 0 { return }
            }
        }
    }

    static func globals(_ stream: [UInt8], damaged: DecodeError) throws -> Globals {
        var globals = Globals()
        var formats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var sst: [ArraySlice<UInt8>] = []
        var inSST = false
        var first = true
        try records(stream, from: 0, damaged: damaged) { type, data in
            if first {
                first = false
                guard type == 0x0809, data.count >= 2 else { throw damaged }
                let version = data.readLE16(0)
                guard version == 0x0600 else {
                    throw DecodeError("the workbook is in an Excel format older than 97 (BIFF version \(String(version, radix: 16))), which kiosque does not read; save it as .xlsx or .ods")
                }
            }
            if type == 0x003C, inSST {
                sst.append(data)
                return
            }
            inSST = false
            var reader = RecordReader(segments: [data])
            switch type {
            case 0x002F:
                throw DecodeError("the workbook is protected by a password (encrypted), so it cannot be read; ask for the file without a password")
            case 0x0022:
                globals.date1904 = (try? reader.u16()) == 1
            case 0x041E:
                guard let id = try? reader.u16(), let code = try? reader.unicodeString(lengthBytes: 2) else { throw damaged }
                formats[Int(id)] = String(decoding: code, as: UTF8.self)
            case 0x00E0:
                guard (try? reader.u16()) != nil, let format = try? reader.u16() else { throw damaged }
                formatIDs.append(Int(format))
            case 0x0085:
                guard let offset = try? reader.u32(), let state = try? reader.u8(), let kind = try? reader.u8(),
                      let name = try? reader.unicodeString(lengthBytes: 1) else { throw damaged }
                // Worksheets only: charts and macro sheets hold no table.
                if kind == 0 {
                    globals.sheets.append((Workbook.Sheet(name: String(decoding: name, as: UTF8.self), path: "", hidden: state & 3 != 0), Int(offset)))
                }
            case 0x00FC:
                sst = [data]
                inSST = true
            default:
                break
            }
        }
        if !sst.isEmpty {
            var reader = RecordReader(segments: sst)
            guard (try? reader.u32()) != nil, let unique = try? reader.u32() else { throw damaged }
            for _ in 0..<min(Int(unique), 10_000_000) {
                guard let string = try? reader.richString() else { break }
                globals.strings.append(string)
            }
        }
        globals.kinds = formatIDs.map { Workbook.kind(id: $0, code: formats[$0]) }
        return globals
    }

    /// Reads little-endian values and BIFF8 strings across a record and its CONTINUE records.
    struct RecordReader {
        struct End: Error {}
        let segments: [ArraySlice<UInt8>]
        var segment = 0
        var position: Int

        init(segments: [ArraySlice<UInt8>]) {
            self.segments = segments
            position = segments.first?.startIndex ?? 0
        }

        private mutating func advanceIfNeeded() throws(End) {
            while segment < segments.count, position >= segments[segment].endIndex {
                segment += 1
                guard segment < segments.count else { throw End() }
                position = segments[segment].startIndex
            }
            guard segment < segments.count else { throw End() }
        }

        mutating func u8() throws(End) -> UInt8 {
            try advanceIfNeeded()
            defer { position += 1 }
            return segments[segment][position]
        }

        mutating func u16() throws(End) -> UInt16 { UInt16(try u8()) | UInt16(try u8()) << 8 }

        mutating func u32() throws(End) -> UInt32 { UInt32(try u16()) | UInt32(try u16()) << 16 }

        mutating func skip(_ count: Int) throws(End) {
            for _ in 0..<count { _ = try u8() }
        }

        /// `count` characters, one or two bytes each; past a record's end, the next CONTINUE
        /// starts with its own flags byte saying which.
        mutating func characters(_ count: Int, highByte: Bool, into out: inout [UInt8]) throws(End) {
            var wide = highByte
            var units: [UInt16] = []
            units.reserveCapacity(count)
            for _ in 0..<count {
                if segment < segments.count, position >= segments[segment].endIndex {
                    try advanceIfNeeded()
                    wide = try u8() & 1 == 1
                }
                units.append(wide ? try u16() : UInt16(try u8()))
            }
            out += Array(String(decoding: units, as: UTF16.self).utf8)
        }

        /// An XLUnicodeString (a count of `lengthBytes`, flags, characters).
        mutating func unicodeString(lengthBytes: Int) throws(End) -> [UInt8] {
            let count = lengthBytes == 1 ? Int(try u8()) : Int(try u16())
            let flags = try u8()
            var out: [UInt8] = []
            try characters(count, highByte: flags & 1 == 1, into: &out)
            return out
        }

        /// An XLUnicodeRichExtendedString of the shared strings: its formatting runs and phonetic
        /// data are passed over.
        mutating func richString() throws(End) -> [UInt8] {
            let count = Int(try u16())
            let flags = try u8()
            let runs = flags & 0x08 != 0 ? Int(try u16()) : 0
            let extended = flags & 0x04 != 0 ? Int(try u32()) : 0
            var out: [UInt8] = []
            try characters(count, highByte: flags & 1 == 1, into: &out)
            try skip(4 * runs + extended)
            return out
        }
    }
}
