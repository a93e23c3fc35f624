import Foundation
import Testing
@testable import KiosqueCore

/// `kiosque withdraw`: a version published by mistake (here, with a mother's name a recipe forgot
/// to drop) is taken down everywhere, its name is never given again, and a run that would make
/// its files again publishes nothing.
@Suite("Withdrawal", .serialized)
struct WithdrawalTests {
    /// A name that must be gone from every file once the version that published it is withdrawn.
    static let leaked = "Zéphyrine Aboudramane"
    static let day1 = "1795248000"  // 2026-11-21T08:00:00Z
    static let day2 = "1795334400"  // 2026-11-22T08:00:00Z
    static let day2Later = "1795338000"

    static func recipe(dropping: Bool) -> String {
        """
        id: naissances
        title: Naissances
        source: {url: sources/naissances.csv, delimiter: ";"}
        fields:
          - {name: acte, required: true}
          - {name: commune}
          - {name: nom_mere, from: Nom de la mère\(dropping ? ", anonymise: drop" : "")}
        primary_key: [acte]
        publish: {formats: [csv, json]}

        """
    }

    static func source(rows: Int) -> String {
        (["acte;commune;Nom de la mère"] + (1...rows).map { "A\($0);Commune \($0 % 7);\(leaked) \($0)" })
            .joined(separator: "\n") + "\n"
    }

    /// Day 1: a good version. Day 2: the recipe lost its `drop`, and the names went out.
    static func published(versions: Int) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances.csv", source(rows: 30))
        if versions == 2 {
            try sandbox.write("Pipelines/naissances.yml", recipe(dropping: true))
            #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": day1]).status == 0)
        }
        try sandbox.write("Pipelines/naissances.yml", recipe(dropping: false))
        let leaking = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": day2])
        #expect(leaking.status == 0, "\(leaking.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv").contains(leaked))
        return sandbox
    }

    static func history(_ sandbox: Sandbox) throws -> VersionHistory {
        try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/naissances/versions.json"))
    }

    /// Every file under Output/ and Catalog/ that still holds the leaked name.
    static func holders(_ sandbox: Sandbox) -> [String] {
        ["Output", "Catalog"].flatMap { folder in
            sandbox.files(under: folder).filter { (try? sandbox.read("\(folder)/\($0)")).map { String(decoding: $0, as: UTF8.self).contains(leaked) } ?? false }
                .map { "\(folder)/\($0)" }
        }
    }

    @Test("withdrawing the current version serves the previous one again and leaves no trace of the leaked column")
    func withdrawCurrent() throws {
        let sandbox = try Self.published(versions: 2)
        let leakedEntry = try #require(try Self.history(sandbox).current)
        #expect(leakedEntry.version == "2026-11-22")

        let result = try sandbox.kiosque("withdraw", "naissances", "2026-11-22", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("naissances: version 2026-11-22 withdrawn (naissances.csv, naissances.json); 2026-11-21 is current again"), "\(result.stdout)")
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        #expect(!sandbox.exists("Output/datasets/naissances/2026-11-22"))
        #expect(!sandbox.exists("Output/datasets/naissances/.promotion.json"))
        for name in ["naissances.csv", "datapackage.json"] {
            #expect(try sandbox.read("Output/datasets/naissances/\(name)") == sandbox.read("Output/datasets/naissances/2026-11-21/\(name)"))
        }
        let history = try Self.history(sandbox)
        #expect(history.versions.map(\.version) == ["2026-11-21"])
        let record = try #require(history.withdrawn?.first)
        #expect(record.version == "2026-11-22" && record.withdrawn == "2026-11-22T09:00:00Z" && record.files == leakedEntry.files)
        #expect(try sandbox.kiosque("verify").status == 0)
        // Nothing links to it any more; the page says it was withdrawn.
        let page = try sandbox.text("Output/datasets/naissances/index.html")
        #expect(!page.contains("2026-11-22/"))
        #expect(page.contains("<del>2026-11-22</del>") && page.contains("retirée le 2026-11-22"))
        #expect(try sandbox.text("Output/datasets/naissances/index.en.html").contains("withdrawn on 2026-11-22"))
        for file in ["Catalog/catalog.jsonld", "Catalog/datasets/naissances.jsonld", "Output/sitemap.xml"] {
            #expect(try !sandbox.text(file).contains("2026-11-22/") && !sandbox.text(file).contains("\"2026-11-22\""), "\(file)")
        }
        // Harvesters that skip a dataset whose dct:modified has not moved must see the withdrawal:
        // the date is the withdrawal's, not the older version's now current again.
        let turtle = try sandbox.text("Catalog/catalog.ttl")
        #expect(turtle.contains("dct:modified \"2026-11-22T09:00:00Z\"^^xsd:dateTime"), "\(turtle)")
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("\"dateModified\":\"2026-11-22T09:00:00Z\""))
        // The feed announces the withdrawal, under an id of its own; the version's entry is gone.
        let feed = try sandbox.text("Output/feed.atom")
        #expect(feed.contains("<id>https://donnees.test.example/datasets/naissances/2026-11-22/#withdrawn</id>"), "\(feed)")
        #expect(!feed.contains("2026-11-22/</id>"))

        // The recipe is not fixed yet: the next run would publish the same files again, and refuses.
        let again = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(again.status == 1)
        #expect(again.stderr.contains("this run made the files of version 2026-11-22, withdrawn on 2026-11-22"), "\(again.stderr)")
        #expect(try Self.history(sandbox).versions.map(\.version) == ["2026-11-21"])
        #expect(Self.holders(sandbox).isEmpty)

        // Fixed, with rows added the same day: a new version, under a name the withdrawn one never had.
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(dropping: true))
        try sandbox.write("Pipelines/sources/naissances.csv", Self.source(rows: 31))
        let fixed = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try Self.history(sandbox).versions.map(\.version) == ["2026-11-22.2", "2026-11-21"])
        #expect(try Self.history(sandbox).withdrawn?.map(\.version) == ["2026-11-22"])
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("withdrawing the only version takes the files and pages down and keeps the name taken")
    func withdrawOnly() throws {
        let sandbox = try Self.published(versions: 1)
        let result = try sandbox.kiosque("withdraw", "naissances", "2026-11-22", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no version is left"), "\(result.stdout)")
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        // The dataset's own feed stays, with the withdrawal for its only entry, for whoever followed it.
        #expect(sandbox.files(under: "Output/datasets/naissances") == ["feed.atom", "versions.json"])
        let feed = try sandbox.text("Output/datasets/naissances/feed.atom")
        #expect(feed.components(separatedBy: "<entry>").count == 2 && feed.contains("2026-11-22/#withdrawn"), "\(feed)")
        #expect(try !sandbox.text("Catalog/catalog.ttl").contains("naissances"))
        #expect(try !sandbox.text("Output/index.html").contains("naissances"))
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(try sandbox.kiosque("site").status == 0)

        try sandbox.write("Pipelines/naissances.yml", Self.recipe(dropping: true))
        let fixed = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("-> version 2026-11-22.2"), "\(fixed.stdout)")
        #expect(sandbox.exists("Output/datasets/naissances/index.html"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("withdrawing an older version leaves the current one served and the chain without it")
    func withdrawOlder() throws {
        let sandbox = try Self.published(versions: 2)
        let stable = try sandbox.read("Output/datasets/naissances/naissances.csv")
        let result = try sandbox.kiosque("withdraw", "naissances", "2026-11-21")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2026-11-22 stays current"), "\(result.stdout)")
        #expect(try sandbox.read("Output/datasets/naissances/naissances.csv") == stable)
        #expect(!sandbox.exists("Output/datasets/naissances/2026-11-21"))
        #expect(try !sandbox.text("Catalog/datasets/naissances.jsonld").contains("previousVersion"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// The recipe fixed and run again: the new version is clean, the leaked one is still online.
    @Test("run and check name the versions that still publish a field the recipe now drops, until they are withdrawn")
    func exposedVersions() throws {
        let sandbox = try Self.published(versions: 2)
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(dropping: true))
        try sandbox.write("Pipelines/sources/naissances.csv", Self.source(rows: 31))
        let expected = "version 2026-11-22 publishes 'nom_mere', which the recipe now drops; if that is personal data, take it down: kiosque withdraw naissances 2026-11-22"
        let run = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(run.status == 0)
        #expect(run.stderr.contains("kiosque: warning: naissances: \(expected)"), "\(run.stderr)")
        #expect(!run.stderr.contains("2026-11-21 publishes") && !run.stderr.contains("2026-11-22.2 publishes"))
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("Pipelines/naissances.yml:7:"), "\(check.stderr)")
        #expect(check.stderr.contains("warning: \(expected)"), "\(check.stderr)")
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22").status == 0)
        #expect(Self.holders(sandbox).isEmpty)
        #expect(try !sandbox.kiosque("run").stderr.contains("publishes"))
        #expect(try !sandbox.kiosque("check").stderr.contains("publishes"))
    }

    /// The recipe published the mothers' names as they were, then learnt to pseudonymise them:
    /// the version from before says so, read from its report.json, not from the data.
    @Test("run and check name the versions that published a field as the source had it, which the recipe now anonymises")
    func exposedRawVersions() throws {
        let sandbox = try Self.published(versions: 1)
        let pseudonymised = Self.recipe(dropping: false).replacingOccurrences(
            of: "from: Nom de la mère}", with: "from: Nom de la mère, anonymise: {pseudonymise: {key: \"${env:KIOSQUE_TEST_KEY}\"}}}")
        try sandbox.write("Pipelines/naissances.yml", pseudonymised)
        try sandbox.write("Pipelines/sources/naissances.csv", Self.source(rows: 31))
        let key = ["KIOSQUE_TEST_KEY": String(repeating: "k", count: 40)]
        let run = try sandbox.kiosque("run", environment: key.merging(["SOURCE_DATE_EPOCH": Self.day2Later]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        let expected = "version 2026-11-22 publishes 'nom_mere' as the source had it, which the recipe now anonymises; if that is personal data, take it down: kiosque withdraw naissances 2026-11-22"
        #expect(run.stderr.contains("kiosque: warning: naissances: \(expected)"), "\(run.stderr)")
        // The new version pseudonymised them: it is not named.
        #expect(!run.stderr.contains("2026-11-22.2 publish"))
        #expect(try sandbox.kiosque("check", environment: key).stderr.contains("warning: \(expected)"))
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22").status == 0)
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        #expect(try !sandbox.kiosque("run", environment: key).stderr.contains("publishes"))
    }

    /// Cron published the leak for two days: one command takes both down, and rewrites the site once.
    @Test("several versions at once, named in one command by the warning that lists them")
    func several() throws {
        let sandbox = try Self.published(versions: 2)
        try sandbox.write("Pipelines/sources/naissances.csv", Self.source(rows: 31))
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2Later]).status == 0)
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(dropping: true))
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("versions 2026-11-22.2, 2026-11-22 publish 'nom_mere', which the recipe now drops; if that is personal data, take them down: kiosque withdraw naissances 2026-11-22.2 2026-11-22"), "\(check.stderr)")
        let result = try sandbox.kiosque("withdraw", "naissances", "2026-11-22.2", "2026-11-22", environment: ["SOURCE_DATE_EPOCH": Self.day2Later])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("naissances: versions 2026-11-22.2, 2026-11-22 withdrawn (naissances.csv, naissances.json); 2026-11-21 is current again"), "\(result.stdout)")
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        #expect(try Self.history(sandbox).withdrawn?.map(\.version) == ["2026-11-22", "2026-11-22.2"])
        #expect(try !sandbox.kiosque("check").stderr.contains("publish"))
        #expect(try sandbox.kiosque("verify").status == 0)
        // One already withdrawn, one not: the other is withdrawn, the first named.
        let mixed = try sandbox.kiosque("withdraw", "naissances", "2026-11-22", "2026-11-21")
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.contains("naissances: version 2026-11-21 withdrawn") && mixed.stdout.contains("version 2026-11-22 of naissances is already withdrawn"), "\(mixed.stdout)")
        let none = try sandbox.kiosque("withdraw", "naissances")
        #expect(none.status == 2 && none.stderr.contains("name the version to withdraw"), "\(none.stderr)")
    }

    @Test("a version that is not there is refused before anything moves, naming the versions there are")
    func refusals() throws {
        let sandbox = try Self.published(versions: 2)
        let before = try sandbox.read("Output/datasets/naissances/versions.json")
        let unknown = try sandbox.kiosque("withdraw", "naissances", "2026-11-23")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("dataset naissances has no version 2026-11-23; its versions are 2026-11-22, 2026-11-21"), "\(unknown.stderr)")
        let missing = try sandbox.kiosque("withdraw", "deces", "2026-11-21")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("dataset deces has nothing published"), "\(missing.stderr)")
        #expect(try sandbox.read("Output/datasets/naissances/versions.json") == before)
        // A history that cannot be read is said to be so, before anything moves (not "half-way").
        try sandbox.write("Output/datasets/naissances/versions.json", "{broken")
        let unreadable = try sandbox.kiosque("withdraw", "naissances", "2026-11-22")
        #expect(unreadable.status == 2 && unreadable.stderr.contains("versions.json cannot be read") && !unreadable.stderr.contains("half-way"), "\(unreadable.stderr)")
        #expect(sandbox.exists("Output/datasets/naissances/2026-11-22/naissances.csv"))
        try sandbox.write("Output/datasets/naissances/versions.json", String(decoding: before, as: UTF8.self))
        // Twice is once: a script that withdraws again is told, and succeeds.
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22").status == 0)
        let twice = try sandbox.kiosque("withdraw", "naissances", "2026-11-22")
        #expect(twice.status == 0 && twice.stdout.contains("already withdrawn"), "\(twice.stdout)")
    }

    @Test("a withdrawn version copied back from a backup: verify says so, and kiosque site takes it down again")
    func restoredFromBackup() throws {
        let sandbox = try Self.published(versions: 2)
        let backup = sandbox.root.appendingPathComponent("backup")
        try FileManager.default.copyItem(at: sandbox.root.appendingPathComponent("Output/datasets/naissances/2026-11-22"), to: backup)
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22").status == 0)
        try FileManager.default.copyItem(at: backup, to: sandbox.root.appendingPathComponent("Output/datasets/naissances/2026-11-22"))
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("datasets/naissances/2026-11-22 is back, a version withdrawn on 2026-11-21 (restored from a backup, or copied back?); run kiosque site to take it down again"), "\(verify.stderr)")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(!sandbox.exists("Output/datasets/naissances/2026-11-22"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// A withdrawn version whose files are those of the version now current (an export reverted,
    /// then both later versions withdrawn), put back by a backup: still a withdrawn version.
    @Test("a withdrawn version with the current version's very files, put back: site removes it all the same")
    func restoredTwin() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/naissances.yml", Self.recipe(dropping: true))
        for (rows, epoch) in [(30, Self.day1), (31, Self.day2), (30, Self.day2Later)] {
            try sandbox.write("Pipelines/sources/naissances.csv", Self.source(rows: rows))
            #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": epoch]).status == 0)
        }
        let twin = sandbox.root.appendingPathComponent("Output/datasets/naissances/2026-11-22.2")
        let backup = sandbox.root.appendingPathComponent("twin")
        try FileManager.default.copyItem(at: twin, to: backup)
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22.2", "2026-11-22").status == 0)
        try FileManager.default.copyItem(at: backup, to: twin)
        #expect(try sandbox.kiosque("verify").stderr.contains("datasets/naissances/2026-11-22.2 is back"))
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(!sandbox.exists("Output/datasets/naissances/2026-11-22.2"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("a version folder deleted by hand: verify names withdraw as the way to finish taking it down")
    func deletedByHand() throws {
        let sandbox = try Self.published(versions: 2)
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Output/datasets/naissances/2026-11-22"))
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("datasets/naissances/2026-11-22 is missing, the whole version folder; restore it from a backup of the output folder, or, if it was deleted to take the version down, run kiosque withdraw naissances 2026-11-22"), "\(verify.stderr)")
        #expect(try sandbox.kiosque("withdraw", "naissances", "2026-11-22").status == 0)
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// A full disk while versions.json is written: the steward is told, and the same command again
    /// finishes the withdrawal and rewrites the site.
    @Test("a withdrawal stopped by a full disk says so, and running it again finishes it", arguments: [1, 2])
    func diskFull(versions: Int) throws {
        let sandbox = try Self.published(versions: versions)
        let failed = try sandbox.kiosque("withdraw", "naissances", "2026-11-22", environment: ["KIOSQUE_TEST_FAIL_AT": "promotion-history"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("kiosque: error: the withdrawal of naissances 2026-11-22 stopped half-way: cannot write "), "\(failed.stderr)")
        #expect(failed.stderr.contains("run kiosque withdraw naissances 2026-11-22 again, or kiosque site, to finish it"), "\(failed.stderr)")
        #expect(try sandbox.kiosque("verify").status == 0)
        let again = try sandbox.kiosque("withdraw", "naissances", "2026-11-22")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        if versions == 1 {
            #expect(!sandbox.exists("Output/datasets/naissances/index.html"))
            #expect(try !sandbox.text("Output/index.html").contains("datasets/naissances"))
        } else {
            #expect(try !sandbox.text("Output/datasets/naissances/index.html").contains("2026-11-22/"))
        }
        #expect(!sandbox.exists("Output/datasets/naissances/.promotion.json"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// Killed once the intent is written: verify accepts either side, and `kiosque site` finishes it,
    /// also when the steward had deleted the version folder by hand first.
    @Test("killed half-way, a withdrawal is finished by kiosque site", arguments: [(1, false), (2, false), (1, true)])
    func killedHalfWay(versions: Int, deletedFirst: Bool) throws {
        let sandbox = try Self.published(versions: versions)
        if deletedFirst {
            try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Output/datasets/naissances/2026-11-22"))
        }
        let killed = try sandbox.kiosque("withdraw", "naissances", "2026-11-22", environment: ["KIOSQUE_TEST_KILL_AT": "withdrawal-intent"])
        #expect(killed.status == SIGKILL)
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(Self.holders(sandbox).isEmpty, "\(Self.holders(sandbox))")
        #expect(!sandbox.exists("Output/datasets/naissances/2026-11-22"))
        #expect(!sandbox.exists("Output/datasets/naissances/.promotion.json"))
        #expect(try Self.history(sandbox).withdrawn?.map(\.version) == ["2026-11-22"])
        #expect(try sandbox.kiosque("verify").status == 0)
    }
}
