import Foundation

/// Writes one worksheet of an Excel 97–2003 workbook as CSV (see `LegacyWorkbook`): RFC 4180,
/// UTF-8, one line per row from row 1, every row as wide as the widest with a value.
struct LegacySheetWriter {
    let stream: [UInt8]
    let offset: Int
    let globals: LegacyWorkbook.Globals
    let decimal: UInt8
    let sheet: String
    var maxSize: Int64 = .max

    private static let errors: [UInt8: String] = [0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!",
                                                 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"]

    /// Writes the CSV; its size in bytes.
    func write(to output: URL, damaged: DecodeError) throws -> Int64 {
        var cells: [(row: Int, column: Int, text: [UInt8])] = []
        var pendingFormula: (row: Int, column: Int)?
        // A formula's text result, and the CONTINUE records a long one goes on in (past 8,224 bytes).
        var pendingText: (row: Int, column: Int, segments: [ArraySlice<UInt8>])?
        func finishText() throws {
            guard let text = pendingText else { return }
            pendingText = nil
            var reader = LegacyWorkbook.RecordReader(segments: text.segments)
            guard let value = try? reader.unicodeString(lengthBytes: 2) else { throw damaged }
            cells.append((text.row, text.column, value))
        }
        // Each record's data is read in place, at offsets from its start.
        try LegacyWorkbook.records(stream, from: offset, damaged: damaged) { type, bytes in
            func u16(_ at: Int) -> Int { Int(bytes.readLE16(at)) }
            func byte(_ at: Int) -> UInt8 { bytes[bytes.startIndex + at] }
            if type == 0x003C, pendingText != nil {
                pendingText?.segments.append(bytes)
                return
            }
            try finishText()
            let string = type == 0x0207
            // A formula's text result is in the STRING record after it, past a shared or array
            // formula's own record (SHRFMLA, ARRAY, TABLE) when there is one.
            if !string, ![0x04BC, 0x0221, 0x0236].contains(type) { pendingFormula = nil }
            guard string || bytes.count >= 6 else { return }
            switch type {
            case 0x00FD:  // LABELSST
                guard bytes.count >= 10 else { throw damaged }
                let index = Int(bytes.readLE32(6))
                guard index < globals.strings.count else { throw damaged }
                cells.append((u16(0), u16(2), globals.strings[index]))
            case 0x0203:  // NUMBER
                guard bytes.count >= 14 else { throw damaged }
                let value = Double(bitPattern: bytes.readLE64(6))
                cells.append((u16(0), u16(2), text(value, xf: u16(4))))
            case 0x027E:  // RK
                guard bytes.count >= 10 else { throw damaged }
                cells.append((u16(0), u16(2), text(Self.rk(bytes.readLE32(6)), xf: u16(4))))
            case 0x00BD:  // MULRK
                let count = (bytes.count - 6) / 6
                for index in 0..<max(0, count) {
                    let at = 4 + 6 * index
                    cells.append((u16(0), u16(2) + index, text(Self.rk(bytes.readLE32(at + 2)), xf: u16(at))))
                }
            case 0x0204, 0x00D6:  // LABEL, RSTRING
                var reader = LegacyWorkbook.RecordReader(segments: [bytes.dropFirst(6)])
                guard let label = try? reader.unicodeString(lengthBytes: 2) else { throw damaged }
                cells.append((u16(0), u16(2), label))
            case 0x0205:  // BOOLERR
                guard bytes.count >= 8 else { throw damaged }
                let value = byte(6)
                let shown = byte(7) == 0 ? (value == 0 ? "false" : "true") : (Self.errors[value] ?? "#N/A")
                cells.append((u16(0), u16(2), Array(shown.utf8)))
            case 0x0006:  // FORMULA: its last computed value
                guard bytes.count >= 14 else { throw damaged }
                if byte(12) == 0xFF, byte(13) == 0xFF {
                    switch byte(6) {
                    case 0: pendingFormula = (u16(0), u16(2))  // a string, in the STRING record that follows
                    case 1: cells.append((u16(0), u16(2), Array((byte(8) == 0 ? "false" : "true").utf8)))
                    case 2: cells.append((u16(0), u16(2), Array((Self.errors[byte(8)] ?? "#N/A").utf8)))
                    default: break
                    }
                } else {
                    let value = Double(bitPattern: bytes.readLE64(6))
                    cells.append((u16(0), u16(2), text(value, xf: u16(4))))
                }
            case 0x0207:  // STRING, after a FORMULA with a text result; read once its CONTINUE records are in
                guard let cell = pendingFormula else { return }
                pendingText = (cell.row, cell.column, [bytes])
                pendingFormula = nil
            default:
                break
            }
        }
        try finishText()
        cells.removeAll { $0.text.isEmpty || $0.row >= Workbook.maxRows || $0.column >= Workbook.maxColumns }
        // Excel writes rows in order; a file written otherwise is sorted, later cells winning.
        cells = cells.enumerated().sorted { ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset) }.map(\.element)
        let width = (cells.map(\.column).max() ?? -1) + 1
        let file = try SheetCSVFile(output, maxSize: maxSize, what: "the workbook's sheet '\(sheet)'")
        var out: [UInt8] = []
        var index = 0
        var row = 0
        while index < cells.count {
            while row < cells[index].row {
                out.append(0x0A)
                row += 1
            }
            var line = [[UInt8]](repeating: [], count: width)
            while index < cells.count, cells[index].row == row {
                line[cells[index].column] = cells[index].text
                index += 1
            }
            for (column, cell) in line.enumerated() {
                if column > 0 { out.append(UInt8(ascii: ",")) }
                SheetWriter.appendQuoted(cell[...], to: &out)
            }
            out.append(0x0A)
            row += 1
            try file.drain(&out)
        }
        try file.drain(&out, final: true)
        return file.total
    }

    /// A number as published: a date or time in ISO 8601 under a date format, a code padded under
    /// a format of zeros, otherwise in full (the shortest text that reads back as the same double).
    private func text(_ value: Double, xf: Int) -> [UInt8] {
        let kind = xf < globals.kinds.count ? globals.kinds[xf] : .number
        var out: [UInt8] = []
        if kind != .number, case .padded(let width) = kind, value >= 0, value < 1e15, value == value.rounded() {
            let digits = Array(String(Int64(value)).utf8)
            return Array(repeating: UInt8(ascii: "0"), count: max(0, width - digits.count)) + digits
        }
        if kind != .number, Workbook.appendISO(value, kind: kind, date1904: globals.date1904, to: &out) { return out }
        guard value.isFinite else { return Array("#NUM!".utf8) }
        if SheetWriter.appendShortest(value, decimal: decimal, to: &out) { return out }
        return SheetWriter.shortestText(value).utf8.map { $0 == UInt8(ascii: ".") ? decimal : $0 }
    }

    /// An RK number: a 30-bit integer or the high 30 bits of a double, divided by 100 when flagged.
    static func rk(_ raw: UInt32) -> Double {
        let value = raw & 2 != 0 ? Double(Int32(bitPattern: raw) >> 2) : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        return raw & 1 != 0 ? value / 100 : value
    }
}
