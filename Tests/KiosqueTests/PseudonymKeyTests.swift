import Foundation
import Testing
@testable import KiosqueCore

/// Pseudonyms link records across versions only under one key: a run under another key (cron's
/// environment, a new server) is refused until the recipe pins the new key with `key_id`.
@Suite("Pseudonymisation keys", .serialized)
struct PseudonymKeyTests {
    typealias Register = AnonymisationTests
    static let dayTwo = "1795334400"

    /// A key's identifier as the docs define it, computed independently of the code under test.
    static func identifier(_ key: String) -> String {
        Register.hmac("kiosque pseudonymisation key identifier", key, length: 12)
    }

    static func history(_ sandbox: Sandbox) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/registre/versions.json")) as! [String: Any]
    }

    /// The recipe with both pseudonymised fields pinned to `id`.
    static func pinned(_ id: String) -> String {
        Register.recipe.replacingOccurrences(of: "{key: \"${env:KIOSQUE_TEST_KEY}\"", with: "{key: \"${env:KIOSQUE_TEST_KEY}\", key_id: \(id)")
    }

    @Test("each version records its keys' identifiers, which tell nothing of the keys")
    func recorded() throws {
        let sandbox = try Register.setUp()
        #expect(try Register.run(sandbox, ["run"]).status == 0)
        let text = try sandbox.text("Output/datasets/registre/versions.json")
        let versions = try Self.history(sandbox)["versions"] as! [[String: Any]]
        let keys = versions[0]["pseudonym_keys"] as? [String: String]
        let id = Self.identifier(Register.key)
        #expect(id.count == 12)
        #expect(keys == ["nni": id, "courriel": id])
        #expect(Self.identifier(Register.otherKey) != id)
        #expect(!text.contains(Register.key))
        // report.json, which DPOs read, names it beside the operator.
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/registre/2026-11-21/report.json")) as! [String: Any]
        let operators = (report["privacy"] as! [String: Any])["fields"] as! [[String: Any]]
        #expect(operators.first { $0["field"] as? String == "nni" }?["key_id"] as? String == id)
        #expect(operators.first { $0["field"] as? String == "nom" }.map { $0["key_id"] == nil && $0["operator"] as? String == "drop" } == true)
        // The schema table says which key, so that reusers can tell which pseudonyms link.
        #expect(try sandbox.text("Output/datasets/registre/index.html").contains("pseudonymisé (HMAC-SHA256, 16 caractères, clé \(id))"))
        #expect(try sandbox.text("Output/datasets/registre/index.en.html").contains("pseudonymised (HMAC-SHA256, 20 characters, key \(id))"))
    }

    @Test("a run under another key fails the dataset before fetching and publishes nothing; check says so")
    func otherKeyRefused() throws {
        let sandbox = try Register.setUp()
        #expect(try Register.run(sandbox, ["run"]).status == 0)
        let published = try sandbox.text("Output/datasets/registre/registre.csv")
        let history = try sandbox.text("Output/datasets/registre/versions.json")
        let (before, now) = (Self.identifier(Register.key), Self.identifier(Register.otherKey))
        // The source is unchanged: without the key check, this run would say "unchanged" and exit 0.
        for arguments in [["run"], ["run", "--force"], ["run", "--dry-run"]] {
            let result = try Register.run(sandbox, arguments, key: Register.otherKey, epoch: Self.dayTwo)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("fields 'nni', 'courriel': the key in KIOSQUE_TEST_KEY (identifier \(now)) is not the key version 2026-11-21 was published under (identifier \(before))"), "\(result.stderr)")
            #expect(result.stderr.contains("pin the new one with key_id: \(now) in the pseudonymise settings of each of these fields"))
            #expect(!result.stderr.contains(Register.key) && !result.stderr.contains(Register.otherKey))
        }
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == published)
        #expect(try sandbox.text("Output/datasets/registre/versions.json") == history)
        #expect(!sandbox.exists("Output/datasets/registre/2026-11-22"))

        let check = try Register.run(sandbox, ["check"], key: Register.otherKey)
        #expect(check.status == 2)
        #expect(check.stderr.contains("Pipelines/registre.yml:8:81: error: fields 'nni', 'courriel': the key in KIOSQUE_TEST_KEY (identifier \(now))"), "\(check.stderr)")
        #expect(check.stderr.contains("kiosque run fails the dataset until then"))
        // Under the key it was published with, all is well.
        #expect(try Register.run(sandbox, ["check"]).status == 0)
        #expect(try Register.run(sandbox, ["run"], epoch: Self.dayTwo).stdout.contains("unchanged"))
    }

    @Test("a new key pinned with key_id is published, and its version says its pseudonyms do not link")
    func pinnedRotation() throws {
        let sandbox = try Register.setUp()
        #expect(try Register.run(sandbox, ["run"]).status == 0)
        let now = Self.identifier(Register.otherKey)
        try sandbox.write("Pipelines/registre.yml", Self.pinned(now))
        let dry = try Register.run(sandbox, ["run", "--dry-run"], key: Register.otherKey, epoch: Self.dayTwo)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("pseudonyms under a new key, not linkable to earlier versions: nni, courriel"), "\(dry.stdout)")

        let result = try Register.run(sandbox, ["run"], key: Register.otherKey, epoch: Self.dayTwo)
        #expect(result.status == 0, "\(result.stderr)")
        let versions = try Self.history(sandbox)["versions"] as! [[String: Any]]
        #expect(versions[0]["version"] as? String == "2026-11-22")
        #expect((versions[0]["changes"] as? [String: Any])?["pseudonyms_rekeyed"] as? [String] == ["nni", "courriel"])
        #expect(versions[0]["pseudonym_keys"] as? [String: String] == ["nni": now, "courriel": now])
        #expect((versions[1]["changes"] as? [String: Any])?["pseudonyms_rekeyed"] == nil)
        #expect(try sandbox.text("Output/datasets/registre/index.en.html").contains("pseudonyms under a new key, not linkable to earlier versions: nni, courriel"))
        #expect(try sandbox.text("Output/datasets/registre/index.html").contains("pseudonymes sous une nouvelle clé, qui ne se relient plus aux versions précédentes : nni, courriel"))
        #expect(try sandbox.text("Catalog/datasets/registre.jsonld").contains("pseudonyms under a new key"))
        let first = try Register.rows(sandbox).first!["nni"]!
        #expect(first.count == 16 && first != Register.hmac(Register.people[0].nni, Register.key, length: 16))

        // The pin now keeps the old key out, before any work: a recipe error.
        let old = try Register.run(sandbox, ["run"], epoch: Self.dayTwo)
        #expect(old.status == 2)
        #expect(old.stderr.contains("error: field 'nni': the key in KIOSQUE_TEST_KEY has the identifier \(Self.identifier(Register.key)), not the key_id \(now) the recipe pins"), "\(old.stderr)")
        #expect(!old.stderr.contains(Register.key))
        #expect(try Register.run(sandbox, ["check"]).status == 2)
        // And the pinned key runs on as any other.
        let again = try Register.run(sandbox, ["run", "--force"], key: Register.otherKey, epoch: Self.dayTwo)
        #expect(again.status == 0 && again.stdout.contains("unchanged"), "\(again.stdout)")
    }

    /// The steward drafts where the key is set: the draft pins it, so that cron given another key
    /// stops before the first version, which the published history could not have caught.
    @Test("describe pins a drafted pseudonymisation to the key its environment holds")
    func describePins() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes.csv", "N° demande;NNI;Commune\n" + (1...30).map { "D\($0);CI\(100_000_000 + $0);Daloa" }.joined(separator: "\n") + "\n")
        let id = Self.identifier(Register.key)
        let pinned = try sandbox.kiosque("describe", "Pipelines/sources/demandes.csv", "--output", "Pipelines/demandes.yml",
                                         environment: ["KIOSQUE_PSEUDONYM_KEY": Register.key])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        let draft = try sandbox.text("Pipelines/demandes.yml")
        #expect(draft.contains("anonymise: {pseudonymise: {key: \"${env:KIOSQUE_PSEUDONYM_KEY}\", key_id: \(id)}}"), "\(draft)")
        #expect(draft.contains("pinned to the one set here, identifier \(id): a run given another key stops before publishing"))
        #expect(!draft.contains(Register.key))
        #expect(try sandbox.kiosque("check", environment: ["KIOSQUE_PSEUDONYM_KEY": Register.key]).status == 0)
        let other = try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": Register.otherKey])
        #expect(other.status == 2)
        #expect(other.stderr.contains("not the key_id \(id) the recipe pins"), "\(other.stderr)")
        #expect(!sandbox.exists("Output/datasets/demandes"))
        #expect(try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": Register.key]).status == 0)
        // Where no key is set, nothing is pinned.
        let unpinned = try sandbox.kiosque("describe", "Pipelines/sources/demandes.csv", "--output", "Pipelines/autre.yml")
        #expect(unpinned.status == 0)
        #expect(try !sandbox.text("Pipelines/autre.yml").contains("key_id"))
    }

    @Test("a key_id that is not a key's identifier is a recipe error")
    func malformedPin() throws {
        let sandbox = try Register.setUp()
        try sandbox.write("Pipelines/registre.yml", Self.pinned("\"my secret key\""))
        let check = try Register.run(sandbox, ["check"])
        #expect(check.status == 2)
        #expect(check.stderr.contains("error: pseudonymise key_id must be the 12 hexadecimal characters kiosque gives as a key's identifier"), "\(check.stderr)")
    }

    @Test("versions published before keys were recorded are not held against any key")
    func olderHistory() throws {
        let sandbox = try Register.setUp()
        #expect(try Register.run(sandbox, ["run"]).status == 0)
        var history = try Self.history(sandbox)
        var versions = history["versions"] as! [[String: Any]]
        versions[0]["pseudonym_keys"] = nil
        history["versions"] = versions
        try sandbox.write("Output/datasets/registre/versions.json", try JSONSerialization.data(withJSONObject: history))
        let result = try Register.run(sandbox, ["run", "--force"], key: Register.otherKey, epoch: Self.dayTwo)
        #expect(result.status == 0, "\(result.stderr)")
        let updated = try Self.history(sandbox)["versions"] as! [[String: Any]]
        #expect(updated[0]["pseudonym_keys"] as? [String: String] == ["nni": Self.identifier(Register.otherKey), "courriel": Self.identifier(Register.otherKey)])
        #expect((updated[0]["changes"] as? [String: Any])?["pseudonyms_rekeyed"] == nil)
    }
}
