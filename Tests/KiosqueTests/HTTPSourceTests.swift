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
