import Foundation

/// Writes one table of an OpenDocument spreadsheet's `content.xml` as CSV (see `OpenDocument`):
/// RFC 4180, UTF-8, one line per row from row 1, every row as wide as the widest with a value.
/// Rows and cells that the file writes once with a repeat count (identical neighbours, and the
/// empty rows and columns to the end of the sheet) are written out as many times, up to the last
/// row and column holding a value.
struct OpenDocumentSheet {
    let bytes: UnsafeBufferPointer<UInt8>
    let sheet: String
    let decimal: UInt8
    var maxSize: Int64 = .max

    private enum Visit {
        case row(repeated: Int)
        case cell(repeated: Int, value: [UInt8])
        case rowEnd
    }

    /// The tables in the document's order, hidden ones (a table style with `table:display="false"`) marked.
    static func tables(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [Workbook.Sheet] {
        var scanner = XMLScanner(bytes)
        var hiddenStyles = Set<String>()
        var style: String?
        var tables: [Workbook.Sheet] = []
        var depth = 0
        while let event = try scanner.nextOrMalformed("content.xml") {
            switch event {
            case .start(let name, let attributes, let empty):
                if scanner.isNamed(name, "style") {
                    style = empty ? nil : scanner.attributeString("name", in: attributes)
                } else if scanner.isNamed(name, "table-properties"), let style,
                          scanner.attributeString("display", in: attributes) == "false" {
                    hiddenStyles.insert(style)
                } else if scanner.isNamed(name, "table") {
                    if depth == 0 {
                        let styleName = scanner.attributeString("style-name", in: attributes) ?? ""
                        tables.append(Workbook.Sheet(name: scanner.attributeString("name", in: attributes) ?? "Sheet\(tables.count + 1)",
                                                     path: "content.xml", hidden: hiddenStyles.contains(styleName)))
                    }
                    if !empty { depth += 1 }
                }
            case .end(let name):
                if scanner.isNamed(name, "style") { style = nil }
                else if scanner.isNamed(name, "table") { depth = max(0, depth - 1) }
            default: break
            }
        }
        return tables
    }

    /// Writes the CSV; its size in bytes.
    func write(to output: URL) throws -> Int64 {
        // First pass: the last row and the widest extent holding a value.
        var rows = 0, lastRow = 0, width = 0
        var column = 0, rowRepeat = 1, rowHasValue = false
        try walk { visit in
            switch visit {
            case .row(let repeated):
                column = 0
                rowRepeat = repeated
                rowHasValue = false
            case .cell(let repeated, let value):
                if !value.isEmpty {
                    width = max(width, min(column + repeated, Workbook.maxColumns))
                    rowHasValue = true
                }
                column += repeated
            case .rowEnd:
                rows += rowRepeat
                if rowHasValue { lastRow = rows }
            }
        }
        guard lastRow <= Workbook.maxRows else {
            throw DecodeError("the spreadsheet's table '\(sheet)' has values past row \(Workbook.maxRows) (row \(lastRow)); it looks damaged: open and save it again in a spreadsheet program")
        }
        let file = try SheetCSVFile(output, maxSize: maxSize, what: "the spreadsheet's table '\(sheet)'")
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var line: [UInt8] = []
        var written = 0
        column = 0
        try walk { visit in
            switch visit {
            case .row(let repeated):
                rowRepeat = repeated
                column = 0
                rowHasValue = false
                line.removeAll(keepingCapacity: true)
            case .cell(let repeated, let value):
                if !value.isEmpty { rowHasValue = true }
                let shown = max(0, min(repeated, width - column))
                for _ in 0..<shown {
                    if column > 0 { line.append(UInt8(ascii: ",")) }
                    SheetWriter.appendQuoted(value[...], to: &line)
                    column += 1
                }
                column += repeated - shown
            case .rowEnd:
                // An empty row is an empty line, as in a workbook; a short one is padded to the
                // width, so every line has as many cells.
                if !rowHasValue { line.removeAll(keepingCapacity: true) }
                while rowHasValue, column < width {
                    if column > 0 { line.append(UInt8(ascii: ",")) }
                    column += 1
                }
                for _ in 0..<min(rowRepeat, max(0, lastRow - written)) {
                    out.append(contentsOf: line)
                    out.append(0x0A)
                    written += 1
                    try file.drain(&out)
                }
            }
        }
        try file.drain(&out, final: true)
        return file.total
    }

    /// Reads the chosen table's rows and cells in order.
    private func walk(_ visit: (Visit) throws -> Void) throws {
        var scanner = XMLScanner(bytes)
        // Depth in tables: 1 inside the chosen one, more inside a table nested in it (left out).
        var tableDepth = 0, inChosen = false
        // `hidden`: depth in what a cell holds that is not its value: a comment (`office:annotation`), or a
        // drawing anchored to the cell (`draw:frame` of an image or a text box, a shape), whose paragraphs are its own.
        var inCell = false, hidden = 0, paragraphs = 0, inParagraph = 0
        var cellRepeat = 1
        var value: [UInt8] = []
        var fromText = false
        // A whole number's cell keeps the text it shows when that is the number with leading zeros
        // (`01001` for 1001 under a format of five digits): the code the sheet shows, as for .xlsx.
        var shown: [UInt8] = []
        var watchesZeros = false
        while let event = try scanner.nextOrMalformed("content.xml") {
            switch event {
            case .start(let name, let attributes, let empty):
                if scanner.isNamed(name, "table") {
                    if tableDepth == 0, !empty, scanner.attributeString("name", in: attributes) == sheet { inChosen = true }
                    if !empty { tableDepth += 1 }
                    continue
                }
                guard inChosen, tableDepth == 1 else { continue }
                if scanner.isNamed(name, "table-row") {
                    // Bounded by a sheet's size, so that no count overflows.
                    let repeated = min(max(1, scanner.attributeInt("number-rows-repeated", in: attributes) ?? 1), Workbook.maxRows)
                    try visit(.row(repeated: repeated))
                    if empty { try visit(.rowEnd) }
                } else if scanner.isNamed(name, "table-cell") || scanner.isNamed(name, "covered-table-cell") {
                    cellRepeat = min(max(1, scanner.attributeInt("number-columns-repeated", in: attributes) ?? 1), Workbook.maxColumns)
                    value.removeAll(keepingCapacity: true)
                    fromText = !cellValue(scanner, attributes, into: &value)
                    paragraphs = 0
                    shown.removeAll(keepingCapacity: true)
                    watchesZeros = !fromText && !empty && Self.isWholeNumber(value)
                        && scanner.attribute("value-type", in: attributes).map { scanner.bytes[$0].elementsEqual("float".utf8) } == true
                    if empty { try visit(.cell(repeated: cellRepeat, value: value)) } else { inCell = true }
                } else if inCell {
                    let aside = Self.isAside(scanner, name)
                    // One paragraph of text alone: a space element, a span or a second paragraph is not a code's form.
                    if watchesZeros, hidden == 0, !aside, !scanner.isNamed(name, "p") || !shown.isEmpty { watchesZeros = false }
                    if aside {
                        if !empty { hidden += 1 }
                    } else if hidden == 0, fromText {
                        if scanner.isNamed(name, "p") || scanner.isNamed(name, "h") {
                            if paragraphs > 0 { value.append(0x0A) }
                            paragraphs += 1
                            if !empty { inParagraph += 1 }
                        } else if inParagraph > 0, scanner.isNamed(name, "s") {
                            let count = min(max(1, scanner.attributeInt("c", in: attributes) ?? 1), 1000)
                            value.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
                        } else if inParagraph > 0, scanner.isNamed(name, "tab") {
                            value.append(0x09)
                        } else if inParagraph > 0, scanner.isNamed(name, "line-break") {
                            value.append(0x0A)
                        }
                    }
                }
            case .end(let name):
                if scanner.isNamed(name, "table") {
                    tableDepth = max(0, tableDepth - 1)
                    if tableDepth == 0, inChosen { return }
                    continue
                }
                guard inChosen, tableDepth == 1 else { continue }
                if scanner.isNamed(name, "table-row") {
                    try visit(.rowEnd)
                } else if scanner.isNamed(name, "table-cell") || scanner.isNamed(name, "covered-table-cell") {
                    if inCell, watchesZeros, Self.isPadded(shown, value) { swap(&value, &shown) }
                    if inCell { try visit(.cell(repeated: cellRepeat, value: value)) }
                    inCell = false
                    hidden = 0
                    inParagraph = 0
                } else if inCell, Self.isAside(scanner, name) {
                    hidden = max(0, hidden - 1)
                } else if inCell, hidden == 0, scanner.isNamed(name, "p") || scanner.isNamed(name, "h") {
                    inParagraph = max(0, inParagraph - 1)
                }
            case .text(let range):
                if inChosen, inCell, fromText, hidden == 0, inParagraph > 0 { scanner.decode(range, into: &value) }
                if inChosen, inCell, watchesZeros, hidden == 0, shown.count <= 32 { shown.append(contentsOf: scanner.bytes[range]) }
            case .cdata(let range):
                if inChosen, inCell, fromText, hidden == 0, inParagraph > 0 { value.append(contentsOf: scanner.bytes[range]) }
            }
        }
    }

    /// The value a cell's attributes give (`office:value`, `office:date-value`…), appended to
    /// `value`; false when the cell's text is its value (text, an error, no type).
    private func cellValue(_ scanner: XMLScanner, _ attributes: Range<Int>, into value: inout [UInt8]) -> Bool {
        guard let type = scanner.attributeString("value-type", in: attributes), !Self.isError(scanner, attributes) else { return false }
        switch type {
        case "float", "percentage", "currency":
            guard let range = scanner.attribute("value", in: attributes) else { return false }
            SheetWriter.appendNumber(Array(scanner.bytes[range]), decimal: decimal, to: &value)
        case "date":
            guard let range = scanner.attribute("date-value", in: attributes) else { return false }
            value.append(contentsOf: scanner.bytes[range])
        case "time":
            guard let text = scanner.attributeString("time-value", in: attributes) else { return false }
            value.append(contentsOf: Self.clockTime(text).utf8)
        case "boolean":
            guard let text = scanner.attributeString("boolean-value", in: attributes) else { return false }
            value.append(contentsOf: (text == "true" || text == "1" ? "true" : "false").utf8)
        default:
            // "string": the text of its paragraphs (an `office:string-value` attribute, rare, wins).
            guard let range = scanner.attribute("string-value", in: attributes) else { return false }
            scanner.decode(range, into: &value)
        }
        return true
    }

    /// A comment (`office:annotation`) or a drawing anchored to the cell (`draw:frame`, a shape):
    /// held in the cell beside its value, never part of it.
    private static func isAside(_ scanner: XMLScanner, _ name: Range<Int>) -> Bool {
        scanner.isNamed(name, "annotation") || scanner.hasPrefix(name, "draw")
    }

    /// Digits alone: a whole number at or above zero as `cellValue` writes it.
    static func isWholeNumber(_ value: [UInt8]) -> Bool {
        !value.isEmpty && value.count <= 32 && value.allSatisfy { $0 &- 48 < 10 }
    }

    /// Whether `shown` is `value` with leading zeros before it, and nothing else.
    static func isPadded(_ shown: [UInt8], _ value: [UInt8]) -> Bool {
        shown.count > value.count && shown.allSatisfy { $0 &- 48 < 10 } && shown.suffix(value.count).elementsEqual(value)
            && shown.prefix(shown.count - value.count).allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// LibreOffice marks a formula's error with `calcext:value-type="error"` beside `office:value-type`.
    private static func isError(_ scanner: XMLScanner, _ attributes: Range<Int>) -> Bool {
        scanner.bytes[attributes].firstRange(of: Array("value-type=\"error\"".utf8)) != nil
    }

    /// An ISO 8601 duration as ODF writes times, `PT10H30M05S`, as a clock time `10:30:05` (hours
    /// past 24 kept, as a duration shows them); anything else as written.
    static func clockTime(_ text: String) -> String {
        guard text.hasPrefix("PT") else { return text }
        var hours = 0, minutes = 0
        var seconds = "00"
        var number = ""
        for character in text.dropFirst(2) {
            switch character {
            case "0"..."9", ".": number.append(character)
            case "H": hours = Int(number) ?? 0; number = ""
            case "M": minutes = Int(number) ?? 0; number = ""
            case "S":
                let parts = number.split(separator: ".", maxSplits: 1)
                let whole = Int(parts.first ?? "0") ?? 0
                let fraction = parts.count > 1 ? parts[1].prefix(6).reversed().drop { $0 == "0" }.reversed() : []
                seconds = (whole < 10 ? "0" : "") + String(whole) + (fraction.isEmpty ? "" : "." + String(fraction))
                number = ""
            default: return text
            }
        }
        guard number.isEmpty else { return text }
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes):" + seconds
    }
}
