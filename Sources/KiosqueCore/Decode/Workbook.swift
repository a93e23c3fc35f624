import Foundation

/// An Excel workbook (.xlsx) source. One of its sheets is written out as a UTF-8 CSV file, one
/// line for each row of the sheet from row 1 (so `skip_lines` counts the rows above the header,
/// and an empty row is an empty line), and the pipeline reads that file as any CSV export.
/// Each cell is written as Excel holds it, not as it shows it: text as typed, numbers in full
/// with the recipe's decimal mark and no grouping, dates and times (numbers with a date format)
/// in ISO 8601, whole numbers with a format of zeros (`00000`) padded as shown, booleans as true/false, errors as Excel writes them (`#N/A`), formulas as their
/// last computed value.
enum Workbook {
    /// The kind of value a cell style makes of a number.
    enum NumberKind: Equatable {
        case number, date, dateTime, time
        /// A format of zeros alone (`00000`, Excel's postcode format): an integer shown with
        /// leading zeros to that many digits, as INSEE codes and French postcodes are.
        case padded(Int)
    }

    struct Sheet {
        let name: String
        let path: String
        let hidden: Bool
    }

    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    /// `body` with its file replaced by a CSV of the chosen sheet when it is a workbook; otherwise
    /// `body` as it is (or an error when the recipe says the source is a workbook).
    static func converted(_ body: FetchedBody, source: SourceSpec, into directory: URL) throws -> FetchedBody {
        let declared = source.format?.isSpreadsheet == true
        let notWorkbook = DecodeError("source \(declared ? "format is \(source.format!.rawValue)" : "sheet is set"), but the file is not a workbook (.xlsx, .xls or .ods); check source url\(declared ? " and format" : ", or remove sheet")")
        if CompoundFile.looksLikeCompoundFile(body.file) {
            return try LegacyWorkbook.converted(body, source: source, into: directory)
        }
        guard ZipArchive.looksLikeZip(body.file) else {
            if declared || source.sheet != nil { throw notWorkbook }
            return body
        }
        let data = try Data(contentsOf: body.file, options: .alwaysMapped)
        let members = try ZipArchive.centralDirectory(data)
        guard members.contains(where: { $0.name == "xl/workbook.xml" }) else {
            if OpenDocument.isDocument(members) {
                return try OpenDocument.converted(body, data: data, members: members, source: source, into: directory)
            }
            if declared || source.sheet != nil { throw notWorkbook }
            return body
        }
        var parts = Parts(data: data, members: members, directory: directory, maxSize: source.maxSize)
        let (sheets, date1904) = try parts.sheets()
        let sheet = try choose(source.sheet, in: sheets)
        let styles = try parts.styles()
        let strings = try parts.sharedStrings()
        let output = directory.appendingPathComponent("sheet-\(UUID().uuidString).csv")
        let size = try parts.withMember(sheet.path, required: true) { bytes in
            try SheetWriter(bytes: bytes, strings: strings, styles: styles, date1904: date1904, decimal: source.decimal,
                            sheet: sheet.name, maxSize: source.maxSize).write(to: output)
        }
        var converted = body
        converted.file = output
        converted.bytes = size ?? 0
        converted.sheet = sheet.name
        converted.sheets = sheets.map(\.name)
        converted.workbookFormat = .xlsx
        converted.inPlace = nil
        return converted
    }

    /// The sheet named, or the first that is not hidden.
    static func choose(_ wanted: String?, in sheets: [Sheet]) throws -> Sheet {
        let names = sheets.prefix(30).map { "'\($0.name)'" }.joined(separator: ", ")
        if let wanted {
            if let sheet = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) {
                return sheet
            }
            throw DecodeError("the workbook has no sheet '\(wanted)'; its sheets are \(names.isEmpty ? "none" : names); fix source sheet")
        }
        guard let sheet = sheets.first(where: { !$0.hidden }) ?? sheets.first else {
            throw DecodeError("the workbook has no sheet; ask for the file again")
        }
        return sheet
    }

    /// The kind of value a number format makes: built-in ids, then the format's own code.
    static func kind(id: Int, code: String?) -> NumberKind {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 18...21, 32, 33, 45...47: return .time
        case 22: return .dateTime
        default: break
        }
        guard let code else { return .number }
        // Leave out quoted text, escaped characters and bracketed colours and locales, and keep
        // the elapsed-time brackets ([h], [mm], [ss]) as time.
        var kept: [Character] = []
        var inQuote = false, inBracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if inBracket {
                if character == "]" { inBracket = false } else if "hms".contains(character) { kept.append("h") }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[": inBracket = true
            default: kept.append(character)
            }
        }
        let text = String(kept)
        if text.count >= 2, text.count <= 20, text.allSatisfy({ $0 == "0" }) { return .padded(text.count) }
        let time = text.contains("h") || text.contains("s") || text.contains("am/pm") || text.contains("a/p")
        let date = text.contains("y") || text.contains("d") || (text.contains("m") && !time)
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return .number
        }
    }

    /// A serial number of a day (and fraction of it) as ISO 8601 text, or nil when it is not a date
    /// Excel can show (negative, or past 9999).
    static func isoText(_ serial: Double, kind: NumberKind, date1904: Bool) -> String? {
        var text: [UInt8] = []
        return appendISO(serial, kind: kind, date1904: date1904, to: &text) ? String(decoding: text, as: UTF8.self) : nil
    }

    /// Appends `isoText` of `serial` to `text`; false (and nothing appended) when it is no date.
    static func appendISO(_ serial: Double, kind: NumberKind, date1904: Bool, to text: inout [UInt8]) -> Bool {
        if case .padded = kind { return false }
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return false }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        func two(_ value: Int) {
            text.append(UInt8(48 + value / 10 % 10))
            text.append(UInt8(48 + value % 10))
        }
        func clock(_ hours: Int, _ minutes: Int, _ seconds: Int) {
            if hours >= 100 { text.append(contentsOf: String(hours / 100).utf8) }
            two(hours); text.append(UInt8(ascii: ":")); two(minutes); text.append(UInt8(ascii: ":")); two(seconds)
        }
        if kind == .time {
            let total = days * 86_400 + seconds
            clock(total / 3600, total / 60 % 60, total % 60)
            return true
        }
        // The 1900 system counts a 29 February 1900 that never was: serials before it are a day off.
        if !date1904, days == 60 { return false }
        if !date1904, days < 60 { days += 1 }
        let (year, month, day) = CivilCalendar.date(fromDays: days - (date1904 ? 24_107 : 25_569))
        two(year / 100); two(year % 100); text.append(UInt8(ascii: "-")); two(month); text.append(UInt8(ascii: "-")); two(day)
        if kind == .dateTime {
            text.append(UInt8(ascii: "T"))
            clock(seconds / 3600, seconds / 60 % 60, seconds % 60)
        }
        return true
    }

    /// The workbook's parts (XML files inside the archive), taken out one at a time.
    struct Parts {
        let data: Data
        let members: [ZipArchive.Member]
        let directory: URL
        /// No part is taken out past `max_size` bytes: a small archive can hold a huge part.
        let maxSize: Int64
        /// The relationships of the workbook: id to part path, and part type to part path.
        private var relations: [(id: String, type: String, path: String)]?

        init(data: Data, members: [ZipArchive.Member], directory: URL, maxSize: Int64) {
            self.data = data
            self.members = members
            self.directory = directory
            self.maxSize = maxSize
        }

        /// Runs `body` over the bytes of the part at `path`; nil when it is absent and not required.
        func withMember<T>(_ path: String, required: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
            guard let member = members.first(where: { $0.name == path }) ?? members.first(where: { $0.name.lowercased() == path.lowercased() }) else {
                if required { throw DecodeError("the workbook has no part '\(path)'; it looks damaged: ask for the file again") }
                return nil
            }
            guard member.size <= UInt64(max(maxSize, 0)) else {
                throw DecodeError("the workbook's part '\(member.name)' holds \(member.size) bytes, over source max_size (\(maxSize)); raise max_size if that is expected")
            }
            let output = directory.appendingPathComponent("part-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: output) }
            _ = try ZipArchive.extract(member, from: data, to: output)
            let bytes = try Data(contentsOf: output, options: .alwaysMapped)
            return try bytes.withUnsafeBytes { raw in
                try body(raw.bindMemory(to: UInt8.self))
            }
        }

        private mutating func relationships() throws -> [(id: String, type: String, path: String)] {
            if let relations { return relations }
            var found: [(id: String, type: String, path: String)] = []
            _ = try withMember("xl/_rels/workbook.xml.rels", required: false) { bytes in
                var scanner = XMLScanner(bytes)
                while let event = try scanner.nextOrMalformed("xl/_rels/workbook.xml.rels") {
                    guard case .start(let name, let attributes, _) = event, scanner.isNamed(name, "Relationship"),
                          let id = scanner.attributeString("Id", in: attributes),
                          let target = scanner.attributeString("Target", in: attributes) else { continue }
                    let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                    found.append((id, scanner.attributeString("Type", in: attributes) ?? "", path))
                }
            }
            relations = found
            return found
        }

        /// The sheets in the workbook's order, and whether it counts days from 1904.
        mutating func sheets() throws -> ([Sheet], Bool) {
            var listed: [(name: String, id: String?, hidden: Bool)] = []
            var date1904 = false
            _ = try withMember("xl/workbook.xml", required: true) { bytes in
                var scanner = XMLScanner(bytes)
                while let event = try scanner.nextOrMalformed("xl/workbook.xml") {
                    guard case .start(let name, let attributes, _) = event else { continue }
                    if scanner.isNamed(name, "workbookPr") {
                        date1904 = ["1", "true"].contains(scanner.attributeString("date1904", in: attributes) ?? "")
                    } else if scanner.isNamed(name, "sheet"), let sheetName = scanner.attributeString("name", in: attributes) {
                        let state = scanner.attributeString("state", in: attributes) ?? "visible"
                        listed.append((sheetName, scanner.attributeString("id", in: attributes), state != "visible"))
                    }
                }
            }
            let relations = try relationships()
            let sheets = listed.enumerated().map { index, sheet in
                Sheet(name: sheet.name, path: relations.first { $0.id == sheet.id }?.path ?? "xl/worksheets/sheet\(index + 1).xml", hidden: sheet.hidden)
            }
            return (sheets, date1904)
        }

        /// For each cell style (`s` on a cell), the kind of value its number format makes.
        mutating func styles() throws -> [NumberKind] {
            let path = try relationships().first { $0.type.hasSuffix("/styles") }?.path ?? "xl/styles.xml"
            var codes: [Int: String] = [:]
            var kinds: [NumberKind] = []
            _ = try withMember(path, required: false) { bytes in
                var scanner = XMLScanner(bytes)
                var inCellFormats = false
                while let event = try scanner.nextOrMalformed(path) {
                    switch event {
                    case .start(let name, let attributes, let empty):
                        if scanner.isNamed(name, "numFmt"), let id = scanner.attributeString("numFmtId", in: attributes).flatMap({ Int($0) }) {
                            codes[id] = scanner.attributeString("formatCode", in: attributes)
                        } else if scanner.isNamed(name, "cellXfs") {
                            inCellFormats = !empty
                        } else if inCellFormats, scanner.isNamed(name, "xf") {
                            let id = scanner.attributeString("numFmtId", in: attributes).flatMap { Int($0) } ?? 0
                            kinds.append(Workbook.kind(id: id, code: codes[id]))
                        }
                    case .end(let name):
                        if scanner.isNamed(name, "cellXfs") { inCellFormats = false }
                    default: break
                    }
                }
            }
            return kinds
        }

        /// The shared strings: one buffer, and where each string starts and ends in it.
        mutating func sharedStrings() throws -> SharedStrings {
            let path = try relationships().first { $0.type.hasSuffix("/sharedStrings") }?.path ?? "xl/sharedStrings.xml"
            var strings = SharedStrings()
            _ = try withMember(path, required: false) { bytes in
                var scanner = XMLScanner(bytes)
                var inText = false, phonetic = 0
                while let event = try scanner.nextOrMalformed(path) {
                    switch event {
                    case .start(let name, _, let empty):
                        if scanner.isNamed(name, "t") { inText = !empty && phonetic == 0 }
                        else if scanner.isNamed(name, "rPh"), !empty { phonetic += 1 }
                    case .end(let name):
                        if scanner.isNamed(name, "t") { inText = false }
                        else if scanner.isNamed(name, "rPh") { phonetic = max(0, phonetic - 1) }
                        else if scanner.isNamed(name, "si") { strings.close() }
                    case .text(let range):
                        if inText { scanner.decode(range, into: &strings.buffer) }
                    case .cdata(let range):
                        if inText { strings.buffer.append(contentsOf: bytes[range]) }
                    }
                }
            }
            return strings
        }
    }

    struct SharedStrings {
        var buffer: [UInt8] = []
        var ends: [Int] = []

        mutating func close() {
            let start = ends.last ?? 0
            Workbook.unescapeOOXML(&buffer, from: start)
            ends.append(buffer.count)
        }

        func string(_ index: Int) -> ArraySlice<UInt8>? {
            guard index >= 0, index < ends.count else { return nil }
            return buffer[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }
    }

    /// OOXML writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for a carriage return).
    static func unescapeOOXML(_ buffer: inout [UInt8], from start: Int) {
        guard buffer[start...].contains(UInt8(ascii: "_")) else { return }
        var out: [UInt8] = []
        var index = start
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "_"), index + 6 < buffer.count, buffer[index + 1] == UInt8(ascii: "x"), buffer[index + 6] == UInt8(ascii: "_"),
               let value = UInt32(String(decoding: buffer[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16), let scalar = Unicode.Scalar(value) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                index += 7
            } else {
                out.append(buffer[index])
                index += 1
            }
        }
        buffer.replaceSubrange(start..., with: out)
    }
}

extension XMLScanner {
    /// `next()`, with a malformed part named as a damaged workbook.
    mutating func nextOrMalformed(_ part: String) throws -> Event? {
        do {
            return try next()
        } catch {
            throw DecodeError("the workbook's part '\(part)' is not well-formed XML (at byte \(error.offset)); it looks damaged: ask for the file again")
        }
    }
}
