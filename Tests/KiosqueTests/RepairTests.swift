import Foundation
import Testing
@testable import KiosqueCore

/// `run --force` writes again a current data file that changed after it was published, when the
/// source still gives the same rows; anything else is left for a backup.
@Suite("Repairing published files")
struct RepairTests {
    static let csv = "Output/datasets/communes/2026-11-21/communes.csv"

    /// Published once, then the version's CSV damaged in place: the stable URL is the same file.
    static func damaged() throws -> (Sandbox, Data) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        let original = try sandbox.read(csv)
        let handle = try FileHandle(forWritingTo: sandbox.root.appendingPathComponent(csv))
        try handle.truncate(atOffset: UInt64(original.count / 2))
        try handle.close()
        return (sandbox, original)
    }

    @Test("verify points at run --force, a plain run leaves the file, run --force writes it again byte for byte")
    func forceRepairsCurrentFile() throws {
        let (sandbox, original) = try Self.damaged()
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("datasets/communes/2026-11-21/communes.csv does not match SHA256SUMS"), "\(verify.stderr)")
        #expect(verify.stderr.contains("or run kiosque run --force communes to write it again from the source"), "\(verify.stderr)")

        // Same source bytes: a plain run stops before reading anything, and repairs nothing.
        let plain = try sandbox.kiosque("run")
        #expect(plain.status == 0)
        #expect(try sandbox.kiosque("verify").status == 1)

        let forced = try sandbox.kiosque("run", "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("unchanged (same content as 2026-11-21; wrote again datasets/communes/2026-11-21/communes.csv)"), "\(forced.stdout)")
        #expect(forced.stderr.contains("had changed after it was published"), "\(forced.stderr)")
        #expect(try sandbox.read(Self.csv) == original)
        #expect(try sandbox.read("Output/datasets/communes/communes.csv") == original)
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.map(\.version) == ["2026-11-21"])
        let after = try sandbox.kiosque("verify")
        #expect(after.status == 0, "\(after.stderr)")

        // Nothing left to repair: a second forced run says nothing of it.
        let again = try sandbox.kiosque("run", "--force")
        #expect(again.stdout.contains("unchanged (same content as 2026-11-21)"), "\(again.stdout)")
    }

    @Test("a deleted data file of the current version is written again too")
    func forceRestoresDeletedFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        let json = "Output/datasets/communes/2026-11-21/communes.json"
        let original = try sandbox.read(json)
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent(json))
        #expect(try sandbox.kiosque("verify").stderr.contains("communes.json is missing; restore it from a backup of the output folder, or run kiosque run --force communes"))
        #expect(try sandbox.kiosque("run", "--force").status == 0)
        #expect(try sandbox.read(json) == original)
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("a source that gives other rows publishes a new version; the old damaged file is left for a backup")
    func changedSourceLeavesOldVersion() throws {
        let (sandbox, _) = try Self.damaged()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows + ["05;Korhogo;9;05/04/2025"])
        let run = try sandbox.kiosque("run", "--force")
        #expect(run.stdout.contains("-> version 2026-11-21.2"), "\(run.stdout)")
        #expect(!run.stderr.contains("had changed after it was published"))
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
        // No longer the current version: the source cannot give it again.
        #expect(verify.stderr.contains("datasets/communes/2026-11-21/communes.csv does not match SHA256SUMS: it changed after it was published; restore it from a backup of the output folder\n"), "\(verify.stderr)")
    }

    @Test("a damaged metadata file holds its run's moment: verify sends to a backup, run --force leaves it")
    func metadataIsNotMadeAgain() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        let report = "Output/datasets/communes/2026-11-21/report.json"
        try sandbox.write(report, "{}")
        let verify = try sandbox.kiosque("verify")
        #expect(verify.stderr.contains("report.json does not match SHA256SUMS: it changed after it was published; restore it from a backup of the output folder\n"), "\(verify.stderr)")
        let run = try sandbox.kiosque("run", "--force")
        #expect(run.stdout.contains("unchanged (same content as 2026-11-21)"), "\(run.stdout)")
        #expect(try sandbox.text(report) == "{}")
    }
}
