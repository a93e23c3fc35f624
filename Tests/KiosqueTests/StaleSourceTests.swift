import Foundation
import Testing
@testable import KiosqueCore

/// A cron job whose source stopped changing long ago hears of it: "unchanged" on every run is
/// also what an export that is no longer produced looks like.
@Suite("Stale sources")
struct StaleSourceTests {
    static let day1 = 1_795_248_000  // 2026-11-21T08:00:00Z

    static func sandbox(frequency: String) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/communes.csv", "code,libelle\n01,Abobo\n02,Cocody\n")
        try sandbox.write("Pipelines/communes.yml", """
            id: communes
            title: Communes
            frequency: \(frequency)
            source: {url: sources/communes.csv}
            fields:
              - {name: code}
              - {name: libelle}

            """)
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "\(day1)"]).status == 0)
        return sandbox
    }

    static func run(_ sandbox: Sandbox, daysLater days: Int) throws -> ProcessResult {
        try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "\(day1 + days * 86_400)"])
    }

    @Test("nothing new for more than twice the recipe's frequency: the unchanged run says so, and still exits 0")
    func monthly() throws {
        let sandbox = try Self.sandbox(frequency: "monthly")
        let onTime = try Self.run(sandbox, daysLater: 62)
        #expect(onTime.status == 0 && onTime.stdout.contains("unchanged"))
        #expect(!onTime.stderr.contains("no new content"), "\(onTime.stderr)")
        let late = try Self.run(sandbox, daysLater: 63)
        #expect(late.status == 0 && late.stdout.contains("unchanged"))
        #expect(late.stderr.contains("warning: communes: no new content since version 2026-11-21 (63 days), though the recipe says frequency: monthly; check that the export is still produced upstream"), "\(late.stderr)")
        try ErrorsDocumentTests.expectDocumented(late.stderr)
        // New content is the answer: no warning on the run that publishes it.
        try sandbox.write("Pipelines/sources/communes.csv", "code,libelle\n01,Abobo\n02,Cocody\n03,Yopougon\n")
        let published = try Self.run(sandbox, daysLater: 64)
        #expect(published.stdout.contains("-> version 2027-01-24"), "\(published.stdout)")
        #expect(!published.stderr.contains("no new content"))
    }

    @Test("a frequency without a period never warns", arguments: ["irregular", "unknown", "never"])
    func withoutPeriod(frequency: String) throws {
        let sandbox = try Self.sandbox(frequency: frequency)
        #expect(try !Self.run(sandbox, daysLater: 4_000).stderr.contains("no new content"))
    }

    @Test("patience is twice the period", arguments: [(Frequency.daily, 2), (.weekly, 14), (.monthly, 62), (.quarterly, 184), (.annual, 731)])
    func patience(frequency: Frequency, days: Int) {
        #expect(StaleSource.patience(frequency) == days)
    }
}
