import Foundation
import Testing
@testable import KiosqueCore

/// Hostile recipes and sources: each gets a clear error, and no crash, hang or unbounded memory.
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    static func recipe(_ sandbox: Sandbox, url: String = "sources/source.csv", extra: String = "", fields: String = "  - {name: a}") throws {
        try sandbox.write("Pipelines/hostile.yml", "id: hostile\ntitle: Hostile\nsource:\n  url: \(url)\n\(extra)\nfields:\n\(fields)\n")
    }

    static func run(_ sandbox: Sandbox) throws -> ProcessResult {
        let result = try sandbox.kiosque("run")
        // A crash would be a signal (status above 128 from the shell, or a negative one here).
        #expect([0, 1, 2].contains(result.status), "kiosque ended with \(result.status): \(result.stderr)")
        return result
    }

    @Test("a recipe on one long line with thousands of problems lists a hundred, each under the part of the line around its column")
    func manyProblemsOnOneLine() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let keys = (0..<60_000).map { "k\($0): 1" }.joined(separator: ", ")
        try sandbox.write("Pipelines/large.yml", "id: large\ntitle: Large\nsource: {url: x.csv, token: abc, \(keys)}\nfields: [{name: a}]\n")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 2)
        let errors = check.stderr.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 101, "\(errors.count)")
        #expect(errors.last?.hasSuffix("error: more problems in this file are not listed, the first of them here; fix those listed, then check again") == true)
        #expect(check.stderr.components(separatedBy: "\n").allSatisfy { $0.unicodeScalars.count < 300 })
        #expect(check.stderr.contains("unknown key 'token' in source\nsource: {url: x.csv, token: ***, k0: 1,"), "\(check.stderr.prefix(400))")
    }

    @Test("a long line is shown cut around the column, the caret under the same character", arguments: [1, 150, 500, 999, 1000])
    func window(column: Int) {
        var line = Array(String(repeating: "a", count: 1000).unicodeScalars)
        line[column - 1] = "X"
        let shown = Diagnostic.window(line, column: column)
        let scalars = Array(shown.text.unicodeScalars)
        #expect(scalars.count <= 162)
        #expect(scalars[shown.caret - 1] == "X")
    }

    @Test("a header's escape sequences and control characters are written as codes in messages, never sent raw to a terminal or a log")
    func controlCharactersInLabels() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.csv", "Code\u{1B}[2J\u{1B}]0;pwned\u{07};Nom\u{1}\nA;B\n")
        try Self.recipe(sandbox, fields: "  - {name: code, from: Code}")
        for command in ["check", "run"] {
            let result = try sandbox.kiosque(command)
            #expect(result.stderr.contains("'Code\\u{1B}[2J\\u{1B}]0', 'pwned\\u{7}', 'Nom\\u{1}'"), "\(result.stderr)")
            #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 1 })
        }
    }

    @Test("control characters in text are published as they are, and the run names the field, how many and where, never the value", arguments: [
        ("csv", "code;texte;secret;propre\n1;a\u{07}b;s\u{01}1;ok\n2;ok;s2;ok\n3;\u{1B}[31mrouge;s3;fin\tok\n", "line 2"),
        ("json", "[{\"code\": 1, \"texte\": \"ok\", \"secret\": \"s\\u00001\", \"propre\": \"a\\tb\"}, {\"code\": 2, \"texte\": \"x\\u0000y\", \"secret\": \"s2\", \"propre\": \"ok\"}, {\"code\": 3, \"texte\": \"\\by\", \"secret\": \"s3\", \"propre\": \"ok\"}]", "record 2"),
    ])
    func controlCharacters(format: String, source: String, first: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.\(format)", source)
        try Self.recipe(sandbox, url: "sources/source.\(format)",
                        fields: "  - {name: code, type: integer}\n  - {name: texte}\n  - {name: secret, anonymise: drop}\n  - {name: propre}")
        let result = try Self.run(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let note = "field 'texte': 2 values hold control characters (U+0000–U+001F but tab and line breaks, or U+007F; the first on \(first)), published as they are"
        #expect(result.stdout.contains(note), "\(result.stdout)")
        #expect(!result.stdout.contains("'secret'") && !result.stdout.contains("'propre'"), "\(result.stdout)")
        let report = try sandbox.text("Output/datasets/hostile/2026-11-21/report.json")
        #expect(report.contains("field 'texte': 2 values hold control characters"))
        #expect(!report.contains("rouge") && !report.contains("s1"))
        // A source without any says nothing.
        try sandbox.write("Pipelines/sources/source.\(format)", format == "csv" ? "code;texte;secret;propre\n1;a;b;c\n" : "[{\"code\": 1, \"texte\": \"a\", \"secret\": \"b\", \"propre\": \"c\"}]")
        let clean = try Self.run(sandbox)
        #expect(clean.status == 0 && !clean.stdout.contains("control characters"), "\(clean.stdout)")
    }

    @Test("text encoded twice (Ã© for é) is published as it is, and the run names the field, how many and where, never the value; a UTF-8 file declared windows-1252 is told to say utf-8")
    func doubleEncoded() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let fields = "  - {name: code, type: integer}\n  - {name: objet}\n  - {name: agent, anonymise: drop}\n  - {name: propre}"
        try sandbox.write("Pipelines/sources/source.csv", "code;objet;agent;propre\n1;RÃ©clamation;AgnÃ¨s;ok\n2;Ã‰tat civil;B;Qualité\n3;Dossier nÂ° 12, lâ€™agent;C;Crèche\n")
        try Self.recipe(sandbox, extra: "  encoding: utf-8", fields: fields)
        let result = try Self.run(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let note = "field 'objet': 3 values hold text that looks encoded twice (Ã© for é, â€™ for ’; the first on line 2), published as they are; the export was read as Windows-1252 somewhere and saved again in UTF-8: ask its producer for a clean export"
        #expect(result.stdout.contains(note), "\(result.stdout)")
        #expect(!result.stdout.contains("'agent'") && !result.stdout.contains("'propre'") && !result.stdout.contains("AgnÃ¨s"), "\(result.stdout)")
        #expect(try sandbox.text("Output/datasets/hostile/2026-11-21/report.json").contains("field 'objet': 3 values hold text that looks encoded twice"))
        #expect(try sandbox.text("Output/datasets/hostile/hostile.csv").contains("1,RÃ©clamation,ok\n"))
        // A clean UTF-8 file declared windows-1252 reads the same way.
        try sandbox.write("Pipelines/sources/source.csv", "code;objet;agent;propre\n1;Réclamation;Agnès;ok\n2;État civil;B;Qualité\n")
        try Self.recipe(sandbox, extra: "  encoding: windows-1252", fields: fields)
        let declared = try Self.run(sandbox)
        #expect(declared.stdout.contains("field 'objet': 2 values hold text that looks encoded twice (Ã© for é, â€™ for ’; the first on line 2), published as they are; the source looks like UTF-8 read as windows-1252: set source encoding: utf-8 (or auto)"), "\(declared.stdout)")
        #expect(declared.stdout.contains("field 'propre': 1 value holds text"), "\(declared.stdout)")
        // Read as it should be, nothing is said.
        try Self.recipe(sandbox, extra: "  encoding: auto", fields: fields)
        let clean = try Self.run(sandbox)
        #expect(clean.status == 0 && !clean.stdout.contains("encoded twice"), "\(clean.stdout)")
        // A label with an accent, read from such a header, is missing: the error says why.
        try sandbox.write("Pipelines/sources/source.csv", "Code;Délai\n1;3\n")
        try Self.recipe(sandbox, extra: "  encoding: windows-1252", fields: "  - {name: code, from: Code}\n  - {name: delai, from: Délai}")
        let missing = try Self.run(sandbox)
        #expect(missing.status == 1 && missing.stderr.contains("Did you mean 'DÃ©lai'? The source's columns are: 'Code', 'DÃ©lai'. The source's labels look encoded twice (Ã© for é): if the file is UTF-8 and the recipe says another encoding, set source encoding: utf-8 (or auto)"), "\(missing.stderr)")
    }

    @Test("text encoded twice in a JSON source's \\u escapes is noted by field and record; an escaped Ã alone is not")
    func doubleEncodedJSON() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.json", #"[{"code": 1, "objet": "R\u00c3\u00a9clamation", "nom": "\u00c3\u0089tat"}, {"code": 2, "objet": "ok", "nom": "x"}, {"code": 3, "objet": "R\u00c3\u00a9ponse", "nom": "y"}, {"code": 4, "objet": "\u00c3 propos", "nom": "z"}]"#)
        try Self.recipe(sandbox, url: "sources/source.json", fields: "  - {name: code, type: integer}\n  - {name: objet}\n  - {name: nom, anonymise: drop}")
        let result = try Self.run(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("field 'objet': 2 values hold text that looks encoded twice (Ã© for é, â€™ for ’; the first on record 1)"), "\(result.stdout)")
        #expect(!result.stdout.contains("'nom'"), "\(result.stdout)")
    }

    @Test("what looks encoded twice, and what does not", arguments: [
        ("RÃ©clamation", true), ("Ã‰tat", true), ("Ã\u{A0}", true), ("nÂ° 12", true), ("lâ€™agent", true), ("Å“uvre ÃŒ", true),
        ("Réclamation", false), ("État", false), ("São Tomé", false), ("Ã", false), ("ÃÃÃ", false), ("Âge", false), ("â€", true), ("pâte", false), ("", false),
    ])
    func doubleEncodingPatterns(text: String, expected: Bool) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { DoubleEncoding.occur(in: $0) } == expected)
    }

    @Test("a recipe larger than 1 MiB is refused")
    func hugeRecipe() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/hostile.yml", "id: hostile\ntitle: Hostile\n# " + String(repeating: "x", count: 2 << 20) + "\n")
        let result = try Self.run(sandbox)
        #expect(result.status == 2)
        #expect(result.stderr.contains("larger than 1024 KiB"))
    }

    @Test("an id that tries to climb out of Output/ is refused")
    func climbingID() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/hostile.yml", "id: ../../etc\ntitle: Hostile\nsource: {url: sources/a.csv}\nfields:\n  - {name: a}\n")
        let result = try Self.run(sandbox)
        #expect(result.status == 2)
        #expect(result.stderr.contains("id '../../etc' must be 1 to 64 lower-case letters"))
    }

    @Test("file: sources outside the recipe's folder are refused, also through a link, unless allowed")
    func outsideFiles() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("elsewhere/secret.csv", "a\n1\n")
        try Self.recipe(sandbox, url: "../elsewhere/secret.csv")
        let escaped = try Self.run(sandbox)
        #expect(escaped.status == 2)
        #expect(escaped.stderr.contains("is outside the recipe's folder"), "\(escaped.stderr)")
        try Self.recipe(sandbox, url: "file:///etc/passwd")
        #expect(try Self.run(sandbox).status == 2)
        // A link inside the folder to a file outside it.
        try FileManager.default.createSymbolicLink(at: sandbox.pipelines.appendingPathComponent("sources/link.csv"),
                                                   withDestinationURL: sandbox.root.appendingPathComponent("elsewhere/secret.csv"))
        try Self.recipe(sandbox, url: "sources/link.csv")
        let linked = try Self.run(sandbox)
        #expect(linked.status == 1)
        #expect(linked.stderr.contains("is outside the recipe's folder"), "\(linked.stderr)")
        // Allowed in catalog.yml, it is read.
        try sandbox.write("Pipelines/catalog.yml", Sandbox.catalogYAML + "allowed_file_roots: [\(sandbox.root.appendingPathComponent("elsewhere").path)]\n")
        #expect(try Self.run(sandbox).status == 0)
    }

    @Test("binary garbage is refused as not text")
    func garbage() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        var generator = PersonalData.Generator(state: 7)
        try sandbox.write("Pipelines/sources/source.csv", Data((0..<100_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
        try Self.recipe(sandbox)
        let result = try Self.run(sandbox)
        #expect(result.status == 1)
        // Which source: the recipe's url as written, before what is wrong with it.
        #expect(result.stderr.contains("hostile: FAILED: sources/source.csv: the source is not text"), "\(result.stderr)")
    }

    @Test("a line of 70 MB without an end stops at the record limit, in bounded memory")
    func endlessLine() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let path = sandbox.pipelines.appendingPathComponent("sources/source.csv")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path.path, contents: Data("a;b\n".utf8)))
        let handle = try FileHandle(forWritingTo: path)
        try handle.seekToEnd()
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<70 { try handle.write(contentsOf: block) }
        try handle.close()
        try Self.recipe(sandbox, extra: "  delimiter: \";\"")
        let command = "/usr/bin/time -f %M '\(TestPaths.kiosque.path)' run"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is longer than 64 MiB"), "\(result.stderr)")
        let peak = Int(result.stderr.split(separator: "\n").last.map(String.init) ?? "") ?? 0
        #expect(peak < 400_000, "peak memory \(peak) KB")
    }

    @Test("invalid UTF-8 where UTF-8 was declared names the line")
    func invalidUTF8() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.csv", Data("a\nok\n".utf8) + Data([0x66, 0xE9, 0x0A]))
        try Self.recipe(sandbox, extra: "  encoding: utf-8")
        let result = try Self.run(sandbox)
        #expect(result.status == 1)
        #expect(result.stderr.contains("not valid UTF-8 (line 3"), "\(result.stderr)")
    }

    @Test("a header of 200,000 columns is refused")
    func wideHeader() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.csv", "a" + String(repeating: ";", count: 200_000) + "\n1\n")
        try Self.recipe(sandbox, extra: "  delimiter: \";\"")
        let result = try Self.run(sandbox)
        #expect(result.status == 1)
        #expect(result.stderr.contains("more than 100000 cells"), "\(result.stderr)")
    }

    @Test("deeply nested JSON is refused, wherever it is", arguments: [
        "[{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]",
        "[{\"skipped\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ", \"a\": 1}]",
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
    ])
    func deepJSON(document: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/source.json", document)
        try Self.recipe(sandbox, url: "sources/source.json", extra: "  format: json")
        let result = try Self.run(sandbox)
        if document.hasPrefix("[{\"skipped\"") {
            #expect(result.status == 0, "a deep value no field reads is skipped: \(result.stderr)")
        } else {
            #expect(result.status == 1)
            #expect(result.stderr.contains("nests more than 256 levels") || result.stderr.contains("is not an object")
                    || result.stderr.contains("is an array, not an object"), "\(result.stderr)")
        }
    }
}
