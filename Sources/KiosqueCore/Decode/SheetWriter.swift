import Foundation

/// Writes one worksheet of a workbook as CSV (see `Workbook`): RFC 4180, UTF-8, one line per row
/// from row 1, every row with cells as wide as the widest row with a value.
struct SheetWriter {
    enum CellType { case number, shared, text, boolean, error, isoDate }

    enum Visit {
        case row(Int)
        case cell(column: Int, type: CellType, style: Int, value: [UInt8])
        case rowEnd
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let strings: Workbook.SharedStrings
    let styles: [Workbook.NumberKind]
    let date1904: Bool
    let decimal: UInt8
    let sheet: String
    /// The CSV stops, and the dataset fails, past this many bytes (a cell far to the right in
    /// every row makes every line as wide).
    var maxSize: Int64 = .max

    private var part: String { "sheet '\(sheet)'" }

    /// Writes the CSV; its size in bytes.
    func write(to output: URL) throws -> Int64 {
        var width = 0
        try walk { visit in
            if case .cell(let column, _, _, _) = visit { width = max(width, column + 1) }
        }
        let file = try SheetCSVFile(output, maxSize: maxSize, what: "the workbook's \(part)")
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var line = 1
        // The row's cells, one after another in one buffer, and where each column's starts and ends.
        var cells: [UInt8] = []
        var spans = [Int](repeating: -1, count: 2 * width)
        var filled: [Int] = []
        try walk { visit in
            switch visit {
            case .row(let number):
                while line < number {
                    out.append(0x0A)
                    line += 1
                }
            case .cell(let column, let type, let style, let value):
                let start = cells.count
                try cellText(type: type, style: style, value: value, into: &cells, from: start)
                if cells.count > start {
                    if spans[2 * column] < 0 { filled.append(column) }
                    spans[2 * column] = start
                    spans[2 * column + 1] = cells.count
                }
            case .rowEnd:
                if !filled.isEmpty {
                    for column in 0..<width {
                        if column > 0 { out.append(UInt8(ascii: ",")) }
                        if spans[2 * column] >= 0 { Self.appendQuoted(cells[spans[2 * column]..<spans[2 * column + 1]], to: &out) }
                    }
                    for column in filled { spans[2 * column] = -1 }
                    filled.removeAll(keepingCapacity: true)
                    cells.removeAll(keepingCapacity: true)
                }
                out.append(0x0A)
                line += 1
                try file.drain(&out)
            }
        }
        try file.drain(&out, final: true)
        return file.total
    }

    /// The published text of one cell.
    private func cellText(type: CellType, style: Int, value: [UInt8], into text: inout [UInt8], from start: Int) throws {
        switch type {
        case .shared:
            guard let index = Int(String(decoding: value, as: UTF8.self)), let string = strings.string(index) else {
                throw DecodeError("the workbook's \(part) points at a shared string that is not there; it looks damaged: ask for the file again")
            }
            text.append(contentsOf: string)
        case .text:
            text.append(contentsOf: value)
            Workbook.unescapeOOXML(&text, from: start)
        case .boolean:
            text.append(contentsOf: value == [UInt8(ascii: "1")] ? Array("true".utf8) : Array("false".utf8))
        case .error, .isoDate:
            text.append(contentsOf: value)
        case .number:
            let kind = style >= 0 && style < styles.count ? styles[style] : .number
            if case .padded(let width) = kind, value.count < width, !value.isEmpty, value.allSatisfy({ $0 &- 48 < 10 }) {
                // `1001` under the format `00000`: the code `01001` the sheet shows.
                text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - value.count))
                text.append(contentsOf: value)
            } else if kind != .number, let serial = Double(String(decoding: value, as: UTF8.self)), Workbook.appendISO(serial, kind: kind, date1904: date1904, to: &text) {
                return
            } else {
                Self.appendNumber(value, decimal: decimal, to: &text)
            }
        }
    }

    /// A number cell's stored text (the decimal text of a double), as published. Excel and
    /// LibreOffice write 17 significant digits when fewer would not name the double
    /// (`0.14000000000000001`, `7.0000000000000007E-2`): with 16 or more, the shortest text that
    /// reads back as the same double is written instead (`0.14`, `0.07`), as for an `.xls` cell;
    /// the value is the same. Otherwise digit for digit. Positional, with the recipe's decimal mark.
    static func appendNumber(_ value: [UInt8], decimal: UInt8, to text: inout [UInt8]) {
        if significantDigits(value) >= 16, let number = Double(String(decoding: value, as: UTF8.self)), number.isFinite,
           appendShortest(number, decimal: decimal, to: &text) {
            return
        }
        if !appendPositional(value, decimal: decimal, to: &text) {
            for byte in value { text.append(byte == UInt8(ascii: ".") ? decimal : byte) }
        }
    }

    /// `value` as the shortest text that reads back as it, positional, with the recipe's decimal
    /// mark; false, with nothing appended, when it needs an exponent beyond ±30.
    static func appendShortest(_ value: Double, decimal: UInt8, to text: inout [UInt8]) -> Bool {
        let shortest = Array(shortestText(value).utf8)
        if appendPositional(shortest, decimal: decimal, to: &text) { return true }
        guard !shortest.contains(where: { $0 | 0x20 == UInt8(ascii: "e") }) else { return false }
        for byte in shortest { text.append(byte == UInt8(ascii: ".") ? decimal : byte) }
        return true
    }

    /// The shortest text that reads back as `value`: a whole number without `.0`, an exponent
    /// past the range Swift writes positionally (`1e-05`, `1.5e+20`).
    static func shortestText(_ value: Double) -> String {
        abs(value) < 1e15 && value == value.rounded() ? String(Int64(value)) : "\(value)"
    }

    /// The digits of a number's text before any exponent, leading zeros left out: `0.0700` has 3.
    static func significantDigits(_ value: [UInt8]) -> Int {
        var count = 0
        for byte in value {
            if byte | 0x20 == UInt8(ascii: "e") { break }
            guard byte &- 48 < 10 else { continue }
            if count > 0 || byte != UInt8(ascii: "0") { count += 1 }
        }
        return count
    }

    /// A number Excel stored with an exponent (`6.25E-2`, `7.0000000000000007E-2`, `1.5E+20`: it
    /// writes every number under 0.1 this way) in positional notation, digit for digit, so the same
    /// value exactly: `0.0625`, `0.070000000000000007`, `150000000000000000000`. False, with
    /// nothing appended, for a number without an exponent or with one beyond ±30.
    static func appendPositional(_ value: [UInt8], decimal: UInt8, to text: inout [UInt8]) -> Bool {
        guard let number = PositionalDigits(value, exponentDigits: 1...2, maxExponent: 30), number.hadExponent else { return false }
        if number.negative { text.append(UInt8(ascii: "-")) }
        text.append(contentsOf: number.whole)
        if !number.fraction.isEmpty {
            text.append(decimal)
            text.append(contentsOf: number.fraction)
        }
        return true
    }

    /// A cell as a CSV field: quoted (its quotes doubled) when it holds a comma, a quote or a line break.
    static func appendQuoted(_ cell: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let quoted = cell.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard quoted else {
            out.append(contentsOf: cell)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in cell {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Reads the sheet's rows and cells in order.
    private func walk(_ visit: (Visit) throws -> Void) throws {
        var scanner = XMLScanner(bytes)
        var inData = false, inValue = false, inInline = false, inText = false, inRow = false
        var phonetic = 0
        var rowNumber = 0, column = -1, style = 0
        var type = CellType.number
        var value: [UInt8] = []
        var hasValue = false
        func endRow() throws {
            if inRow { try visit(.rowEnd) }
            inRow = false
        }
        let part = self.part
        while let event = try scanner.nextOrMalformed(part) {
            switch event {
            case .start(let name, let attributes, let empty):
                if scanner.isNamed(name, "sheetData") {
                    inData = !empty
                    continue
                }
                guard inData else { continue }
                if scanner.isNamed(name, "row") {
                    try endRow()
                    let number = scanner.attributeInt("r", in: attributes) ?? rowNumber + 1
                    guard number > rowNumber, number <= Workbook.maxRows else {
                        throw DecodeError("the workbook's \(part) has rows out of order or past row \(Workbook.maxRows) (row \(number)); it looks damaged: open and save it again in a spreadsheet program")
                    }
                    rowNumber = number
                    column = -1
                    inRow = true
                    try visit(.row(number))
                    if empty { try endRow() }
                } else if scanner.isNamed(name, "c") {
                    if !inRow {
                        // A cell outside a row: the next row, as a reader that tolerates it would take it.
                        rowNumber += 1
                        inRow = true
                        try visit(.row(rowNumber))
                    }
                    column = try scanner.attribute("r", in: attributes).map { try columnIndex(scanner.bytes[$0]) } ?? column + 1
                    guard column < Workbook.maxColumns else {
                        throw DecodeError("the workbook's \(part) has a cell past column XFD in row \(rowNumber); it looks damaged: ask for the file again")
                    }
                    type = Self.cellType(scanner.attribute("t", in: attributes).map { scanner.bytes[$0] })
                    style = scanner.attributeInt("s", in: attributes) ?? 0
                    value.removeAll(keepingCapacity: true)
                    hasValue = false
                } else if scanner.isNamed(name, "v") {
                    inValue = !empty
                    hasValue = true
                } else if scanner.isNamed(name, "is") {
                    inInline = !empty
                    hasValue = true
                } else if scanner.isNamed(name, "rPh") {
                    if !empty { phonetic += 1 }
                } else if scanner.isNamed(name, "t") {
                    inText = inInline && !empty && phonetic == 0
                }
            case .end(let name):
                guard inData else { continue }
                if scanner.isNamed(name, "v") {
                    inValue = false
                } else if scanner.isNamed(name, "t") {
                    inText = false
                } else if scanner.isNamed(name, "rPh") {
                    phonetic = max(0, phonetic - 1)
                } else if scanner.isNamed(name, "is") {
                    inInline = false
                } else if scanner.isNamed(name, "c") {
                    if hasValue, column >= 0 { try visit(.cell(column: column, type: type, style: style, value: value)) }
                    hasValue = false
                } else if scanner.isNamed(name, "row") {
                    try endRow()
                } else if scanner.isNamed(name, "sheetData") {
                    try endRow()
                    inData = false
                }
            case .text(let range):
                if inValue || inText { scanner.decode(range, into: &value) }
            case .cdata(let range):
                if inValue || inText { value.append(contentsOf: scanner.bytes[range]) }
            }
        }
        try endRow()
    }

    private static func cellType(_ attribute: Slice<UnsafeBufferPointer<UInt8>>?) -> CellType {
        guard let attribute, let first = attribute.first else { return .number }
        switch (first, attribute.count) {
        case (UInt8(ascii: "s"), 1): return .shared
        case (UInt8(ascii: "s"), 3), (UInt8(ascii: "i"), 9): return .text  // str, inlineStr
        case (UInt8(ascii: "b"), 1): return .boolean
        case (UInt8(ascii: "e"), 1): return .error
        case (UInt8(ascii: "d"), 1): return .isoDate
        default: return .number
        }
    }

    /// The column of a cell reference (`AB12` is 27).
    private func columnIndex(_ reference: Slice<UnsafeBufferPointer<UInt8>>) throws -> Int {
        var index = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            index = index * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
            guard letters <= 3 else { break }
        }
        guard letters > 0 else {
            throw DecodeError("the workbook's \(part) has a cell reference without a column; it looks damaged: ask for the file again")
        }
        return index - 1
    }
}
