import Foundation
import Testing
@testable import KiosqueCore

/// SIGKILL at twenty moments of a publishing run: after each, `verify` is satisfied, and the next run
/// completes the work.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static func source(rows: Int, variant: Int) -> String {
        var lines = ["code;commune;naissances;date"]
        for index in 0..<rows {
            lines.append(String(format: "C%06d;Commune %d;%d;%02d/%02d/2025", index, index % 97, (index * 7 + variant) % 1000, index % 28 + 1, index % 12 + 1))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A sandbox with the catalogue and the `communes` recipe of these tests: `code` its first
    /// field, `publish` its last line.
    static func communes(code: String = "{name: code, required: true}", publish: String = "") throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/communes.yml", """
            id: communes
            title: Communes
            source: {url: sources/communes.csv, delimiter: ";"}
            fields:
              - \(code)
              - {name: commune}
              - {name: naissances, type: integer}
              - {name: date, type: date, format: "%d/%m/%Y"}
            \(publish)

            """)
        return sandbox
    }

    @Test("killed at twenty moments, the site stays verifiable and the next run completes")
    func killedAnywhere() throws {
        let sandbox = try Self.communes(code: "{name: code, required: true, pattern: \"C[0-9]{6}\"}",
                                        publish: "primary_key: [code]\npublish: {formats: [csv, json, csv.gz], keep_versions: 3}")
        // A run's length, the shorter of two: other suites share the two cores, and a run slowed by
        // them would spread the kills past the end of the runs that follow.
        var duration = Double.infinity
        for variant in [0, 99] {
            try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 20_000, variant: variant))
            let started = Date()
            #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1_795_000_000 + variant)]).status == 0)
            duration = min(duration, Date().timeIntervalSince(started))
        }
        // Each step of a promotion lingers 40 ms, so that kills land in it too.
        duration += 0.2
        var outcomes: [Int32] = []
        for moment in 0..<20 {
            try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 20_000, variant: moment + 1))
            let (process, _, _) = try CronTests.start(["run"], in: sandbox, environment: [
                "KIOSQUE_TEST_PAUSE_MS": "40", "SOURCE_DATE_EPOCH": String(1_795_248_000 + moment * 3600),
            ])
            Thread.sleep(forTimeInterval: duration * (Double(moment) + 0.5) / 20)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            outcomes.append(process.terminationStatus)
            let verify = try sandbox.kiosque("verify")
            #expect(verify.status == 0, "after a kill at moment \(moment): \(verify.stderr)")
            let next = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1_795_248_000 + moment * 3600 + 1800)])
            #expect(next.status == 0, "the run after moment \(moment): \(next.stderr)")
            #expect(try sandbox.kiosque("verify").status == 0)
            #expect(!sandbox.exists("Output/.tmp"), "staging left behind after moment \(moment)")
        }
        // The kills really interrupted runs (some before, some during publishing).
        #expect(outcomes.filter { $0 != 0 }.count >= 15)
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.count == 3)
        #expect(try sandbox.text("Output/datasets/communes/communes.csv").contains("C000001,Commune 1,"))
    }

    /// Every named moment of a promotion, killed there on purpose rather than by timing; with
    /// `keep_versions: 1` the killed promotion also prunes the version the catalogue still lists.
    @Test("killed at each step of a promotion, verify accepts the publication and the next run finishes it",
          arguments: ["promotion-staged", "promotion-renamed", "promotion-intent", "promotion-completed",
                      "catalogue-root-written", "catalogue-written"])
    func killedAtEachStep(place: String) throws {
        let sandbox = try Self.communes(publish: "publish: {formats: [csv, json], keep_versions: 1}")
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 50, variant: 0))
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try sandbox.text("Output/datasets/communes/communes.csv")
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 60, variant: 1))
        let killed = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_KILL_AT": place, "SOURCE_DATE_EPOCH": "1795334400"])
        #expect(killed.status == SIGKILL, "the run was not killed at \(place)")
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 0, "after a kill at \(place): \(verify.stderr)")
        let after = try sandbox.text("Output/datasets/communes/communes.csv")
        #expect(after == before || after.contains("C000055"), "the stable file is neither version")
        let next = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795338000"])
        #expect(next.status == 0, "the run after a kill at \(place): \(next.stderr)")
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(try sandbox.text("Output/datasets/communes/communes.csv").contains("C000055"))
        #expect(!sandbox.exists("Output/datasets/communes/.promotion.json"))
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.count == 1)
        let folders = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.appendingPathComponent("Output/datasets/communes").path)
        #expect(folders.filter(VersionHistory.isVersionName) == history.versions.map(\.version))
    }

    /// Recovery deletes version folders versions.json does not list (a run that died before
    /// announcing its version). A versions.json damaged or deleted by hand lists nothing: it must
    /// not make the next run or `kiosque site` delete every version of the dataset.
    @Test("a versions.json damaged or deleted by hand: run and site delete no version folder", arguments: ["{broken", ""])
    func damagedHistory(content: String) throws {
        let sandbox = try Self.communes()
        for variant in [0, 1] {
            try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 20, variant: variant))
            #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1_795_248_000 + variant * 86_400)]).status == 0)
        }
        let history = sandbox.root.appendingPathComponent("Output/datasets/communes/versions.json")
        if content.isEmpty { try FileManager.default.removeItem(at: history) } else { try sandbox.write("Output/datasets/communes/versions.json", content) }
        let run = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795500000"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains(content.isEmpty ? "Output/datasets/communes holds version folders (2026-11-21, 2026-11-22) but no versions.json" : "versions.json cannot be read"), "\(run.stderr)")
        _ = try sandbox.kiosque("site")
        for version in ["2026-11-21", "2026-11-22"] {
            #expect(sandbox.exists("Output/datasets/communes/\(version)/communes.csv"), "\(version) was deleted")
        }
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
    }

    /// "Restore versions.json from a backup", with a backup made before the last version: the
    /// folder of that version, which the stable files serve, must not be taken for a killed run's.
    @Test("a versions.json restored from a backup older than the last version: nothing is deleted, run and verify say what to restore",
          arguments: [false, true])
    func olderHistoryRestored(copies: Bool) throws {
        let sandbox = try Self.communes()
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 5, variant: 0))
        #expect(try sandbox.kiosque("run").status == 0)
        let backup = try sandbox.read("Output/datasets/communes/versions.json")
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 6, variant: 0))
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"]).status == 0)
        let latest = try sandbox.read("Output/datasets/communes/versions.json")
        let served = try sandbox.read("Output/datasets/communes/communes.csv")
        try sandbox.write("Output/datasets/communes/versions.json", backup)
        if copies {
            // A backup restored without hard links: the stable files are copies of the version's.
            for name in ["communes.csv", "communes.json"] {
                let stable = sandbox.root.appendingPathComponent("Output/datasets/communes/\(name)")
                let data = try Data(contentsOf: stable)
                try FileManager.default.removeItem(at: stable)
                try data.write(to: stable)
            }
        }

        #expect(try sandbox.kiosque("site").status == 0)
        #expect(sandbox.exists("Output/datasets/communes/2026-11-22/communes.csv"))
        #expect(try sandbox.read("Output/datasets/communes/communes.csv") == served)
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("the stable files of communes are those of version 2026-11-22, which versions.json does not list"), "\(verify.stderr)")
        let run = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795420800"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("restore the latest versions.json, then run kiosque site. Nothing is changed in datasets/communes until then; nothing was published"), "\(run.stderr)")
        #expect(sandbox.exists("Output/datasets/communes/2026-11-22/communes.csv"))

        try sandbox.write("Output/datasets/communes/versions.json", latest)
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(try sandbox.read("Output/datasets/communes/communes.csv") == served)
    }

    /// A promotion's intent left by a killed run, kept by a backup and put back after later runs: it
    /// describes an older history, and completing it would unlist and delete the newer versions.
    @Test("an old promotion intent put back by a backup is dropped, not completed over the newer history")
    func staleIntent() throws {
        let sandbox = try Self.communes()
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 5, variant: 0))
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 6, variant: 0))
        let killed = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_KILL_AT": "promotion-intent", "SOURCE_DATE_EPOCH": "1795334400"])
        #expect(killed.status == SIGKILL)
        let intent = try sandbox.read("Output/datasets/communes/.promotion.json")
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795338000"]).status == 0)
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 7, variant: 0))
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795420800"]).status == 0)
        let history = try sandbox.read("Output/datasets/communes/versions.json")
        let served = try sandbox.read("Output/datasets/communes/communes.csv")

        try sandbox.write("Output/datasets/communes/.promotion.json", intent)
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.read("Output/datasets/communes/versions.json") == history)
        #expect(try sandbox.read("Output/datasets/communes/communes.csv") == served)
        #expect(sandbox.exists("Output/datasets/communes/2026-11-23/communes.csv"))
        #expect(!sandbox.exists("Output/datasets/communes/.promotion.json"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// The one case where a folder without versions.json is cleared: the first run, killed once its
    /// version folder is in place and before it is announced.
    @Test("a first run killed before announcing its version: the next run clears the folder and publishes")
    func firstRunKilled() throws {
        let sandbox = try Self.communes()
        try sandbox.write("Pipelines/sources/communes.csv", Self.source(rows: 5, variant: 0))
        let killed = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_KILL_AT": "promotion-renamed"])
        #expect(killed.status == SIGKILL)
        #expect(sandbox.exists("Output/datasets/communes/2026-11-21") && !sandbox.exists("Output/datasets/communes/versions.json"))
        let next = try sandbox.kiosque("run")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("-> version 2026-11-21\n"), "\(next.stdout)")
        #expect(try sandbox.kiosque("verify").status == 0)
    }

}
