import Foundation
import Testing
@testable import KiosqueCore

/// JSON APIs that hand out their records a page at a time.
@Suite("Paginated JSON APIs", .serialized)
struct PaginationTests {
    static func setUp(_ path: String, source: String) throws -> (Sandbox, HTTPTestServer) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("served/.keep", "")
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"))
        try sandbox.write("Pipelines/enregistrements.yml", """
            id: enregistrements
            title: Enregistrements
            source:
              url: "\(server.url(path))"
              format: json
            \(source)
            fields:
              - {name: id, required: true}
              - {name: page, type: integer}
              - {name: value, type: integer}
            primary_key: [id]

            """)
        return (sandbox, server)
    }

    @Test("following the link at /links/next reads three pages into one dataset")
    func byLink() throws {
        let (sandbox, server) = try Self.setUp("/pages/link/1", source: "  records: /results\n  paginate: {next: /links/next}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "enregistrements: 6 rows read, 6 published -> version 2026-11-21\n")
        #expect(try sandbox.text("Output/datasets/enregistrements/enregistrements.csv") == """
            id,page,value
            R-1-1,1,11
            R-1-2,1,12
            R-2-1,2,21
            R-2-2,2,22
            R-3-1,3,31
            R-3-2,3,32

            """)
        withExtendedLifetime(server) {}
    }

    @Test("increasing the page parameter until a page is empty")
    func byNumber() throws {
        let (sandbox, server) = try Self.setUp("/pages/number", source: "  records: /data\n  paginate: {param: page, start: 1, size_param: per_page, size: 3}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "enregistrements: 9 rows read, 9 published -> version 2026-11-21\n")
        #expect(try server.requests(to: "/pages/number") == 4)
    }

    @Test("an offset parameter goes up by the records each page had, even when the API gives fewer than asked")
    func byOffset() throws {
        let (sandbox, server) = try Self.setUp("/pages/offset", source: "  records: /results\n  paginate: {offset_param: offset, size_param: limit, size: 3}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "enregistrements: 7 rows read, 7 published -> version 2026-11-21\n")
        #expect(try sandbox.text("Output/datasets/enregistrements/enregistrements.csv") == """
            id,page,value
            O-0,0,0
            O-1,0,1
            O-2,2,2
            O-3,2,3
            O-4,4,4
            O-5,4,5
            O-6,6,6

            """)
        #expect(try server.requests(to: "/pages/offset") == 5)
    }

    @Test("a page parameter named like an offset is questioned in check and in run")
    func offsetNamedParam() throws {
        let (sandbox, server) = try Self.setUp("/pages/offset", source: "  records: /results\n  paginate: {param: offset, start: 0, size_param: limit, size: 2}")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Pipelines/enregistrements.yml:7:21: warning: paginate param 'offset' goes up by 1 a page; if the API reads it as a number of records to skip, write offset_param: offset"), "\(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.stderr.contains("paginate param 'offset' goes up by 1 a page"), "\(run.stderr)")
        withExtendedLifetime(server) {}
    }

    @Test("paginate takes one form")
    func oneForm() throws {
        let (sandbox, server) = try Self.setUp("/pages/offset", source: "  records: /results\n  paginate: {param: page, offset_param: offset}")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 2)
        #expect(check.stderr.contains("paginate takes one of next, param and offset_param, not param and offset_param"), "\(check.stderr)")
        withExtendedLifetime(server) {}
    }

    @Test("a page whose records are null ends the pages, as an empty one does")
    func nullPage() throws {
        let (sandbox, server) = try Self.setUp("/pages/number?end=null", source: "  records: /data\n  paginate: {param: page, start: 1, size_param: per_page, size: 3}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "enregistrements: 9 rows read, 9 published -> version 2026-11-21\n")
        #expect(try server.requests(to: "/pages/number") == 4)
    }

    @Test("more pages than max_pages fails rather than publish part of the source")
    func maxPages() throws {
        let (sandbox, server) = try Self.setUp("/pages/link/1", source: "  records: /results\n  paginate: {next: /links/next, max_pages: 2}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("more than 2 pages; raise paginate max_pages"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/enregistrements"))
        withExtendedLifetime(server) {}
    }

    @Test("an API that ignores the page parameter answers page 1 again: the run fails at page 2, not at max_pages")
    func ignoredParameter() throws {
        let (sandbox, server) = try Self.setUp("/pages/number", source: "  records: /data\n  paginate: {param: p, start: 1}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("page 2 of the source is the same as page 1 ("), "\(result.stderr)")
        #expect(result.stderr.contains("the API seems to ignore the parameter 'p'"), "\(result.stderr)")
        #expect(try server.requests(to: "/pages/number") == 2)
        #expect(!sandbox.exists("Output/datasets/enregistrements"))
    }

    @Test("a next link that points back is a loop, not an endless run")
    func loop() throws {
        let (sandbox, server) = try Self.setUp("/pages/loop", source: "  records: /results\n  paginate: {next: /links/next}")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("the pagination loops"), "\(result.stderr)")
        withExtendedLifetime(server) {}
    }

    @Test("a page that cannot be read is named by its URL, without its secrets; the first page by the recipe's url")
    func brokenPageNamed() throws {
        let (sandbox, server) = try Self.setUp("/files/p1.json", source: "  records: /results\n  paginate: {next: /links/next}")
        try sandbox.write("served/p1.json", #"{"results": [{"id": "a", "page": 1, "value": 1}], "links": {"next": "p2.json?token=s3cr3t-t0ken&n=2"}}"#)
        try sandbox.write("served/p2.json", #"{"results": [{"id": "b", "page": 2, "value": 2}, {"id": "c", "#)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("FAILED: \(server.url("/files/p2.json"))?token=REDACTED&n=2: "), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cr3t"))
        try sandbox.write("served/p1.json", #"{"results": [{"id": "a", "page": 1, "value": 1}], "links": {"next": 12"#)
        let first = try sandbox.kiosque("run")
        #expect(first.status == 1)
        #expect(first.stderr.contains("FAILED: \(server.url("/files/p1.json")): "), "\(first.stderr)")
    }

    @Test("page URLs keep their other query parameters")
    func pageURL() {
        #expect(PageURL.make("https://api.example/v1/items?lang=fr&page=9", parameter: "page", value: 2, sizeParameter: "per_page", size: 500)
                == "https://api.example/v1/items?lang=fr&page=2&per_page=500")
    }
}
