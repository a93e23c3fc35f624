import Foundation
import Testing
@testable import KiosqueCore

/// Excel 97–2003 workbooks (.xls) as sources: BIFF8 records in a compound file.
@Suite("Excel 97–2003 workbooks", .serialized)
struct LegacyWorkbookTests {
    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

    static func record(_ type: Int, _ data: [UInt8]) -> [UInt8] { le16(type) + le16(data.count) + data }

    /// A cell record's row, column and format index.
    static func cell(_ row: Int, _ column: Int) -> [UInt8] { le16(row) + le16(column) + le16(0) }

    /// A small BIFF8 workbook stream: one sheet `S`, its shared strings split across a CONTINUE
    /// record in the middle of a string (which turns from one-byte to two-byte characters there),
    /// and a cell of each kind. `globals` adds records to the globals substream.
    static func workbookStream(globals extra: [UInt8] = []) -> [UInt8] {
        let bof = record(0x0809, le16(0x0600) + le16(0x0005) + [UInt8](repeating: 0, count: 12))
        // "Commune" (one-byte), then "Bouaké é…" split: "Boua" in the SST, "ké" in the CONTINUE as UTF-16.
        let sst = record(0x00FC, le32(3) + le32(3) + le16(7) + [0] + Array("Commune".utf8) + le16(6) + [0] + Array("Boua".utf8))
        let continued = record(0x003C, [1] + le16(0x6B) + le16(0xE9) + le16(2) + [0] + Array("ok".utf8))
        func sheetRecords() -> [UInt8] {
            record(0x0809, le16(0x0600) + le16(0x0010) + [UInt8](repeating: 0, count: 12))
                + record(0x00FD, cell(0, 0) + le32(0)) + record(0x00FD, cell(0, 1) + le32(2))
                + record(0x00FD, cell(1, 0) + le32(1))
                + record(0x027E, cell(1, 1) + le32(42 << 2 | 2))  // RK, integer 42
                + record(0x00BD, le16(2) + le16(1) + le16(0) + le32(12345 << 2 | 3) + le16(0) + le32(UInt32(truncatingIfNeeded: (1.5).bitPattern >> 32)) + le16(2))  // 123.45, 1.5
                + record(0x0203, cell(3, 0) + le32(UInt32(truncatingIfNeeded: (0.0625).bitPattern)) + le32(UInt32(truncatingIfNeeded: (0.0625).bitPattern >> 32)))
                + record(0x0006, cell(3, 1) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 6))
                + record(0x04BC, [UInt8](repeating: 0, count: 10))  // a shared formula's record, between the formula and its text
                + record(0x0207, le16(5) + [0] + Array("a, \"b".utf8))
                + record(0x0205, cell(3, 2) + [1, 0]) + record(0x0205, cell(3, 3) + [0x07, 1])
                + record(0x0006, cell(4, 3) + [1, 0, 1, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 6))
                + record(0x000A, [])
        }
        var globals = bof + extra + sst + continued
        let sheetName = [UInt8](Array("S".utf8))
        let boundsheetLength = 4 + 8 + sheetName.count
        let eofLength = 4
        let sheetOffset = globals.count + boundsheetLength + eofLength
        globals += record(0x0085, le32(UInt32(sheetOffset)) + [0, 0] + [UInt8(sheetName.count), 0] + sheetName)
        globals += record(0x000A, [])
        return globals + sheetRecords()
    }

    /// A compound file (512-byte sectors) holding `stream` as `name`, in the mini stream when it
    /// is under 4,096 bytes. `loop` makes the directory's sector chain point at itself.
    static func compoundFile(_ stream: [UInt8], name: String = "Workbook", loop: Bool = false) -> Data {
        let free: UInt32 = 0xFFFF_FFFF, end: UInt32 = 0xFFFF_FFFE
        let small = stream.count < 4096
        let payload = small ? stream + [UInt8](repeating: 0, count: (64 - stream.count % 64) % 64) : stream
        let dataSectors = (payload.count + 511) / 512
        // Sector 0 the FAT, 1 the directory, 2 the mini FAT, then the data.
        var fat: [UInt32] = [0xFFFF_FFFD, loop ? 1 : end, end]
        for index in 0..<dataSectors { fat.append(index == dataSectors - 1 ? end : UInt32(3 + index + 1)) }
        fat += [UInt32](repeating: free, count: 128 - fat.count)
        var header = CompoundFile.signature + [UInt8](repeating: 0, count: 16) + le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6)
        header += [UInt8](repeating: 0, count: 10) + le32(1) + le32(1) + le32(0) + le32(4096) + le32(small ? 2 : end) + le32(small ? 1 : 0)
        header += le32(end) + le32(0) + le32(0) + [UInt8](repeating: 0xFF, count: 4 * 108)
        func entry(_ name: String, type: UInt8, child: UInt32, start: UInt32, size: Int) -> [UInt8] {
            let units = Array(name.utf16)
            var bytes: [UInt8] = units.flatMap { le16(Int($0)) } + [0, 0]
            bytes += [UInt8](repeating: 0, count: 64 - bytes.count)
            let kind: [UInt8] = [type, 1]
            bytes += le16(2 * units.count + 2)
            bytes += kind
            bytes += le32(free) + le32(free) + le32(child)
            bytes += [UInt8](repeating: 0, count: 16 + 4 + 16)
            bytes += le32(start) + le32(UInt32(size)) + le32(0)
            return bytes
        }
        var directory = entry("Root Entry", type: 5, child: 1, start: small ? 3 : end, size: small ? payload.count : 0)
        directory += entry(name, type: 2, child: free, start: small ? 0 : 3, size: stream.count)
        directory += [UInt8](repeating: 0, count: 512 - directory.count)
        var miniFat: [UInt32] = []
        if small { for index in 0..<(payload.count / 64) { miniFat.append(index == payload.count / 64 - 1 ? end : UInt32(index + 1)) } }
        miniFat += [UInt32](repeating: free, count: 128 - miniFat.count)
        var file = header + fat.flatMap(le32) + directory + miniFat.flatMap(le32) + payload
        file += [UInt8](repeating: 0, count: (512 - file.count % 512) % 512)
        return Data(file)
    }

    static func convert(_ data: Data, sheet: String? = nil, decimal: String = ".") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-xls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("book.xls")
        try data.write(to: file)
        var source = SourceSpec(url: file.absoluteString)
        source.sheet = sheet
        source.decimal = decimal.utf8.first!
        let body = FetchedBody(file: file, bytes: Int64(data.count), status: 0, contentType: nil, finalURL: file.absoluteString,
                               etag: nil, lastModified: nil, fingerprint: "", wasGzipFile: false)
        let converted = try Workbook.converted(body, source: source, into: folder)
        #expect(converted.workbookFormat == .xls && converted.sheets == ["S"] || sheet != nil)
        return try String(contentsOf: converted.file, encoding: .utf8)
    }

    @Test("a workbook in the mini stream is read cell by cell: shared strings split across records, RK and MULRK numbers, formulas' values, booleans, errors")
    func cells() throws {
        let csv = try Self.convert(Self.compoundFile(Self.workbookStream()))
        #expect(csv == """
            Commune,ok,,
            Bouaké,42,,
            ,123.45,1.5,
            0.0625,"a, ""b",true,#DIV/0!
            ,,,true

            """, "\(csv.debugDescription)")
        #expect(try Self.convert(Self.compoundFile(Self.workbookStream()), decimal: ",").contains("\n,\"123,45\",\"1,5\",\n"))
    }

    @Test("a formula's long text result goes on in CONTINUE records, each with its own character width, and is read whole")
    func continuedFormulaText() throws {
        let bof = Self.record(0x0809, Self.le16(0x0600) + Self.le16(0x0005) + [UInt8](repeating: 0, count: 12))
        let sheetName = [UInt8](Array("S".utf8))
        let sheetOffset = bof.count + (4 + 8 + sheetName.count) + 4
        var stream = bof + Self.record(0x0085, Self.le32(UInt32(sheetOffset)) + [0, 0] + [UInt8(sheetName.count), 0] + sheetName) + Self.record(0x000A, [])
        // 14 characters: "Bouak" in one-byte characters, "é Sud" in UTF-16 in a CONTINUE, " Est" in one-byte in a second.
        stream += Self.record(0x0809, Self.le16(0x0600) + Self.le16(0x0010) + [UInt8](repeating: 0, count: 12))
            + Self.record(0x0006, Self.cell(0, 0) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 6))
            + Self.record(0x0207, Self.le16(14) + [0] + Array("Bouak".utf8))
            + Self.record(0x003C, [1] + Self.le16(0xE9) + Self.le16(0x20) + Self.le16(0x53) + Self.le16(0x75) + Self.le16(0x64))
            + Self.record(0x003C, [0] + Array(" Est".utf8))
            + Self.record(0x0203, Self.cell(0, 1) + Self.le32(0) + Self.le32(UInt32(truncatingIfNeeded: (2.0).bitPattern >> 32)))
            + Self.record(0x0006, Self.cell(1, 0) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 6))
            + Self.record(0x0207, Self.le16(6) + [0] + Array("fin".utf8))
            + Self.record(0x003C, [0] + Array("ale".utf8))
            + Self.record(0x000A, [])
        let csv = try Self.convert(Self.compoundFile(stream))
        #expect(csv == "Bouaké Sud Est,2\nfinale,\n", "\(csv.debugDescription)")
    }

    @Test("RK numbers: integers, hundredths, and the high bits of a double")
    func rk() {
        #expect(LegacySheetWriter.rk(42 << 2 | 2) == 42)
        #expect(LegacySheetWriter.rk(UInt32(bitPattern: -7 << 2) | 2) == -7)
        #expect(LegacySheetWriter.rk(12345 << 2 | 3) == 123.45)
        #expect(LegacySheetWriter.rk(UInt32(truncatingIfNeeded: (1.5).bitPattern >> 32)) == 1.5)
        #expect(LegacySheetWriter.rk(UInt32(truncatingIfNeeded: (2.5).bitPattern >> 32) | 1) == 0.025)
    }

    @Test("a damaged, looping, encrypted or Excel 95 file is named with what to do", arguments: [
        ("truncated", "the Excel 97–2003 workbook (.xls) looks damaged"),
        ("loop", "the Excel 97–2003 workbook (.xls) looks damaged"),
        ("encrypted", "the workbook is protected by a password (encrypted), so it cannot be read; ask for the file without a password"),
        ("excel95", "the workbook is in the Excel 5.0/95 format, which kiosque does not read; save it as .xlsx or .ods"),
        ("document", "the file is a compound document but not an Excel workbook (no Workbook stream)"),
    ])
    func refused(kind: String, message: String) throws {
        let data: Data
        switch kind {
        case "truncated": data = Self.compoundFile(Self.workbookStream()).prefix(1000)
        case "loop": data = Self.compoundFile(Self.workbookStream(), loop: true)
        case "encrypted": data = Self.compoundFile(Self.workbookStream(globals: Self.record(0x002F, [0, 0])))
        case "excel95": data = Self.compoundFile(Self.workbookStream(), name: "Book")
        default: data = Self.compoundFile([1, 2, 3], name: "WordDocument")
        }
        #expect {
            _ = try Self.convert(data)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("an .xls written by xlwt is described and published as it was written: dates, codes under 00000, booleans, line breaks",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func xlwt() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/.keep", "")
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            import datetime, xlwt
            book = xlwt.Workbook(encoding="utf-8")
            sheet = book.add_sheet("Démarches")
            for column, label in enumerate(["Code", "Intitulé", "Mise à jour", "En ligne", "Coût", "Délai", "Code postal"]):
                sheet.write(0, column, label)
            date, zeros = xlwt.easyxf(num_format_str="DD/MM/YYYY"), xlwt.easyxf(num_format_str="00000")
            rows = [("DEM-001", "Extrait d'acte, copie \\"intégrale\\"", datetime.date(2025, 10, 12), True, 500, 3.5, 1001),
                    ("DEM-002", "Certificat\\nde nationalité", datetime.date(2025, 3, 6), False, 1000.25, 0.0625, 34000)]
            for row, values in enumerate(rows, start=1):
                for column, value in enumerate(values):
                    sheet.write(row, column, value, date if column == 2 else zeros if column == 6 else xlwt.Style.default_style)
            book.add_sheet("Vide")
            book.save("Pipelines/sources/demarches.xls")
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/demarches.xls", id: "demarches")
        #expect(draft.contains("  format: xls\n  # the workbook's other sheets: 'Vide'\n  sheet: \"Démarches\"\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/demarches/demarches.csv") == #"""
            code,intitule,mise_a_jour,en_ligne,cout,delai,code_postal
            DEM-001,"Extrait d'acte, copie ""intégrale""",2025-10-12,true,500,3.5,01001
            DEM-002,"Certificat
            de nationalité",2025-03-06,false,1000.25,0.0625,34000

            """#)
    }
}
