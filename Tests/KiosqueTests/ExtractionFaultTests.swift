import Foundation
import Testing
@testable import KiosqueCore

/// Administration servers at their worst, one fault at a time, against a real server on 127.0.0.1.
/// After every failure the previous publication must be exactly as it was.
@Suite("Extraction that survives real sources", .serialized)
struct ExtractionFaultTests {
    typealias Setup = HTTPSourceTests

    /// Publishes from a good URL, then runs against `path` and expects a failure that leaves everything as it was.
    func expectFailureKeepsPublication(_ path: String, extra: String = "  retries: 0", message: String) throws {
        let (sandbox, server) = try Setup.setUp("/files/naissances.csv")
        try sandbox.write("served/naissances.csv.gz", gzip(Setup.csv))
        #expect(try sandbox.kiosque("run").status == 0)
        let output = try Hashing.tree(sandbox, "Output")
        let catalogue = try Hashing.tree(sandbox, "Catalog/datasets")
        try Setup.writeRecipe(sandbox, url: server.url(path), extra: extra)
        let result = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(result.status == 1, "\(path)")
        #expect(result.stderr.contains(message), "\(path): \(result.stderr)")
        #expect(!result.stderr.contains("\n    at "), "no stack traces")
        #expect(try Hashing.tree(sandbox, "Output") == output, "\(path) changed the publication")
        #expect(try Hashing.tree(sandbox, "Catalog/datasets") == catalogue)
        #expect(try sandbox.kiosque("verify").status == 0)
        withExtendedLifetime(server) {}
    }

    func gzip(_ text: String) throws -> Data {
        let sandbox = try Sandbox()
        try sandbox.write("plain", text)
        let result = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -n -c plain | base64 -w0"], in: sandbox.root, environment: [:])
        return Data(base64Encoded: result.stdout)!
    }

    @Test("503 twice then 200: two retries, each logged with its reason, then published")
    func retriesOn503() throws {
        let (sandbox, server) = try Setup.setUp("/flaky/2/files/naissances.csv", extra: "  retries: 3")
        let result = try sandbox.kiosque("run", "--verbose")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "communes: 3 rows read, 3 published -> version 2026-11-21\n")
        #expect(result.stderr.components(separatedBy: "failed: HTTP 503; retrying in").count == 3, "\(result.stderr)")
        #expect(try server.requests(to: "/flaky/2/files/naissances.csv") == 3)
    }

    @Test("429 with Retry-After: the wait the server asked for, then published")
    func retryAfter() throws {
        let (sandbox, server) = try Setup.setUp("/ratelimit/1/files/naissances.csv", extra: "  retries: 2")
        let started = Date()
        let result = try sandbox.kiosque("run", "--verbose")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(result.stderr.contains("failed: HTTP 429; retrying in 1.0s"), "\(result.stderr)")
        #expect(try server.requests(to: "/ratelimit/1/files/naissances.csv") == 2)
    }

    @Test("a 5xx that lasts fails after every attempt and keeps the publication")
    func persistent503() throws {
        try expectFailureKeepsPublication("/flaky/99/files/naissances.csv", extra: "  retries: 2",
                                          message: "the server answered HTTP 503 (after 3 attempts)")
    }

    @Test("a 404 is not retried and keeps the publication")
    func notFound() throws {
        let (sandbox, server) = try Setup.setUp("/status/404", extra: "  retries: 3")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("the server answered HTTP 404; check the url"))
        #expect(try server.requests(to: "/status/404") == 1)
        try expectFailureKeepsPublication("/status/404", extra: "  retries: 3", message: "HTTP 404")
    }

    @Test("more than five redirects fail and keep the publication")
    func redirectChain() throws {
        try expectFailureKeepsPublication("/redirect/6/files/naissances.csv", message: "more than 5 redirects")
    }

    @Test("a stall past the timeout fails and keeps the publication")
    func stall() throws {
        try expectFailureKeepsPublication("/slow/3/files/naissances.csv", extra: "  retries: 0\n  timeout: 1s",
                                          message: "no complete answer within 1s")
    }

    @Test("a body shorter than its Content-Length fails and keeps the publication")
    func truncated() throws {
        try expectFailureKeepsPublication("/truncated/files/naissances.csv", message: "the body stopped after")
    }

    @Test("an HTML page with status 200 fails and keeps the publication")
    func htmlPage() throws {
        try expectFailureKeepsPublication("/html/files/naissances.csv", message: "the server sent an HTML page where data was expected")
    }

    @Test("a broken gzip encoding fails and keeps the publication")
    func brokenEncoding() throws {
        try expectFailureKeepsPublication("/badgzip/files/naissances.csv", message: "compressed answer is broken")
    }

    @Test("a body over max_size is stopped and keeps the publication")
    func tooLarge() throws {
        try expectFailureKeepsPublication("/files/naissances.csv", extra: "  retries: 0\n  max_size: 30B",
                                          message: "the body is larger than max_size (30 bytes)")
    }

    @Test("a truncated .csv.gz file fails and keeps the publication")
    func truncatedGzipFile() throws {
        try expectFailureKeepsPublication("/truncated/files/naissances.csv.gz", message: "the body stopped after")
    }

    @Test("a .csv.gz source is decompressed with zlib while streaming")
    func gzipFile() throws {
        let (sandbox, server) = try Setup.setUp("/files/naissances.csv.gz")
        try sandbox.write("served/naissances.csv.gz", gzip(Setup.csv))
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/communes/communes.csv") == "code,commune,naissances\n01,Abidjan,1250\n02,Bouaké,412\n03,Yamoussoukro,98\n")
        withExtendedLifetime(server) {}
    }

    @Test("ETag then 304: the second run is unchanged without a download; --force fetches again")
    func conditional() throws {
        let (sandbox, server) = try Setup.setUp("/etag/files/naissances.csv")
        #expect(try sandbox.kiosque("run").status == 0)
        let validators = try sandbox.text("Catalog/validators/communes.json")
        #expect(validators.contains("\"etag\""))
        let before = try Hashing.tree(sandbox, "Output")

        let second = try sandbox.kiosque("run", "--verbose")
        #expect(second.status == 0)
        #expect(second.stdout == "communes: unchanged (not modified since 2026-11-21 (HTTP 304))\n")
        #expect(second.stderr.contains("-> 304 not modified"))

        let forced = try sandbox.kiosque("run", "--force")
        #expect(forced.status == 0)
        #expect(forced.stdout == "communes: 3 rows read, 3 published -> unchanged (same content as 2026-11-21)\n")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        #expect(try server.requests(to: "/etag/files/naissances.csv") == 3)
    }

    @Test("a changed recipe does not trust the old validators")
    func recipeChangeRefetches() throws {
        let (sandbox, server) = try Setup.setUp("/etag/files/naissances.csv")
        #expect(try sandbox.kiosque("run").status == 0)
        try Setup.writeRecipe(sandbox, url: server.url("/etag/files/naissances.csv"), extra: "  retries: 1")
        let result = try sandbox.kiosque("run")
        #expect(result.stdout == "communes: 3 rows read, 3 published -> unchanged (same content as 2026-11-21)\n")
    }

    @Test("each request is one JSON log object: URL, status, bytes, ms")
    func jsonRequestLog() throws {
        let (sandbox, server) = try Setup.setUp("/files/naissances.csv")
        let result = try sandbox.kiosque("run", "--log-format", "json")
        let objects = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let request = try #require(objects.first { $0["event"] as? String == "request" })
        #expect(request["url"] as? String == server.url("/files/naissances.csv"))
        #expect(request["status"] as? Int == 200)
        #expect(request["bytes"] as? Int == Setup.csv.utf8.count)
        #expect(request["ms"] is Int)
    }

    @Test("the user agent names kiosque and its version")
    func userAgent() throws {
        let (sandbox, server) = try Setup.setUp("/ua/kiosque%2F\(KiosqueVersion.current)/files/naissances.csv")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        withExtendedLifetime(server) {}
    }
}

@Suite("Download progress", .serialized)
struct ProgressTests {
    @Test("a terminal sees bytes and rate; a pipe (cron) sees nothing extra")
    func progressOnTerminal() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp("/drip/files/naissances.csv")
        // `script` gives the run a pseudo-terminal, as a person at a console has.
        let command = "SOURCE_DATE_EPOCH=1795248000 '\(TestPaths.kiosque.path)' run"
        let terminal = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"],
                                             in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("naissances.csv: "), "\(terminal.stdout.debugDescription)")
        #expect(terminal.stdout.contains("/s"))
        #expect(terminal.stdout.contains("communes: 3 rows read, 3 published -> version 2026-11-21"))

        try FileManager.default.removeItem(at: sandbox.output)
        try FileManager.default.removeItem(at: sandbox.catalog)
        let piped = try sandbox.kiosque("run")
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "\(piped.stderr.debugDescription)")
        #expect(piped.stdout == "communes: 3 rows read, 3 published -> version 2026-11-21\n")
        withExtendedLifetime(server) {}
    }

    @Test("a long source shows the rows processed on a terminal, and nothing in a pipe")
    func rowProgress() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/lignes.yml", """
            id: lignes
            title: Lignes
            source: {url: sources/lignes.csv}
            fields: [{name: n, type: integer}, {name: code}]

            """)
        var csv = "n,code\n"
        for index in 0..<70_000 { csv += "\(index),C\(index % 97)\n" }
        try sandbox.write("Pipelines/sources/lignes.csv", csv)
        let command = "SOURCE_DATE_EPOCH=1795248000 '\(TestPaths.kiosque.path)' run"
        let terminal = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"],
                                             in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("lignes: 65536 rows, "), "\(terminal.stdout.debugDescription)")
        #expect(terminal.stdout.contains("rows/s"))

        try FileManager.default.removeItem(at: sandbox.output)
        try FileManager.default.removeItem(at: sandbox.catalog)
        let piped = try sandbox.kiosque("run")
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "\(piped.stderr.debugDescription)")
        #expect(piped.stdout == "lignes: 70000 rows read, 70000 published -> version 2026-11-21\n")
    }
}
