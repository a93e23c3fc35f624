import Foundation
import Testing

/// The YAML examples of the README and docs/recipes.md are recipes a steward will copy: each one
/// must pass `kiosque check` as written.
@Suite("Documentation examples")
struct DocumentationTests {
    /// The fenced ```yaml blocks of a document.
    static func yamlBlocks(in document: String) throws -> [String] {
        let text = try String(contentsOf: TestPaths.repository.appendingPathComponent(document), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```yaml" { current = [] } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n") + "\n")
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return blocks
    }

    @Test("every recipe shown in the documentation checks", arguments: ["README.md", "docs/recipes.md"])
    func recipesCheck(document: String) throws {
        let blocks = try Self.yamlBlocks(in: document)
        let recipes = blocks.filter { $0.hasPrefix("id: ") }
        #expect(!recipes.isEmpty, "no recipe found in \(document)")
        // The catalogue shown in recipes.md, so that its publishers and languages are the ones recipes name.
        let catalog = try Self.yamlBlocks(in: "docs/recipes.md").first { $0.hasPrefix("title:") && $0.contains("base_url:") }
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", try #require(catalog))
        for recipe in recipes {
            let id = String(recipe.dropFirst(4).prefix { $0 != " " && $0 != "\n" })
            try sandbox.write("Pipelines/\(id).yml", recipe)
            let result = try sandbox.kiosque("check", "Pipelines/\(id).yml",
                                             environment: ["KIOSQUE_PSEUDONYM_KEY": String(repeating: "k", count: 32)])
            #expect(result.status == 0, "the recipe \(id) of \(document) does not check:\n\(result.stderr)")
        }
    }

    @Test("the catalog.yml that kiosque init writes is the one recipes.md describes")
    func initCatalogueKeys() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.kiosque("init", sandbox.root.path).status == 0)
        let written = try sandbox.text("Pipelines/catalog.yml")
        let reference = try String(contentsOf: TestPaths.repository.appendingPathComponent("docs/recipes.md"), encoding: .utf8)
        // Every top-level key init writes, commented or not, is documented.
        let key = try NSRegularExpression(pattern: "^(?:# )?([a-z_]+):(?: |$)", options: .anchorsMatchLines)
        let range = NSRange(written.startIndex..., in: written)
        let keys = key.matches(in: written, range: range).map { (written as NSString).substring(with: $0.range(at: 1)) }
        #expect(keys.contains("allowed_file_roots") && keys.contains("base_url"))
        for key in keys {
            #expect(reference.contains("| `\(key)` |"), "catalog.yml key \(key) is not in docs/recipes.md")
        }
    }
}

/// docs/errors.md quotes real messages: these scenarios produce them again, and every line the
/// tool prints must be in the document as printed.
@Suite("Errors document")
struct ErrorsDocumentTests {
    static let document = TestPaths.repository.appendingPathComponent("docs/errors.md")

    /// A project from `kiosque init`, its example recipe renamed `demarches` and changed by `edit`.
    static func project(_ edit: (String) -> String) throws -> Sandbox {
        let sandbox = try Sandbox()
        #expect(try sandbox.kiosque("init", sandbox.root.path).status == 0)
        let example = try sandbox.text("Pipelines/demarches-exemple.yml")
        try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("demarches-exemple.yml"))
        try sandbox.write("Pipelines/demarches.yml", edit(example.replacingOccurrences(of: "id: demarches-exemple", with: "id: demarches")))
        return sandbox
    }

    static func expectDocumented(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOf: document, encoding: .utf8)
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "^" }
        #expect(!lines.isEmpty, sourceLocation: sourceLocation)
        for line in lines {
            #expect(text.contains(line), "docs/errors.md does not quote: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test("recipe errors and the personal-data warning, as check prints them")
    func checkMessages() throws {
        let typos = try Self.project {
            $0.replacingOccurrences(of: "delimiter: \";\"", with: "delimitr: \";\"")
                .replacingOccurrences(of: "type: integer", with: "type: integr")
                .replacingOccurrences(of: "themes: [GOVE]", with: "themes: [GOV]")
        }
        let check = try typos.kiosque("check")
        #expect(check.status == 2)
        try Self.expectDocumented(check.stderr + check.stdout)

        let warning = try Self.project {
            $0.replacingOccurrences(of: "  - {name: agent, from: Agent responsable, anonymise: drop}", with: "  - {name: agent, from: Agent responsable}")
        }
        let warned = try warning.kiosque("check")
        #expect(warned.status == 0)
        try Self.expectDocumented(warned.stderr + warned.stdout)
    }

    @Test("a missing and a short pseudonymisation key")
    func keyMessages() throws {
        let sandbox = try Self.project {
            $0.replacingOccurrences(of: "anonymise: drop}\n", with: """
                anonymise: drop}
                  - {name: ref, from: Agent responsable, anonymise: {pseudonymise: {key: "${env:KIOSQUE_PSEUDONYM_KEY}"}}}

                """)
        }
        let missing = try sandbox.kiosque("run")
        #expect(missing.status == 2)
        try Self.expectDocumented(missing.stderr.split(separator: "\n").prefix(1).joined())
        let short = try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": "abc"])
        #expect(short.status == 2)
        try Self.expectDocumented(short.stderr.split(separator: "\n").prefix(1).joined())

        // Published under one key, run under another; then pinned to the new one, run under the old.
        let (old, new) = (String(repeating: "k", count: 40), String(repeating: "y", count: 40))
        #expect(try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": old]).status == 0)
        let other = try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": new])
        #expect(other.status == 1)
        try Self.expectDocumented(other.stderr)
        let recipe = try sandbox.text("Pipelines/demarches.yml")
        try sandbox.write("Pipelines/demarches.yml", recipe.replacingOccurrences(of: "{key: \"${env:KIOSQUE_PSEUDONYM_KEY}\"}", with: "{key: \"${env:KIOSQUE_PSEUDONYM_KEY}\", key_id: 5f3acc697c86}"))
        let pinned = try sandbox.kiosque("run", environment: ["KIOSQUE_PSEUDONYM_KEY": old])
        #expect(pinned.status == 2)
        try Self.expectDocumented(pinned.stderr.split(separator: "\n").prefix(1).joined())
    }

    @Test("a column the source lacks, and too many invalid rows")
    func runMessages() throws {
        let column = try Self.project { $0.replacingOccurrences(of: "from: Canal", with: "from: Canall") }
        let missing = try column.kiosque("run")
        #expect(missing.status == 1)
        try Self.expectDocumented(missing.stderr)

        let invalid = try Self.project {
            $0.replacingOccurrences(of: "\"DEM-[0-9]{3}\"", with: "\"DEM-[0-9]{4}\"")
                .replacingOccurrences(of: "primary_key:", with: "validation: {max_invalid: 1}\nprimary_key:")
        }
        let failed = try invalid.kiosque("run")
        #expect(failed.status == 1)
        try Self.expectDocumented(failed.stderr)
    }

    @Test("verify on a folder that is not there, on nothing published, and on a good publication")
    func verifyMessages() throws {
        let sandbox = try Self.project { $0 }
        // A cron job pointed at the wrong folder is told so, not that all is well.
        let wrong = try sandbox.kiosque("verify", "--output", "sortie")
        #expect(wrong.status == 2)
        #expect(!wrong.stdout.contains("matches"))
        try Self.expectDocumented(wrong.stderr.replacingOccurrences(of: sandbox.root.standardizedFileURL.path, with: "/root"))
        try FileManager.default.createDirectory(at: sandbox.root.appendingPathComponent("Output"), withIntermediateDirectories: true)
        let empty = try sandbox.kiosque("verify")
        #expect(empty.status == 0)
        #expect(empty.stdout == "nothing is published in Output yet\n", "\(empty.stdout)")
        #expect(try sandbox.kiosque("run").status == 0)
        let good = try sandbox.kiosque("verify")
        #expect(good.status == 0)
        // The version's CSV, JSON, datapackage.json, CSVW metadata and report, and the stable files.
        #expect(good.stdout.hasPrefix("every published file matches its checksum: "), "\(good.stdout)")
        #expect(good.stdout.hasSuffix(" files in 1 dataset\n"), "\(good.stdout)")
        let site = try sandbox.kiosque("site")
        #expect(site.status == 0)
        #expect(site.stdout + site.stderr == "catalogue and site rebuilt in Output: 1 published dataset\n", "\(site.stdout)\(site.stderr)")
    }

    @Test("an empty export fails its dataset, says so, and leaves the publication as it was")
    func emptySource() throws {
        let sandbox = try Self.project { $0 }
        #expect(try sandbox.kiosque("run").status == 0)
        let published = try sandbox.text("Output/datasets/demarches/demarches.csv")
        try sandbox.write("Pipelines/sources/demarches-exemple.csv", "")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1)
        #expect(run.stderr.contains("the source is empty (0 bytes); the export that makes it may have failed"), "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/demarches/demarches.csv") == published)
        let described = try sandbox.kiosque("describe", "Pipelines/sources/demarches-exemple.csv")
        #expect(described.status == 1)
        #expect(described.stderr.contains("the source is empty (0 bytes)"), "\(described.stderr)")
    }

    @Test("withdraw: a version that is not there, a dataset not published, a withdrawal and its repeat")
    func withdrawMessages() throws {
        let sandbox = try Self.project { $0 }
        #expect(try sandbox.kiosque("run").status == 0)
        let unknown = try sandbox.kiosque("withdraw", "demarches", "2026-11-24")
        #expect(unknown.status == 2)
        try Self.expectDocumented(unknown.stderr)
        let missing = try sandbox.kiosque("withdraw", "deces", "2026-11-21")
        #expect(missing.status == 2)
        try Self.expectDocumented(missing.stderr)
        let done = try sandbox.kiosque("withdraw", "demarches", "2026-11-21")
        #expect(done.status == 0)
        try Self.expectDocumented(done.stdout + done.stderr)
        let again = try sandbox.kiosque("withdraw", "demarches", "2026-11-21")
        #expect(again.status == 0)
        try Self.expectDocumented(again.stdout + again.stderr)
    }

    @Test("a folder without Pipelines/ gets one error saying to run init, from run and check")
    func noPipelinesFolder() throws {
        let sandbox = try Sandbox()
        try FileManager.default.removeItem(at: sandbox.pipelines)
        for command in ["run", "check", "site"] {
            let result = try sandbox.kiosque(command)
            #expect(result.status == 2)
            // The folder it looked in is named: a cron job without cd looks in the home folder.
            let folder = sandbox.root.standardizedFileURL.path
            #expect(result.stderr == "error: no pipelines folder at Pipelines (in \(folder), the current folder: a cron job starts in the home folder unless its line does cd first); run kiosque init to create one, or pass --pipelines DIR\n", "\(result.stderr)")
            try Self.expectDocumented(result.stderr.replacingOccurrences(of: folder, with: "/root"))
        }
        #expect(!sandbox.exists("Output"))
    }
}
