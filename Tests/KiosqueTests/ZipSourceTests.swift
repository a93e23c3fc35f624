import Foundation
import Testing
@testable import KiosqueCore

/// Sources published as ZIP archives (INSEE's état-civil files, many portals): the data file
/// inside is read; a broken archive fails and keeps what is published.
@Suite struct ZipSourceTests {
    /// A ZIP archive built by hand: each member stored, or deflated (gzip's body without its
    /// header and trailer), with its CRC-32, then the central directory.
    static func archive(_ members: [(name: String, text: String, deflate: Bool)]) throws -> Data {
        try archive(members.map { (name: $0.name, bytes: Data($0.text.utf8), deflate: $0.deflate) })
    }

    static func archive(_ members: [(name: String, bytes: Data, deflate: Bool)]) throws -> Data {
        var local = Data(), directory = Data()
        func le16(_ value: Int) -> Data { Data([UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]) }
        func le32(_ value: UInt32) -> Data { Data((0..<4).map { UInt8(value >> (8 * $0) & 0xFF) }) }
        for member in members {
            let bytes = member.bytes
            let crc = bytes.withUnsafeBytes { ZlibStream.crc32(0, $0) }
            var stored = bytes
            if member.deflate {
                var gzip = Data()
                let stream = try ZlibStream(.gzip(level: 6))
                try bytes.withUnsafeBytes { try stream.process($0, finish: true) { gzip.append(contentsOf: $0) } }
                stored = gzip.subdata(in: 10..<(gzip.count - 8))
            }
            let name = Data(member.name.utf8)
            let common = le16(20) + le16(0x0800) + le16(member.deflate ? 8 : 0) + le16(0) + le16(0x21)
                + le32(crc) + le32(UInt32(stored.count)) + le32(UInt32(bytes.count)) + le16(name.count) + le16(0)
            directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(local.count)) + name
            local += le32(0x0403_4B50) + common + name + stored
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
            + le32(UInt32(directory.count)) + le32(UInt32(local.count)) + le16(0)
        return local + directory + end
    }

    static let births = "CODGEO;LIBGEO;NAIS2023\n01001;L'Abergement-Clémenciat;8\n01002;L'Abergement-de-Varey;2\n97411;Saint-Denis;1890\n"

    static func recipe(member: String? = nil, url: String = "sources/naissances.zip") -> String {
        """
        id: naissances
        title: Naissances par commune
        source:
          url: "\(url)"
        \(member.map { "  member: \"\($0)\"\n" } ?? "")  delimiter: ";"
        fields:
          - {name: code_commune, from: CODGEO, required: true}
          - {name: commune, from: LIBGEO}
          - {name: naissances, from: NAIS2023, type: integer}
        primary_key: [code_commune]

        """
    }

    @Test("the only data file of an archive is read, a PDF beside it ignored, stored or deflated", arguments: [true, false])
    func onlyDataFile(deflate: Bool) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances.zip", try Self.archive([
            ("base_naissances_2023.csv", Self.births, deflate), ("documentation.pdf", "%PDF-1.4", false),
        ]))
        try sandbox.write("Pipelines/naissances.yml", Self.recipe())
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv")
            == "code_commune,commune,naissances\n01001,L'Abergement-Clémenciat,8\n01002,L'Abergement-de-Varey,2\n97411,Saint-Denis,1890\n")
        #expect(try sandbox.kiosque("run").stdout.contains("unchanged (same source bytes"))
    }

    @Test("several data files need member:, which picks one; a member that is not there is named with the files that are")
    func member() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances.zip", try Self.archive([
            ("2022/base.csv", "CODGEO;LIBGEO;NAIS2023\n01001;Ancien;1\n", true), ("2023/base.csv", Self.births, true),
        ]))
        try sandbox.write("Pipelines/naissances.yml", Self.recipe())
        let several = try sandbox.kiosque("run")
        #expect(several.status == 1)
        #expect(several.stderr.contains("the ZIP archive holds several data files (2022/base.csv, 2023/base.csv); set source member to the one to read"), "\(several.stderr)")
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(member: "2024/base.csv"))
        let absent = try sandbox.kiosque("run")
        #expect(absent.stderr.contains("the ZIP archive has no member '2024/base.csv'; its files are: 2022/base.csv, 2023/base.csv"), "\(absent.stderr)")
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(member: "2023/base.csv"))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("naissances: 3 rows read, 3 published"), "\(run.stdout)")
        // describe reads the same member, named after a #, and writes member: in the draft.
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/naissances.zip#2023/base.csv", "--output", "Pipelines/autre.yml")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(try sandbox.text("Pipelines/autre.yml").contains("  url: \"sources/naissances.zip\"\n  member: \"2023/base.csv\"\n"))
    }

    @Test("check samples the data file inside a ZIP source for e-mail addresses, as it does a plain file")
    func checkSamples() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances.zip", try Self.archive([
            ("base.csv", "CODGEO;LIBGEO;NAIS2023;SUIVI\n01001;Ambérieu;8;agent.dupont@mairie.example\n", true),
        ]))
        let recipe = Self.recipe().replacingOccurrences(of: "primary_key:", with: "  - {name: suivi, from: SUIVI}\nprimary_key:")
        try sandbox.write("Pipelines/naissances.yml", recipe)
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("field 'suivi' has values that look like e-mail addresses (1 of the first 1 rows)"), "\(check.stderr)")
        #expect(!check.stderr.contains("agent.dupont"))
    }

    @Test("a damaged or cut archive fails, named, and the publication stays as it was")
    func damaged() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let good = try Self.archive([("base.csv", Self.births, true)])
        try sandbox.write("Pipelines/sources/naissances.zip", good)
        try sandbox.write("Pipelines/naissances.yml", Self.recipe())
        #expect(try sandbox.kiosque("run").status == 0)
        var flipped = good
        flipped[40] ^= 0x55  // inside the deflated data
        var wrongSum = good
        wrongSum[14] ^= 0x01  // the CRC-32 in the local header (the directory's is read)
        let directoryCRC = good.count - 22 - (46 + 8) + 16
        wrongSum[directoryCRC] ^= 0x01
        for (bytes, message) in [(flipped, "the ZIP archive's member 'base.csv'"), (wrongSum, "does not match its checksum (CRC-32)"),
                                 (good.prefix(good.count - 30), "the ZIP archive has no central directory: it looks truncated")] {
            try sandbox.write("Pipelines/sources/naissances.zip", Data(bytes))
            let run = try sandbox.kiosque("run")
            #expect(run.status == 1)
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(try sandbox.kiosque("verify").status == 0)
            #expect(try sandbox.text("Output/datasets/naissances/naissances.csv").hasSuffix("97411,Saint-Denis,1890\n"))
        }
    }

    @Test("an archive served over HTTP as application/zip is read; so are Excel workbooks (.xlsx, .xls) and an OpenDocument spreadsheet")
    func overHTTP() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("served/naissances.zip", try Self.archive([("base.csv", Self.births, true)]))
        try sandbox.write("served/tableau.xlsx", try WorkbookSourceTests.workbook())
        try sandbox.write("served/tableau.ods", try OpenDocumentSourceTests.spreadsheet(content: try Data(contentsOf: OpenDocumentSourceTests.fixture)))
        try sandbox.write("served/ancien.xls", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("legacy-excel/demarches-libreoffice.xls")))
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"))
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(url: server.url("/files/naissances.zip")))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("naissances: 3 rows read, 3 published"), "\(run.stdout)")
        let workbook = try sandbox.kiosque("describe", server.url("/files/tableau.xlsx"))
        #expect(workbook.status == 0, "\(workbook.stderr)")
        #expect(workbook.stdout.contains("  format: xlsx\n  # the workbook's other sheets: 'Naissances 2025'\n  sheet: \"Notes\"\n"), "\(workbook.stdout)")
        let ods = try sandbox.kiosque("describe", server.url("/files/tableau.ods"))
        #expect(ods.status == 0, "\(ods.stderr)")
        #expect(ods.stdout.contains("  format: ods\n  # the workbook's other sheets: 'Brouillon'\n  sheet: \"Services\"\n"), "\(ods.stdout)")
        let xls = try sandbox.kiosque("describe", server.url("/files/ancien.xls"))
        #expect(xls.status == 0, "\(xls.stderr)")
        #expect(xls.stdout.contains("  format: xls\n  sheet: \"small\"\n") && xls.stdout.contains("    type: date\n"), "\(xls.stdout)")
        withExtendedLifetime(server) {}
    }
}
