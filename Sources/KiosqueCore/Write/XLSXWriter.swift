import CByteScan
import Foundation

/// Excel workbooks out (`xlsx`), for reusers who open data in a spreadsheet: one sheet named
/// after the dataset, the header row in bold and frozen, text as inline strings (never read as a
/// formula, whatever it starts with), numbers and booleans typed, dates as their ISO 8601 text,
/// an empty cell (one with no value) for no value. The sheet is deflated as it is written, a row at a time.
final class XLSXWriter: RowWriter {
    /// An Excel sheet's rows, the header's included.
    static let maximumRows = 1_048_576
    /// An Excel cell's characters (UTF-16 code units).
    static let maximumCellLength = 32_767
    private static let chunk = 1 << 18

    private let zip: ZipStreamWriter
    private let file: OutputFile
    private let fields: [String]
    /// The sheet's XML not deflated yet.
    private let xml = ByteBuffer(capacity: chunk + (1 << 16))
    /// `A`, `B`, … `AA`: each column's letters, for the cells' references.
    private let columns: [[UInt8]]
    private var row = 1
    /// The current row's number in decimal, written once a row for every cell's reference.
    private let rowDigits = ByteBuffer(capacity: 16)

    init(_ file: OutputFile, fields: [String], sheet: String) throws {
        self.file = file
        self.fields = fields
        zip = ZipStreamWriter(file)
        columns = fields.indices.map { Array(Self.letters($0).utf8) }
        for (name, content) in Self.parts(sheet: sheet) { try zip.add(name, Array(content.utf8)) }
        try zip.begin("xl/worksheets/sheet1.xml")
        xml.append(Array(Self.sheetStart.utf8))
        startRow()
        for (index, name) in fields.enumerated() {
            try Array(name.utf8).withUnsafeBufferPointer { try text($0, column: index, header: true) }
        }
        xml.append("</row>")
    }

    func write(_ shaped: ShapedRow) throws {
        row += 1
        guard row <= Self.maximumRows else {
            throw XLSXError("row \(row - 1) is one more than an Excel sheet holds (\(Self.maximumRows - 1) rows under the header); publish this dataset as csv or csv.gz rather than xlsx")
        }
        startRow()
        for index in 0..<shaped.count {
            switch shaped.kinds[index] {
            case .null, .invalid:
                // An empty cell all the same: readers (frictionless) take a row that stops short
                // for one with cells missing.
                reference(index)
                xml.append("/>")
            case .number:
                reference(index)
                xml.append("><v>")
                xml.append(shaped.cell(index))
                xml.append("</v></c>")
            case .boolean:
                reference(index)
                xml.append(" t=\"b\"><v>")
                xml.append(shaped.cell(index).first == UInt8(ascii: "t") ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                xml.append("</v></c>")
            case .string:
                try text(shaped.cell(index), column: index, header: false)
            }
        }
        xml.append("</row>")
        if xml.count >= Self.chunk { try deflate() }
    }

    func finish() throws -> WrittenFile {
        xml.append("</sheetData></worksheet>")
        try deflate()
        try zip.end()
        try zip.finish()
        return try file.finish()
    }

    private func deflate() throws {
        try zip.stream(UnsafeRawBufferPointer(xml.elements))
        xml.reset()
    }

    /// `<row r="7">`, and the row's number kept for its cells.
    private func startRow() {
        rowDigits.reset()
        var divisor = 1
        while divisor <= row / 10 { divisor *= 10 }
        while divisor > 0 {
            rowDigits.append(UInt8(ascii: "0") + UInt8(row / divisor % 10))
            divisor /= 10
        }
        xml.append("<row r=\"")
        xml.append(rowDigits.elements)
        xml.append("\">")
    }

    /// `<c r="B7"`: a cell's opening up to its attributes.
    private func reference(_ column: Int) {
        xml.append("<c r=\"")
        xml.append(columns[column])
        xml.append(rowDigits.elements)
        xml.append("\"")
    }

    /// A text cell: an inline string, escaped for XML; characters XML cannot hold (the control
    /// characters but tab, line feed and carriage return, U+FFFE, U+FFFF) as OOXML's `_xHHHH_`, which Excel and
    /// LibreOffice read back (openpyxl leaves it as written), and a literal `_xHHHH_` with its
    /// `_` escaped, so that they show it as written.
    private func text(_ cell: UnsafeBufferPointer<UInt8>, column: Int, header: Bool) throws {
        if cell.count > Self.maximumCellLength, String(decoding: cell, as: UTF8.self).utf16.count > Self.maximumCellLength {
            throw XLSXError("row \(row - 1), field '\(fields[column])': a value of more than \(Self.maximumCellLength) characters, more than an Excel cell holds; publish this dataset as csv or csv.gz rather than xlsx")
        }
        reference(column)
        xml.append(header ? " t=\"inlineStr\" s=\"1\"><is><t" : " t=\"inlineStr\"><is><t")
        // Spaces at either end, tabs and line breaks are kept as they are only when the text says so.
        if let base = cell.baseAddress, let first = cell.first, let last = cell.last,
           first == 0x20 || last == 0x20 || kq_find_any4(base, cell.count, 0x09, 0x0A, 0x0D, 0x09) < cell.count {
            xml.append(" xml:space=\"preserve\"")
        }
        xml.append(">")
        xml.appendInPlace(maximum: cell.count &* 7) { start in
            var out = start
            var index = 0
            while index < cell.count {
                let byte = cell[index]
                switch byte {
                case UInt8(ascii: "&"): out = ByteBuffer.copy(ByteBuffer.bytes(of: "&amp;"), to: out)
                case UInt8(ascii: "<"): out = ByteBuffer.copy(ByteBuffer.bytes(of: "&lt;"), to: out)
                case UInt8(ascii: ">"): out = ByteBuffer.copy(ByteBuffer.bytes(of: "&gt;"), to: out)
                case 0x09, 0x0A: out = ByteBuffer.put(byte, at: out)
                // Legal in XML, but a parser reads a bare one as a line feed.
                case 0x0D: out = ByteBuffer.copy(ByteBuffer.bytes(of: "&#13;"), to: out)
                case 0x00...0x1F:
                    out = ByteBuffer.copy(ByteBuffer.bytes(of: "_x00"), to: out)
                    out = ByteBuffer.put(Self.upperHex(byte >> 4), at: out)
                    out = ByteBuffer.put(Self.upperHex(byte & 0x0F), at: out)
                    out = ByteBuffer.put(UInt8(ascii: "_"), at: out)
                // U+FFFE and U+FFFF, which XML cannot hold either.
                case 0xEF where index + 2 < cell.count && cell[index + 1] == 0xBF && cell[index + 2] >= 0xBE:
                    out = ByteBuffer.copy(cell[index + 2] == 0xBE ? ByteBuffer.bytes(of: "_xFFFE_") : ByteBuffer.bytes(of: "_xFFFF_"), to: out)
                    index += 2
                case UInt8(ascii: "_") where Self.isEscape(cell, at: index):
                    out = ByteBuffer.copy(ByteBuffer.bytes(of: "_x005F_"), to: out)
                default: out = ByteBuffer.put(byte, at: out)
                }
                index += 1
            }
            return out - start
        }
        xml.append("</t></is></c>")
    }

    /// Whether `_xHHHH_` starts at `index`, which Excel would read as an escaped character.
    static func isEscape(_ cell: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < cell.count, cell[index + 1] == UInt8(ascii: "x"), cell[index + 6] == UInt8(ascii: "_") else { return false }
        return (index + 2...index + 5).allSatisfy { position in
            switch cell[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
            default: false
            }
        }
    }

    private static func upperHex(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    /// A column's letters: 0 is `A`, 25 `Z`, 26 `AA`.
    static func letters(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            number -= 1
            letters.insert(Character(Unicode.Scalar(UInt8(65 + number % 26))), at: 0)
            number /= 26
        }
        return String(letters)
    }

    private static let sheetStart = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0">\
        <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>
        """

    /// The workbook's parts before its sheet: content types, relationships, workbook, styles.
    static func parts(sheet: String) -> [(String, String)] {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return [
            ("[Content_Types].xml", header + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="\(types).sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="\(types).worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="\(types).styles+xml"/></Types>
                """),
            ("_rels/.rels", header + """
                <Relationships xmlns="\(relationships)">\
                <Relationship Id="rId1" Type="\(office)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", header + """
                <workbook xmlns="\(main)" xmlns:r="\(office)"><sheets><sheet name="\(sheet)" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", header + """
                <Relationships xmlns="\(relationships)">\
                <Relationship Id="rId1" Type="\(office)/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="\(office)/styles" Target="styles.xml"/></Relationships>
                """),
            ("xl/styles.xml", header + """
                <styleSheet xmlns="\(main)">\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """),
        ]
    }
}

struct XLSXError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
