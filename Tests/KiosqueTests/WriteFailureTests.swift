import Synchronization
import Foundation
import Testing
@testable import KiosqueCore

/// What a run says, and leaves, when a write fails: a full disk, a file where a folder goes.
@Suite("Writes that fail")
struct WriteFailureTests {
    /// Datasets run in parallel each make `Output/.tmp` for their work: the one that looked a moment
    /// too late saw it made between its two looks and took the new folder for a file in the way.
    @Test("folders made by several threads at once are made, never taken for a file in the way")
    func foldersMadeAtOnce() throws {
        let sandbox = try Sandbox()
        let failures = Mutex(0)
        for round in 0..<1_000 {
            let folder = sandbox.root.appendingPathComponent("round\(round)/a/b/c/d/e/f")
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { try FileSystem.createFolder(folder) } catch { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }

    @Test("a catalogue that cannot be written fails the run (exit 1), leaves the datasets published, and site puts it right")
    func catalogueWriteFails() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        // A file where the catalogue's folder of dataset records goes.
        try sandbox.write("Catalog/datasets", "")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout == "communes: 4 rows read, 4 published -> version 2026-11-21\n")
        #expect(run.stderr.contains("the catalogue or site could not be written: cannot create the folder "), "\(run.stderr)")
        #expect(run.stderr.contains("Catalog/datasets is a file, not a folder; move it away"), "\(run.stderr)")
        #expect(run.stderr.contains("once fixed, run kiosque site"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"), "\(run.stderr)")
        #expect(sandbox.exists("Output/datasets/communes/2026-11-21/communes.csv"))
        try FileManager.default.removeItem(at: sandbox.catalog.appendingPathComponent("datasets"))
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("communes"))
    }

    @Test("an output folder that is a file is a usage error before any work", arguments: ["run", "site"])
    func outputIsAFile(command: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        try sandbox.write("Output", "")
        let result = try sandbox.kiosque(command)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot create the folder "), "\(result.stderr)")
        #expect(result.stderr.contains("Output is a file, not a folder; move it away (kiosque makes the folder); or pass the folder to publish into with --output"), "\(result.stderr)")
    }

    @Test("a promotion that fails half-way stays pending: verify accepts it, the next run finishes it")
    func promotionFailsHalfWay() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows + ["05;Korhogo;9;05/04/2025"])
        // The disk fills once the stable files are switched, before versions.json is written.
        let failed = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_FAIL_AT": "promotion-history"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("Version 2026-11-21.2 was switched to half-way"), "\(failed.stderr)")
        #expect(failed.stderr.contains("[5 rows read, 0 published]"), "\(failed.stderr)")
        #expect(sandbox.exists("Output/datasets/communes/.promotion.json"))
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 0, "\(verify.stderr)")

        let next = try sandbox.kiosque("run")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("unchanged (same content as 2026-11-21.2)"), "\(next.stdout)")
        #expect(!sandbox.exists("Output/datasets/communes/.promotion.json"))
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.map(\.version) == ["2026-11-21.2", "2026-11-21"])
        #expect(try sandbox.text("Catalog/datasets/communes.jsonld").contains("2026-11-21.2"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("validators that cannot be kept are a warning: the dataset is published, the next run reads the source in full")
    func validatorsNotKept() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try CatalogueTests.write(sandbox, rows: CatalogueTests.rows)
        let run = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_FAIL_AT": "validators"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "communes: 4 rows read, 4 published -> version 2026-11-21\n")
        #expect(run.stderr.contains("the source's validators could not be kept (cannot write "), "\(run.stderr)")
        #expect(!sandbox.exists("Catalog/validators/communes.json"))
        let next = try sandbox.kiosque("run")
        #expect(next.stdout == "communes: 4 rows read, 4 published -> unchanged (same content as 2026-11-21)\n", "\(next.stdout)")
        #expect(try sandbox.kiosque("verify").status == 0)
    }
}
