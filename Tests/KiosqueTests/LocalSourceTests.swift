import Foundation
import Testing
@testable import KiosqueCore

/// Local sources are read where they are, not copied first: checked as a download is, never
/// touched, and a file written to while it is read publishes nothing.
@Suite("Local sources read in place")
struct LocalSourceTests {
    static func recipe(_ id: String) -> String {
        """
        id: \(id)
        title: {fr: Essai, en: Test}
        source: {url: sources/\(id).csv}
        fields:
          - {name: code, required: true}
          - {name: total, type: integer}

        """
    }

    @Test("the pre-pass fingerprints what a download would, and checks size, HTML and gzip the same way")
    func prePass() throws {
        let sandbox = try Sandbox()
        let text = Data((0..<5_000).map { "C\($0),\($0 * 7)\n" }.joined().utf8)
        let file = try sandbox.write("plain.csv", text)
        let body = try #require(try LocalSource.readInPlace(file, url: file.absoluteString, maxSize: 1 << 30))
        var expected = Fingerprint()
        text.withUnsafeBytes { expected.update($0) }
        #expect(body.fingerprint == expected.finalize())
        #expect(body.bytes == Int64(text.count) && body.file == file && body.inPlace == LocalSource.Stamp.of(file.path))

        #expect(throws: FetchError.self) { try LocalSource.readInPlace(file, url: file.absoluteString, maxSize: 100) }
        let page = try sandbox.write("page.csv", "  <!DOCTYPE html><html><body>Maintenance</body></html>")
        do {
            _ = try LocalSource.readInPlace(page, url: page.absoluteString, maxSize: 1 << 30)
            Issue.record("an HTML page was taken for data")
        } catch {
            guard case .html = error.cause else { Issue.record("\(error)"); return }
        }
        // Gzip (by name or by its first bytes) and folders take the copying path, which knows them.
        let gzipped = try sandbox.write("hidden.csv", Data([0x1F, 0x8B, 0x08, 0x00, 0x00]))
        #expect(try LocalSource.readInPlace(gzipped, url: gzipped.absoluteString, maxSize: 1 << 30) == nil)
        let named = try sandbox.write("named.csv.gz", text)
        #expect(try LocalSource.readInPlace(named, url: named.absoluteString, maxSize: 1 << 30) == nil)
        #expect(try LocalSource.readInPlace(sandbox.pipelines, url: sandbox.pipelines.absoluteString, maxSize: 1 << 30) == nil)
    }

    @Test("a run reads the source without changing it, and the next run sees the same bytes")
    func untouched() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/essai.yml", Self.recipe("essai"))
        let source = "code,total\nA,1\nB,2\n"
        try sandbox.write("Pipelines/sources/essai.csv", source)
        let first = try sandbox.kiosque("run")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try sandbox.text("Pipelines/sources/essai.csv") == source)
        #expect(try sandbox.text("Output/datasets/essai/essai.csv") == source)
        let again = try sandbox.kiosque("run", "--verbose")
        #expect(again.status == 0)
        #expect(again.stdout.contains("same source bytes"), "\(again.stdout)\(again.stderr)")
    }

    @Test("a source written to while the run reads it publishes nothing and leaves the last version")
    func changedWhileRead() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/essai.yml", Self.recipe("essai"))
        try sandbox.write("Pipelines/sources/essai.csv", "code,total\nA,1\nB,2\n")
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/sources/essai.csv", "code,total\nA,1\nB,2\nC,3\n")

        // The run lingers 1.5 s after reading its rows; the export writes to the file meanwhile.
        let (process, _, err) = try CronTests.start(["run"], in: sandbox, environment: ["KIOSQUE_TEST_PAUSE_MS": "1500",
                                                                                       "SOURCE_DATE_EPOCH": "1795334400"])
        let deadline = Date().addingTimeInterval(20)
        while sandbox.files(under: "Output/.tmp").first(where: { $0.hasSuffix("staging/essai.csv") }) == nil, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.5)
        let handle = try FileHandle(forWritingTo: sandbox.root.appendingPathComponent("Pipelines/sources/essai.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("D,4\n".utf8))
        try handle.close()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("changed while it was being read"), "\(stderr)")
        #expect(try sandbox.text("Output/datasets/essai/essai.csv") == "code,total\nA,1\nB,2\n")
        #expect(try sandbox.kiosque("verify").status == 0)
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/essai/versions.json"))
        #expect(history.versions.count == 1)
    }
}
