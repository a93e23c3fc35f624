import Foundation
import Testing
@testable import KiosqueCore

/// Sources fetched through libcurl from a real HTTP server on 127.0.0.1.
@Suite("HTTP sources", .serialized)
struct HTTPSourceTests {
    static let csv = "code;commune;naissances\n01;Abidjan;1 250\n02;Bouaké;412\n03;Yamoussoukro;98\n"

    /// A sandbox whose recipe reads `path` from a fresh server.
    static func setUp(_ path: String, extra: String = "") throws -> (Sandbox, HTTPTestServer) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("served/naissances.csv", csv)
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"))
        try writeRecipe(sandbox, url: server.url(path), extra: extra)
        return (sandbox, server)
    }

    static func writeRecipe(_ sandbox: Sandbox, url: String, extra: String = "") throws {
        try sandbox.write("Pipelines/communes.yml", """
            id: communes
            title: Naissances par commune
            source:
              url: "\(url)"
              thousands: " "
            \(extra)
            fields:
              - {name: code, required: true}
              - {name: commune}
              - {name: naissances, type: integer}
            primary_key: [code]

            """)
    }

    /// Bytes that cannot tell their encoding for sure: Latin-9's `Œ` at the start of a word, a few
    /// Arabic words in Windows-1256. UTF-8 bytes are UTF-8 whatever the server says, and a server's
    /// `charset=utf-8` does not make Windows-1252 bytes UTF-8.
    @Test("a server's charset decides the encoding of a source that is not UTF-8; the bytes decide otherwise", arguments: [
        ("Libellé;Montant\nŒuvres sociales;350\nŒufs;12\n", "iso8859_15", "ISO-8859-15", "libelle,montant\nŒuvres sociales,350\nŒufs,12\n", TextEncoding.iso88591),
        ("Libellé;Montant\nالرباط;350\nفاس;12\n", "cp1256", "\"windows-1256\"", "libelle,montant\nالرباط,350\nفاس,12\n", TextEncoding.iso88591),
        ("Libellé;Montant\nCrèche;350\nÉcole;12\n", "utf-8", "windows-1252", "libelle,montant\nCrèche,350\nÉcole,12\n", TextEncoding.utf8),
        ("Libellé;Montant\nCrèche’s;350\nÉcole;12\n", "cp1252", "utf-8", "libelle,montant\nCrèche’s,350\nÉcole,12\n", TextEncoding.windows1252),
    ])
    func announcedCharset(text: String, codec: String, charset: String, published: String, guessed: TextEncoding) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let bytes = try EncodingTests.encoded(text, codec)
        // What the bytes alone say: a wrong guess for the first two.
        #expect(try Decoding.detect(bytes) == guessed)
        try sandbox.write("served/budget.csv", Data(bytes))
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"))
        let url = server.url("/charset/\(charset.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)/files/budget.csv")
        try sandbox.write("Pipelines/budget.yml", "id: budget\ntitle: Budget\nsource: {url: \"\(url)\"}\nfields:\n  - {name: libelle, from: Libellé}\n  - {name: montant, type: integer, from: Montant}\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/budget/budget.csv") == published)
        // describe drafts the encoding the run reads.
        let draft = try sandbox.kiosque("describe", url)
        let encoding = ["iso8859_15": "iso-8859-15", "cp1256": "windows-1256", "utf-8": "utf-8", "cp1252": "windows-1252"][codec]!
        #expect(draft.stdout.contains("  encoding: \(encoding)\n") || (encoding == "utf-8" && !draft.stdout.contains("  encoding: ")), "\(draft.stdout)")
    }

    @Test("a Content-Type's charset names a single-byte encoding only when the bytes could not tell it", arguments: [
        ("text/csv; charset=ISO-8859-15", TextEncoding.iso885915), ("text/csv;charset=\"latin9\"", .iso885915),
        ("text/csv; charset=windows-1252", .windows1252), ("text/plain; charset=CP1256", .windows1256), ("text/csv; charset=IBM850", .cp850),
        ("text/csv; charset=utf-8", nil), ("text/csv; charset=iso-8859-1", nil), ("text/csv; charset=us-ascii", nil),
        ("text/csv; charset=koi8-r", nil), ("text/csv", nil), ("text/csv; header=present", nil),
    ] as [(String, TextEncoding?)])
    func charsetParameter(contentType: String, expected: TextEncoding?) {
        #expect(TextEncoding.announced(byContentType: contentType) == expected)
    }

    @Test("a CSV over HTTP is published like a file")
    func plain() throws {
        let (sandbox, server) = try Self.setUp("/files/naissances.csv")
        let result = try sandbox.kiosque("run")
        withExtendedLifetime(server) {}
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "communes: 3 rows read, 3 published -> version 2026-11-21\n")
        #expect(try sandbox.text("Output/datasets/communes/communes.csv") == "code,commune,naissances\n01,Abidjan,1250\n02,Bouaké,412\n03,Yamoussoukro,98\n")
    }

    @Test("up to five redirects are followed, a sixth is refused")
    func redirects() throws {
        let (sandbox, server) = try Self.setUp("/redirect/5/files/naissances.csv")
        #expect(try sandbox.kiosque("run").status == 0)
        try Self.writeRecipe(sandbox, url: server.url("/redirect/6/files/naissances.csv"))
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("redirect"), "\(result.stderr)")
    }

    @Test("an HTTP error fails the dataset, names the URL, and leaves the publication as it was", arguments: [404, 500, 403])
    func httpError(status: Int) throws {
        let (sandbox, server) = try Self.setUp("/files/naissances.csv")
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        let catalogue = try Hashing.catalogue(sandbox)
        try Self.writeRecipe(sandbox, url: server.url("/status/\(status)"))
        let result = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("communes: FAILED: \(server.url("/status/\(status)")): the server answered HTTP \(status)"), "\(result.stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        #expect(try Hashing.catalogue(sandbox) == catalogue)
    }

    @Test("max_size stops a body that is too large")
    func maxSize() throws {
        let (sandbox, server) = try Self.setUp("/files/naissances.csv", extra: "  max_size: 20B")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(server.url("/files/naissances.csv")): the body is larger than max_size (20 bytes)"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/communes"))
    }

    @Test("timeout stops a server that does not answer in time")
    func timeout() throws {
        let (sandbox, server) = try Self.setUp("/slow/3/files/naissances.csv", extra: "  timeout: 1s")
        let result = try sandbox.kiosque("run")
        withExtendedLifetime(server) {}
        #expect(result.status == 1)
        #expect(result.stderr.contains("no complete answer within 1s"), "\(result.stderr)")
    }

    @Test("a refused connection is a failure naming the URL")
    func refused() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.writeRecipe(sandbox, url: "http://127.0.0.1:9/naissances.csv")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("http://127.0.0.1:9/naissances.csv"))
    }

    @Test("a gzip-encoded answer is decoded by libcurl")
    func gzipEncoding() throws {
        let (sandbox, server) = try Self.setUp("/gzip/files/naissances.csv")
        let result = try sandbox.kiosque("run")
        withExtendedLifetime(server) {}
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/communes/communes.csv").hasPrefix("code,commune,naissances\n01,Abidjan,1250\n"))
    }
}
