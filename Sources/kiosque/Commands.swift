import ArgumentParser
import Foundation
import KiosqueCore
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Publish recipes: files, folders or dataset ids (default: all of Pipelines/).")

    @OptionGroup var common: CommonOptions

    @Flag(name: .customLong("dry-run"), help: "Fetch, transform, validate and report; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "Datasets run in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Ignore conditional-fetch validators (identical content still makes no new version).")
    var force = false

    @Flag(name: .long, help: "Wait for the lock instead of exiting 3 when another run holds it.")
    var wait = false

    @Argument(help: ArgumentHelp("Recipe files, folders or dataset ids.", valueName: "path|id"))
    var targets: [String] = []

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let engine = common.engine()
        Interruption.install()
        do {
            let result = try engine.run(targets, options: RunOptions(dryRun: dryRun, force: force, jobs: jobs, progress: common.showsProgress), wait: wait)
            common.report(result.warnings)
            // 128 + the signal, as shells report a process a signal stopped: 130 for SIGINT, 143 for SIGTERM.
            let exit: ExitCode = Interruption.requested ? ExitCode(128 + Interruption.signal)
                : result.anyFailed || result.catalogueFailed ? .failure : .success
            finished(result.results, catalogueFailed: result.catalogueFailed, exit: exit)
            if exit != .success { throw exit }
        } catch let list as DiagnosticList {
            common.report(list.diagnostics)
            finished([], exit: .recipeError)
            throw ExitCode.recipeError
        } catch let held as RunLock.Held {
            let exit = Interruption.requested ? ExitCode(128 + Interruption.signal) : .locked
            if exit == .locked { common.say("\(held)", level: .error, event: "locked") }
            finished([], exit: exit)
            throw exit
        }
    }
}

extension Run {
    /// The run's last JSON line, for whatever watches the logs: how many datasets ended each way
    /// and the exit code, so that one line tells a monitor what the whole run did.
    func finished(_ results: [DatasetResult], catalogueFailed: Bool = false, exit: ExitCode) {
        guard common.logFormat == .json else { return }
        let (text, metadata) = Self.summary(results, catalogueFailed: catalogueFailed, exit: exit)
        common.say(text, level: exit == .success ? .info : .error, event: "run-finished", metadata: metadata)
    }

    /// The `run-finished` line's message and counts.
    static func summary(_ results: [DatasetResult], catalogueFailed: Bool, exit: ExitCode) -> (String, Logger.Metadata) {
        var counts = ["published": 0, "unchanged": 0, "checked": 0, "failed": 0]
        for dataset in results {
            switch dataset.outcome {
            case .published: counts["published"]! += 1
            case .unchanged: counts["unchanged"]! += 1
            case .checked: counts["checked"]! += 1
            case .failed: counts["failed"]! += 1
            }
        }
        var metadata: Logger.Metadata = ["datasets": .number(results.count), "exit_code": .number(Int(exit.rawValue)),
                                         "catalogue_failed": .bool(catalogueFailed)]
        for (key, count) in counts { metadata[key] = .number(count) }
        let words = counts.filter { $0.value > 0 || $0.key != "checked" }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        let text = "run finished: \(results.count) dataset\(results.count == 1 ? "" : "s") (\(words.joined(separator: ", "))), exit \(exit.rawValue)"
        return (text, metadata)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate recipes and catalog.yml offline; no network, no writes.")

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Recipe files, folders or dataset ids.", valueName: "path|id"))
    var targets: [String] = []

    func run() throws {
        let set = common.engine().check(targets)
        common.report(set.diagnostics)
        let errors = set.errors.count
        let warnings = set.diagnostics.count - errors
        common.say("\(set.filesRead) recipe\(set.filesRead == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")",
                   event: "checked", metadata: ["recipes": .number(set.filesRead), "errors": .number(errors), "warnings": .number(warnings)])
        if errors > 0 { throw ExitCode.recipeError }
    }
}

struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rebuild the catalogue and site from what is published.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let engine = common.engine()
        if let missing = RecipeSet.missingPipelines(engine.workspace) {
            common.report([missing])
            throw ExitCode.recipeError
        }
        try common.underLock(engine.workspace, command: "site") {
            if !engine.rebuild() { throw ExitCode.failure }
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every published file against its recorded checksum.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let workspace = common.workspace
        if let missing = Verifier.missingOutput(workspace) {
            common.say("error: \(missing)", level: .error, event: "no-output")
            throw ExitCode.recipeError
        }
        let found = Verifier(workspace: workspace).verify { held, seen in
            common.say("\(seen) problem\(seen == 1 ? "" : "s") seen while \(held.holder) holds the lock; "
                       + "checking again once it has finished", level: .info, event: "verify-waiting")
        }
        for problem in found.problems { common.say(problem, level: .error, event: "verify-problem") }
        let count = found.problems.count
        let counts: Logger.Metadata = ["problems": .number(count), "files": .number(found.files), "datasets": .number(found.datasets)]
        if count > 0 {
            common.say("\(count) problem\(count == 1 ? "" : "s") found", event: "verified", metadata: counts)
        } else if found.datasets == 0 {
            common.say("nothing is published in \(RecipeSet.displayPath(workspace.output)) yet", event: "verified", metadata: counts)
        } else {
            common.say("every published file matches its checksum: \(found.files) file\(found.files == 1 ? "" : "s") "
                       + "in \(found.datasets) dataset\(found.datasets == 1 ? "" : "s")", event: "verified", metadata: counts)
        }
        if !found.problems.isEmpty { throw ExitCode.failure }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a draft recipe inferred from a URL or file.")

    @OptionGroup var common: CommonOptions

    // `--output` is the option every command has (the Output folder); a path ending in .yml names the recipe to write.
    @Argument(help: ArgumentHelp("The source: a URL or a file.", valueName: "source"))
    var source: String

    @Option(name: .customLong("header"), help: ArgumentHelp(
        "An HTTP header for the request, as 'Name: value'; a secret as ${env:NAME} (in single quotes), which the draft keeps. Repeatable.",
        valueName: "header"))
    var headers: [String] = []

    func run() throws {
        // The draft is printed on standard output: every log line, JSON ones too, goes to standard error.
        let logger = common.logger(sink: .standardError)
        func fail(_ text: String, event: String) {
            common.say(text, level: .error, event: event, to: logger)
        }
        var describer = Describer(workspace: common.workspace, environment: ProcessInfo.processInfo.environment, logger: logger)
        do {
            describer.headers = try headers.map(Describer.header)
        } catch {
            fail("\(error)", event: "usage-error")
            throw ExitCode.recipeError
        }
        let recipe = common.describeOutput.map { URL(fileURLWithPath: $0) }
        if let recipe, FileManager.default.fileExists(atPath: recipe.path) {
            fail("\(recipe.path) already exists; choose another file, or remove it first", event: "usage-error")
            throw ExitCode.recipeError
        }
        var isDirectory: ObjCBool = false
        // `archive.zip#member.csv` names a file inside an archive, `book.xlsx#Sheet` a sheet of a workbook: the file must exist.
        let file = Describer.splitSheet(ZipArchive.splitMember(source).source).source
        if !source.contains("://"), SourceFiles.isPattern(file), let problem = SourceFiles.noMatch(file) {
            fail("\(source): \(problem)", event: "usage-error")
            throw ExitCode.recipeError
        }
        if !source.contains("://"), !SourceFiles.isPattern(file) {
            if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
                fail("\(source): no such file; give the path of the export (relative to the current folder) or its URL", event: "usage-error")
                throw ExitCode.recipeError
            }
            if isDirectory.boolValue {
                fail("\(source) is a folder; give the path of one export file", event: "usage-error")
                throw ExitCode.recipeError
            }
        }
        do {
            let draft = try describer.describe(source, output: recipe)
            if let recipe {
                try FileManager.default.createDirectory(at: recipe.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(draft.utf8).write(to: recipe)
                common.say("draft recipe written to \(recipe.path); read it, then run kiosque check", event: "draft-written")
            } else {
                print(draft, terminator: "")
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            // Fetch errors already start with the URL; say it once.
            let message = "\(error)", shown = Redaction.url(source)
            let subject = message.hasPrefix(shown + ": ") ? message : "\(shown): \(message)"
            fail("cannot describe \(subject)", event: "describe-failed")
            throw ExitCode.failure
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create catalog.yml, an example recipe and its source, ready to run.")

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The folder to set up (default: the current one).", valueName: "dir"))
    var directory: String = "."

    func run() throws {
        let folder = URL(fileURLWithPath: directory)
        do {
            // The folders the options name are the project's own, relative to it.
            let written = try Starter.create(in: folder, pipelines: common.pipelines, catalog: common.catalog, output: common.output ?? "Output")
            if !common.quiet {
                for url in written {
                    common.say("created \(url.standardizedFileURL.path)", event: "created", metadata: ["file": .string(url.standardizedFileURL.path)])
                }
                let here = folder.standardizedFileURL.path == URL(fileURLWithPath: ".").standardizedFileURL.path
                let options = [("--pipelines", common.pipelines, "Pipelines"), ("--catalog", common.catalog, "Catalog"), ("--output", common.output ?? "Output", "Output")]
                    .filter { $0.1 != $0.2 }.map { " \($0.0) \($0.1)" }.joined()
                common.say(here ? "next: kiosque run\(options)" : "next: cd \(directory) && kiosque run\(options)", event: "next")
            }
        } catch let error as Starter.AlreadyThere {
            common.say("\(error)", level: .error, event: "usage-error")
            throw ExitCode.recipeError
        }
    }
}

struct Withdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a published version down: its files, its links, its catalogue entries.",
        discussion: """
        For a version that should never have been published (personal data left in, a wrong extract). \
        Its folder is deleted, the stable URLs serve the newest remaining version again, and versions.json \
        lists it under "withdrawn" with its files' checksums; its name is never given again. Fix the recipe \
        before the next run: a run that makes the same files again fails, but new rows would go out the same way.
        """)

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The dataset's id.", valueName: "id"))
    var id: String

    @Argument(help: ArgumentHelp("The versions to withdraw, as versions.json names them (2026-11-21, 2026-11-21.2).", valueName: "version"))
    var versions: [String] = []

    func validate() throws {
        if versions.isEmpty { throw ValidationError("name the version to withdraw, as versions.json lists it (kiosque withdraw \(id) 2026-11-21)") }
    }

    func run() throws {
        let engine = common.engine()
        let named = versions.joined(separator: " ")
        try common.underLock(engine.workspace, command: "withdraw") {
            let result: Kiosque.WithdrawResult
            do {
                result = try engine.withdraw(id, versions: versions)
            } catch let error as WithdrawalError {
                common.say("error: \(error)", level: .error, event: "usage-error")
                throw ExitCode.recipeError
            } catch let error where !(error is DiagnosticList) {
                // A full disk, a read-only folder: the intent is written, so the next run or site finishes it.
                common.say("error: the withdrawal of \(id) \(named) stopped half-way: \(error). Once that is fixed, run kiosque withdraw \(id) \(named) again, "
                           + "or kiosque site, to finish it; until then verify accepts either side", level: .error, event: "withdraw-failed")
                throw ExitCode.failure
            }
            say(result)
            if !result.catalogueRefreshed { throw ExitCode.failure }
        }
    }

    private func say(_ result: Kiosque.WithdrawResult) {
        var metadata: Logger.Metadata = ["dataset": .string(id), "versions": .array(result.withdrawn.map { .string($0.version) })]
        if let current = result.current { metadata["current"] = .string(current) }
        let already = result.already.map { "version \($0) of \(id) is already withdrawn" }.joined(separator: "; ")
        guard !result.withdrawn.isEmpty else {
            common.say("\(already); nothing to do", event: "already-withdrawn", metadata: metadata)
            return
        }
        let names = result.withdrawn.map(\.version)
        var files: [String] = []
        for file in result.withdrawn.flatMap(\.files) where !files.contains(file.name) { files.append(file.name) }
        let now: String
        if let current = result.current {
            now = result.wasCurrent ? "\(current) is current again: the stable URLs serve it" : "\(current) stays current"
        } else {
            now = "no version is left: the dataset's files and pages are gone, and the catalogue leaves it out until a run publishes it again"
        }
        // A list of changed rows made against a withdrawn version names the keys of the rows it removed.
        if !result.listingKeys.isEmpty { metadata["changes_lists"] = .array(result.listingKeys.map { .string($0.version) }) }
        let lists = result.listingKeys.map { listing in
            "\n  version \(listing.version) stays, and its \(listing.file) names the key of each row of \(listing.against) it removed; "
                + "if those keys must go too, withdraw it as well: kiosque withdraw \(id) \(listing.version)"
        }.joined()
        common.say("\(id): \(names.count == 1 ? "version" : "versions") \(names.joined(separator: ", ")) withdrawn (\(files.joined(separator: ", "))); \(now)"
                   + (already.isEmpty ? "" : "\n  \(already)") + lists + "\n"
                   + "  fix the recipe or the export before the next run: a run that makes these very files again fails, but one with "
                   + "new rows would publish them the same way; copies already downloaded or harvested are out of reach: "
                   + "versions.json lists the withdrawn files' checksums under \"withdrawn\"",
                   event: "withdrawn", metadata: metadata)
    }
}
