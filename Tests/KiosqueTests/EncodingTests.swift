import Foundation
import Testing
@testable import KiosqueCore

@Suite("Source encodings")
struct EncodingTests {
    static let text = "Commune;Coût\nSan-Pédro;1 000 €\nN’Zérékoré;œuvre\n"

    static func bytes(_ text: String, _ encoding: String.Encoding, prefix: [UInt8] = []) -> [UInt8] {
        prefix + Array(text.data(using: encoding)!)
    }

    static let detectionCases: [([UInt8], TextEncoding)] = [
        (bytes(text, .utf8), .utf8),
        (bytes(text, .utf8, prefix: [0xEF, 0xBB, 0xBF]), .utf8),
        (bytes("Commune;Coût\nSan-Pédro;Île\n", .isoLatin1), .iso88591),
        (bytes(text, .windowsCP1252), .windows1252),
        (bytes(text, .utf16LittleEndian, prefix: [0xFF, 0xFE]), .utf16LE),
        (bytes(text, .utf16BigEndian, prefix: [0xFE, 0xFF]), .utf16BE),
        (bytes(text, .utf16LittleEndian), .utf16LE),
    ]

    static let decodingCases: [([UInt8], TextEncoding)] = [
        (bytes(text, .utf8), .utf8),
        (bytes(text, .windowsCP1252), .windows1252),
        (bytes(text, .utf16LittleEndian, prefix: [0xFF, 0xFE]), .utf16LE),
        (bytes(text, .utf16BigEndian, prefix: [0xFE, 0xFF]), .utf16BE),
    ]

    @Test("auto-detection picks each encoding", arguments: detectionCases)
    func detection(bytes: [UInt8], expected: TextEncoding) throws {
        #expect(try Decoding.detect(bytes) == expected)
    }

    @Test("every encoding decodes to the same rows", arguments: decodingCases, [1, 3, 4096])
    func decoding(input: ([UInt8], TextEncoding), chunk: Int) throws {
        let (columns, rows) = try Decoding.csv(input.0, encoding: input.1, delimiter: UInt8(ascii: ";"), chunk: chunk)
        #expect(columns == ["Commune", "Coût"])
        #expect(rows == [["San-Pédro", "1 000 €"], ["N’Zérékoré", "œuvre"]])
    }

    /// What Python's codec makes of `text` (encoding) or of bytes (decoding, printed as UTF-8).
    static func python(_ script: String, _ argument: String = "") throws -> [UInt8] {
        let result = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script, argument],
                                           in: URL(fileURLWithPath: NSTemporaryDirectory()), environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.stderr)")
        return Array(Data(base64Encoded: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? Data())
    }

    /// `text` in Python's `codec`.
    static func encoded(_ text: String, _ codec: String) throws -> [UInt8] {
        try python("import sys, base64; print(base64.b64encode(sys.argv[1].encode('\(codec)')).decode())", text)
    }

    /// Every byte of the upper half (0x80–0xFF) read in `encoding`, against Python's `codec`.
    static func expectUpperHalf(_ encoding: TextEncoding, codec: String) throws {
        let upper = (0x80...0xFF).map(UInt8.init)
        let expected = try python("import base64; print(base64.b64encode(bytes(range(0x80, 0x100)).decode('\(codec)').encode()).decode())")
        let (_, all) = try Decoding.csv(Array("x\n".utf8) + upper + [0x0A], encoding: encoding, delimiter: UInt8(ascii: "\t"))
        #expect(Array(all[0][0].utf8) == expected, "\(codec)")
    }

    @Test("Windows-1256 (Arabic Windows) is detected in Arabic text with French in it and read as Python's cp1256 codec reads it, every byte; French text stays Windows-1252")
    func windows1256() throws {
        let text = "الرمز;المدينة;Commune\n1;الرباط;Rabat\n2;فاس;Fès\n3;الدار البيضاء;Casablanca\n4;مراكش;Marrakech\n5;طنجة;Tanger\n"
        let encoded = try Self.encoded(text, "cp1256")
        #expect(try Decoding.detect(encoded) == .windows1256)
        let (columns, rows) = try Decoding.csv(encoded, encoding: .windows1256, delimiter: UInt8(ascii: ";"), chunk: 7)
        #expect(columns == ["الرمز", "المدينة", "Commune"])
        #expect(rows[1] == ["2", "فاس", "Fès"] && rows[2] == ["3", "الدار البيضاء", "Casablanca"])
        try Self.expectUpperHalf(.windows1256, codec: "cp1256")
        // French, accented capitals included, is not Arabic.
        let french = String(repeating: "ÉCOLE ÉLÉMENTAIRE;Qualité de l’accueil;Crèche créée;Hôpital;Île;œuvre\n", count: 20)
        #expect(try Decoding.detect(Self.bytes(french, .windowsCP1252)) == .windows1252)
        #expect(try Decoding.detect(Self.bytes(french.replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "œ", with: "oe"), .isoLatin1)) == .iso88591)
    }

    @Test("a recipe reads a Windows-1256 export, detected or declared (windows-1256, cp1256), and publishes UTF-8", arguments: ["auto", "windows-1256", "cp1256"])
    func windows1256Run(declared: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let text = "المدينة;Commune;عدد\r\nالرباط;Rabat;120\r\nفاس;Fès;340\r\nالدار البيضاء;Casablanca;95\r\nمراكش;Marrakech;80\r\nطنجة;Tanger;75\r\n"
        try sandbox.write("Pipelines/sources/villes.csv", Data(try Self.encoded(text, "cp1256")))
        try sandbox.write("Pipelines/villes.yml", """
            id: villes
            title: Villes
            source: {url: sources/villes.csv, encoding: \(declared)}
            fields:
              - {name: ville, from: المدينة}
              - {name: commune, from: Commune}
              - {name: naissances, from: عدد, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/villes/villes.csv") == "ville,commune,naissances\nالرباط,Rabat,120\nفاس,Fès,340\nالدار البيضاء,Casablanca,95\nمراكش,Marrakech,80\nطنجة,Tanger,75\n")
    }

    /// A school census as a DOS program exports it: accented letters between plain ones, capitals too.
    static let dosText = "Etablissement;Commune;Effectif\nEcole élémentaire Jean Jaurès;Montpellier;212\nCollège Françoise Dolto;Castelnau-le-Lez;540\nLycée Jules Guesde;Montpellier;1 105\nECOLE MATERNELLE DES PÊCHEURS;Pérols;96\nCrèche municipale;Lattes;40\n"

    @Test("DOS Latin-1 (code page 850) is detected in French text and read as Python's cp850 codec reads it, every byte; Windows-1252 French stays Windows-1252")
    func cp850() throws {
        let encoded = try Self.encoded(Self.dosText, "cp850")
        #expect(try Decoding.detect(encoded) == .cp850)
        let (columns, rows) = try Decoding.csv(encoded, encoding: .cp850, delimiter: UInt8(ascii: ";"), chunk: 5)
        #expect(columns == ["Etablissement", "Commune", "Effectif"])
        #expect(rows[0] == ["Ecole élémentaire Jean Jaurès", "Montpellier", "212"] && rows[3] == ["ECOLE MATERNELLE DES PÊCHEURS", "Pérols", "96"])
        try Self.expectUpperHalf(.cp850, codec: "cp850")
        // The same text in Windows-1252, with its apostrophes and œ between letters, and in ISO-8859-1.
        let windows = Self.dosText + "Cœur de ville;d’Aigues-Mortes;12\nL’Œuvre d’Orient;Sète;3\n"
        #expect(try Decoding.detect(Self.bytes(windows, .windowsCP1252)) == .windows1252)
        #expect(try Decoding.detect(Self.bytes(Self.dosText, .isoLatin1)) == .iso88591)
        // English in Windows-1252 puts dashes and ellipses between words: they are not DOS letters.
        let english = String(repeating: "Route Abidjan–Bouaké;data—cleaned;etc…Next\n", count: 10)
        #expect(try Decoding.detect(Self.bytes(english, .windowsCP1252)) == .windows1252)
        // A single DOS letter is not enough to tell.
        let one = try Self.encoded("Commune;Code\nSète;34301\n", "cp850")
        #expect(try Decoding.detect(one) == .windows1252)
    }

    @Test("a recipe reads a DOS export, detected or declared (cp850, ibm850), and publishes UTF-8", arguments: ["auto", "cp850", "IBM850"])
    func cp850Run(declared: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/ecoles.csv", Data(try Self.encoded(Self.dosText.replacingOccurrences(of: "\n", with: "\r\n"), "cp850")))
        try sandbox.write("Pipelines/ecoles.yml", """
            id: ecoles
            title: Écoles
            source: {url: sources/ecoles.csv, encoding: \(declared), thousands: " "}
            fields:
              - {name: etablissement, from: Etablissement}
              - {name: commune, from: Commune}
              - {name: effectif, from: Effectif, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/ecoles/ecoles.csv") == "etablissement,commune,effectif\nEcole élémentaire Jean Jaurès,Montpellier,212\nCollège Françoise Dolto,Castelnau-le-Lez,540\nLycée Jules Guesde,Montpellier,1105\nECOLE MATERNELLE DES PÊCHEURS,Pérols,96\nCrèche municipale,Lattes,40\n")
        if declared == "auto" {
            let describe = try sandbox.kiosque("describe", "Pipelines/sources/ecoles.csv")
            #expect(describe.stdout.contains("  encoding: cp850\n"), "\(describe.stdout)")
        }
    }

    /// An export of a LATIN9 database: `œ` inside words and `€` after amounts.
    static let latin9Text = "Libellé;Montant\nCœur de ville;1 200 €\nŒuvres sociales;350€\nSœurs de la charité;90 €\n"

    @Test("ISO-8859-15 (Latin-9) is detected by œ inside words or € after an amount, and read as Python's codec reads it, every byte")
    func latin9() throws {
        let encoded = try Self.encoded(Self.latin9Text, "iso8859_15")
        #expect(try Decoding.detect(encoded) == .iso885915)
        let (_, rows) = try Decoding.csv(encoded, encoding: .iso885915, delimiter: UInt8(ascii: ";"), chunk: 3)
        #expect(rows == [["Cœur de ville", "1 200 €"], ["Œuvres sociales", "350€"], ["Sœurs de la charité", "90 €"]])
        try Self.expectUpperHalf(.iso885915, codec: "iso8859_15")
        // One sign is enough: œ between letters, or € after a digit (Latin-1 would have ½ and ¤ there).
        #expect(try Decoding.detect(Self.encoded("Nom;Total\nvœu;3\n", "iso8859_15")) == .iso885915)
        #expect(try Decoding.detect(Self.encoded("Nom;Total\nfrais;12 €\n", "iso8859_15")) == .iso885915)
        // Without them it stays Latin-1; with Windows-1252's own bytes (œ is 0x9C there) it is Windows-1252.
        #expect(try Decoding.detect(Self.bytes("Libellé;Montant\nCrèche;1 200\n", .isoLatin1)) == .iso88591)
        #expect(try Decoding.detect(Self.bytes(Self.latin9Text, .windowsCP1252)) == .windows1252)
        #expect(try Decoding.detect(Self.bytes("Part;Taux\nmoitié;½\n", .isoLatin1)) == .iso88591)
    }

    @Test("a recipe reads a Latin-9 export, detected or declared (iso-8859-15, latin9), and publishes UTF-8", arguments: ["auto", "iso-8859-15", "latin9"])
    func latin9Run(declared: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/budget.csv", Data(try Self.encoded(Self.latin9Text, "iso8859_15")))
        try sandbox.write("Pipelines/budget.yml", "id: budget\ntitle: Budget\nsource: {url: sources/budget.csv, encoding: \(declared)}\nfields:\n  - {name: libelle, from: Libellé}\n  - {name: montant, from: Montant}\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/budget/budget.csv") == "libelle,montant\nCœur de ville,1 200 €\nŒuvres sociales,350€\nSœurs de la charité,90 €\n")
        if declared == "auto" {
            #expect(try sandbox.kiosque("describe", "Pipelines/sources/budget.csv").stdout.contains("  encoding: iso-8859-15\n"))
        }
    }

    @Test("check warns, at the encoding key, about a local UTF-8 file declared in a single-byte encoding; not about a file in that encoding, nor about ASCII", arguments: [
        ("windows-1252", String.Encoding.utf8, "Ã©"), ("iso-8859-1", .utf8, "Ã©"), ("windows-1256", .utf8, "أ©"), ("cp850", .utf8, "├®"), ("iso-8859-15", .utf8, "Ã©"),
        ("windows-1252", .windowsCP1252, nil), ("utf-8", .utf8, nil), ("auto", .utf8, nil), ("utf-16", .utf8, nil),
    ] as [(String, String.Encoding, String?)])
    func declaredSingleByteForUTF8(declared: String, written: String.Encoding, garbled: String?) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/lieux.csv", Self.bytes("Commune;Délai\nSan-Pédro;3\n", written).withUnsafeBufferPointer { Data(buffer: $0) })
        try sandbox.write("Pipelines/lieux.yml", "id: lieux\ntitle: Lieux\nsource:\n  url: sources/lieux.csv\n  encoding: \(declared)\nfields:\n  - {name: commune, from: Commune}\n")
        let check = try sandbox.kiosque("check")
        let warning = "Pipelines/lieux.yml:5:13: warning: the source file is UTF-8, but the recipe says encoding: \(declared): its accented letters would be published as \(garbled ?? "") (for é) and the like; set encoding: utf-8 (or auto)"
        #expect(check.stderr.contains(warning) == (garbled != nil), "\(check.stderr)")
        #expect(check.stderr.contains("the source file is UTF-8") == (garbled != nil), "\(check.stderr)")
        // ASCII reads the same in every encoding: nothing to say.
        try sandbox.write("Pipelines/sources/lieux.csv", "Commune;Delai\nSan-Pedro;3\n")
        #expect(!(try sandbox.kiosque("check").stderr.contains("the source file is UTF-8")))
    }

    @Test("ISO-8859-1 maps every byte to the same code point")
    func latin1() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xE9, 0xA0, 0xFF, 0x0A]
        let (_, rows) = try Decoding.csv(bytes, encoding: .iso88591)
        #expect(rows == [["é\u{A0}ÿ"]])
    }

    @Test("UTF-8 declared but not UTF-8 is an error naming the line and the fix")
    func invalidUTF8() throws {
        let bytes = Array("a;b\n1;2\n".utf8) + [0x33, 0x3B, 0xE9, 0x0A]
        #expect {
            _ = try Decoding.csv(bytes, encoding: .utf8, delimiter: UInt8(ascii: ";"))
        } throws: { error in
            let message = "\(error)"
            return message.contains("line 3") && message.contains("windows-1252") && !message.contains("\u{E9}")
        }
    }

    @Test("UTF-8 up to a stray byte is UTF-8 that mixes encodings, in the first chunk or a later one; text with no valid accent before it is not", arguments: [
        // A header holding one UTF-8 accent (`Libellé`) is enough: read as Windows-1252, it would be `LibellÃ©`.
        (100, true, TextEncoding.utf8), (40_000, true, .utf8), (40_000, false, .windows1252), (0, true, .utf8), (0, false, .windows1252),
    ])
    func mixedEncodings(lines: Int, accents: Bool, expected: TextEncoding) throws {
        // Lines of about 30 bytes: 40,000 put the stray byte past the first 1 MiB chunk.
        let body = (0..<lines).map { "\($0);\(accents ? "Élément" : "Element") no \($0)\n" }.joined()
        let bytes = Array("Code;Libellé\n".utf8).prefix(accents ? 14 : 5) + Array(body.utf8)
        #expect(try Decoding.detect(Array(bytes) + Array("1;Caf".utf8) + [0xE9, 0x80, 0x0A]) == expected)
    }

    /// Two exports run together, the first in UTF-8 with a single accent: read as Latin-1, the
    /// UTF-8 rows were published garbled (`BouakÃ©`) without a word.
    static let oneAccentCases: [([UInt8], TextEncoding)] = {
        let latin1Rest: [UInt8] = [0x32, 0x3B, 0xE9, 0x0A]
        var cases: [([UInt8], TextEncoding)] = []
        cases.append((Array("Code;Nom\n1;Bouak\u{E9}\n2;S".utf8) + [0xE9, 0x67, 0x75, 0xE9, 0x6C, 0x61, 0x0A], .utf8))
        cases.append((Array("Code;Nom\n1;l\u{2019}\u{E9}cole\n".utf8) + latin1Rest, .utf8))
        cases.append((Array("Code;Nom\n1;\u{141}\u{F3}d\u{17A}\n".utf8) + latin1Rest, .utf8))
        // `É°` (C9 B0) and `Â` + NBSP (C2 A0) are valid UTF-8 by chance; neither is a letter or a quote.
        cases.append(([0x54, 0x3B, 0xC9, 0xB0, 0x0A, 0x31, 0x3B, 0xE9, 0x74, 0xE9, 0x0A], .iso88591))
        cases.append(([0x54, 0x3B, 0xC2, 0xA0, 0x0A, 0x31, 0x3B, 0xE9, 0x74, 0xE9, 0x0A], .iso88591))
        // A Latin-1 `é` before a letter: a broken lead byte, not a sequence.
        cases.append((Array("Code;Nom\n1;S".utf8) + [0xE9, 0x67, 0x75, 0xE9, 0x6C, 0x61, 0x0A], .iso88591))
        return cases
    }()

    /// Two exports run together, the first in UTF-8 with a single accent: read as Latin-1, the
    /// UTF-8 rows were published garbled (`BouakÃ©`) without a word.
    @Test("one accented letter or typographic quote in UTF-8 before a stray byte is UTF-8; a chance pair in Latin-1 text is not", arguments: oneAccentCases)
    func oneUTF8Accent(bytes: [UInt8], expected: TextEncoding) throws {
        #expect(try Decoding.detect(bytes) == expected)
    }

    @Test("an encoding the source's byte-order mark or zero bytes contradict fails the dataset, and check warns, with the encoding to set", arguments: [
        (bytes(text, .utf16LittleEndian, prefix: [0xFF, 0xFE]), "utf-8", "UTF-16 (it starts with a UTF-16 byte-order mark)", "utf-16"),
        (bytes(text, .utf16BigEndian, prefix: [0xFE, 0xFF]), "windows-1252", "UTF-16 (it starts with a UTF-16 byte-order mark)", "utf-16"),
        (bytes(text, .utf16LittleEndian), "iso-8859-1", "UTF-16 (every other byte is zero)", "utf-16"),
        (bytes(text, .utf8, prefix: [0xEF, 0xBB, 0xBF]), "windows-1252", "UTF-8 (it starts with a UTF-8 byte-order mark)", "utf-8"),
    ])
    func contradictedEncoding(source: [UInt8], declared: String, found: String, meant: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/x.csv", Data(source))
        try sandbox.write("Pipelines/x.yml", "id: x\ntitle: X\nsource: {url: sources/x.csv, encoding: \(declared), delimiter: \";\"}\nfields:\n  - {name: commune, from: Commune}\n")
        let message = "the source is \(found), but the recipe says encoding: \(declared); set source encoding: \(meant), or auto"
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("Pipelines/x.yml:3:40: warning: \(message) (seen in the local source file as it is now; run fails the dataset until it is fixed)"), "\(check.stderr)")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        // Said before any column is looked for: `'\0C\0o\0m…'` is not printed.
        #expect(result.stderr.contains(message) && !result.stderr.contains("\u{0}"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/x"))
        // The encoding the message names reads it.
        try sandbox.write("Pipelines/x.yml", try sandbox.text("Pipelines/x.yml").replacingOccurrences(of: "encoding: \(declared)", with: "encoding: \(meant)"))
        #expect(try sandbox.kiosque("run").stdout == "x: 2 rows read, 2 published -> version 2026-11-21\n")
    }

    @Test("check warns about a local source run cannot open, as run would fail it")
    func unopenedSource() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/x.csv", Data())
        try sandbox.write("Pipelines/x.yml", "id: x\ntitle: X\nsource: {url: sources/x.csv}\nfields:\n  - {name: commune, from: Commune}\n")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0)
        #expect(check.stderr.contains("Pipelines/x.yml:3:15: warning: the source is empty (0 bytes)"), "\(check.stderr)")
        #expect(try sandbox.kiosque("run").stderr.contains("the source is empty (0 bytes)"))
    }

    @Test("an export in UTF-8 with one stray Windows-1252 byte fails at its line instead of publishing every accent garbled")
    func mixedExport() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...500).map { "\($0);Élément \($0)" }.joined(separator: "\n")
        try sandbox.write("Pipelines/sources/x.csv", Data(("Code;Libelle\n" + rows + "\n").utf8) + Data([0x39, 0x3B, 0x43, 0x61, 0x66, 0xE9, 0x0A]))
        try sandbox.write("Pipelines/x.yml", "id: x\ntitle: X\nsource: {url: sources/x.csv}\nfields:\n  - {name: code, from: Code}\n  - {name: libelle, from: Libelle}\n")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("the source is UTF-8 but not at line 502 (byte "), "\(result.stderr)")
        #expect(result.stderr.contains("the export mixes encodings there"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/x"))
    }

    @Test("the real INSEE file in Latin-1 is detected and read")
    func realBirths() throws {
        let url = TestPaths.realSources.appendingPathComponent("insee-montpellier_naissances-par-iris_2005-2009_cp1252.csv")
        let bytes = Array(try Data(contentsOf: url))
        #expect(try Decoding.detect(bytes) == .iso88591)
        let (columns, rows) = try Decoding.csv(bytes, encoding: .iso88591, delimiter: nil, skip: 6)
        #expect(columns.prefix(4) == ["REG", "uu", "dc", "nomc"])
        // The second header row (long labels) then 95 IRIS.
        #expect(rows.count == 96)
    }

    @Test("the UTF-8 check agrees with Swift's decoder on mixed valid and broken text, in chunks of any size")
    func utf8Validation() {
        let pieces: [[UInt8]] = [Array("Bouaké ".utf8), Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8), Array("€".utf8),
                                 Array("😀".utf8), Array("Né à domicile".utf8), [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
                                 [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE9], [0xC3], [0xF0, 0x9F, 0x98], [0xFF]]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        for round in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<next(12) {
                // Mostly valid text; a broken piece in about one round out of three.
                let piece = pieces[round % 3 == 0 ? next(pieces.count) : next(6)]
                bytes += piece
            }
            var validator = UTF8Validator()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + next(40))
                bytes[start..<end].withUnsafeBufferPointer { validator.feed($0) }
                start = end
            }
            let valid = validator.finish()
            #expect(valid == (String(validating: bytes, as: UTF8.self) != nil), "round \(round): \(bytes)")
            if !valid, let offset = validator.errorOffset {
                var firstError = bytes.count
                var parser = Unicode.UTF8.ForwardParser()
                var iterator = bytes.makeIterator()
                var position = 0
                loop: while true {
                    switch parser.parseScalar(from: &iterator) {
                    case .valid(let scalar): position += scalar.count
                    case .error: firstError = position; break loop
                    case .emptyInput: break loop
                    }
                }
                #expect(offset >= firstError && offset <= firstError + 3, "round \(round): \(offset) for an error at \(firstError)")
            }
        }
    }
}
