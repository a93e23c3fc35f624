import ArgumentParser
import Foundation
import KiosqueCore
import Logging

/// `kiosque`: the command line. Thin on purpose: every command hands over to `KiosqueCore`.
struct KiosqueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosque",
        abstract: "Publish open data from administration exports: anonymised, validated, versioned, catalogued.",
        version: KiosqueVersion.current,
        subcommands: [Run.self, Check.self, Describe.self, Site.self, Verify.self, Init.self, Withdraw.self]
    )

    /// `kiosque` with no command: its help on standard error, and exit code 2 (a usage error), so
    /// that a crontab line that lost its command does not pass for a successful run.
    func run() throws {
        FileHandle.standardError.write(Data("kiosque: no command given\n\n\(Self.helpMessage())\n".utf8))
        throw ExitCode.recipeError
    }

    /// ArgumentParser exits 64 on a usage error; the contract says 2.
    static func main() {
        Interruption.unblockSignals()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
            } else {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                if asksForJSON(CommandLine.arguments) { reportInJSON(message(for: error), arguments: CommandLine.arguments) }
            }
            Foundation.exit(code == .success ? 0 : code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

extension KiosqueCommand {
    /// Whether the command line asks for JSON logs, read from the words themselves: the error
    /// came before the options were parsed. `--log-format` with a value it does not know is text.
    static func asksForJSON(_ arguments: [String]) -> Bool {
        for (index, word) in arguments.enumerated() {
            if word == "--log-format=json" { return true }
            if word == "--log-format", index + 1 < arguments.count, arguments[index + 1] == "json" { return true }
        }
        return false
    }

    /// A usage error as a JSON line on standard output, where the command's other lines would have
    /// gone, and, for `run`, the `run-finished` line with exit code 2 that a monitor waits for.
    static func reportInJSON(_ message: String, arguments: [String]) {
        let logger = Logger(label: "kiosque") { _ in KiosqueLogHandler(format: .json, level: .info, sink: .standard) }
        logger.error("\(message)", metadata: ["event": "usage-error", "exit_code": .number(2)])
        guard arguments.dropFirst().first == "run" else { return }
        var (text, metadata) = Run.summary([], catalogueFailed: false, exit: .recipeError)
        metadata["event"] = "run-finished"
        logger.error("\(text)", metadata: metadata)
    }
}

/// The options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of catalog.yml and the recipes.", valueName: "dir"))
    var pipelines = "Pipelines"

    @Option(name: .long, help: ArgumentHelp("Folder of the catalogue metadata.", valueName: "dir"))
    var catalog = "Catalog"

    @Option(name: .long, help: ArgumentHelp("Folder of the published site (Output); for describe, a recipe file (.yml) to write the draft to instead of printing it.", valueName: "dir"))
    var output: String?

    /// `describe --output FILE.yml` writes the draft there. Any other `--output` is the Output
    /// folder every command takes, which describe does not write to: the draft is printed, as
    /// DESIGN says, so a script that passes the same options to every command gets it.
    var describeOutput: String? {
        guard let output, [".yml", ".yaml"].contains(where: { output.lowercased().hasSuffix($0) }) else { return nil }
        return output
    }

    @Option(name: .customLong("log-format"), help: "Log lines as text or json (one object a line).")
    var logFormat: LogFormatOption = .text

    @Flag(name: .long, help: "Print only failures.")
    var quiet = false

    @Flag(name: .long, help: "Print each step.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    var workspace: Workspace {
        Workspace(pipelines: URL(fileURLWithPath: pipelines), catalog: URL(fileURLWithPath: catalog),
                  output: URL(fileURLWithPath: output ?? "Output"))
    }

    var logger: Logger { logger(sink: .standard) }

    func logger(sink: LogSink) -> Logger {
        // JSON logs are for machines: they carry every request and step unless --quiet.
        let level: Logger.Level = quiet ? .error : verbose ? .debug : logFormat == .json ? .info : .notice
        let format = logFormat.format
        return Logger(label: "kiosque") { _ in KiosqueLogHandler(format: format, level: level, sink: sink) }
    }

    /// Progress lines only for a person at a terminal, never in cron or in JSON logs.
    var showsProgress: Bool {
        logFormat == .text && !quiet && isatty(STDERR_FILENO) == 1
    }

    func engine() -> Kiosque {
        Kiosque(workspace: workspace, logger: logger)
    }

    /// Prints diagnostics to standard error (warnings only when not quiet); with `--log-format json`,
    /// one object each on standard output, with the file, line and column as fields.
    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics where diagnostic.severity == .error || !quiet {
            guard logFormat == .json else {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
                continue
            }
            let isError = diagnostic.severity == .error
            var metadata: Logger.Metadata = [:]
            if let location = diagnostic.location {
                metadata["file"] = .string(location.file)
                metadata["line"] = .number(location.line)
                metadata["column"] = .number(location.column)
            }
            say(diagnostic.message, level: isError ? .error : .warning, event: isError ? "recipe-error" : "recipe-warning", metadata: metadata)
        }
    }

    /// Runs `body` under the lock, waiting for whoever holds it and saying who, as `site` and
    /// `withdraw` do; a recipe error is exit 2, a lock that cannot be had exit 3.
    func underLock(_ workspace: Workspace, command: String, _ body: () throws -> Void) throws {
        do {
            let lock = try Kiosque.lock(workspace.output, wait: true, command: command) { held in
                say("\(held.holder) holds the lock; waiting for it to finish", event: "lock-wait")
            }
            defer { withExtendedLifetime(lock) {} }
            try body()
        } catch let list as DiagnosticList {
            report(list.diagnostics)
            throw ExitCode.recipeError
        } catch let held as RunLock.Held {
            say("\(held)", level: .error, event: "locked")
            throw ExitCode.locked
        }
    }

    /// A line for whoever runs the command: in text, `notice` on standard output and problems on
    /// standard error (as `kiosque: …`); with `--log-format json`, one object on standard output.
    /// `--quiet` keeps only errors. `to` is another logger for the JSON objects (describe's, whose
    /// standard output is the draft).
    func say(_ text: String, level: Logger.Level = .notice, event: String, metadata: Logger.Metadata = [:], to other: Logger? = nil) {
        guard logFormat == .json else {
            if level == .notice {
                // Written at once, as log lines are: a line saying what the command waits for is
                // read while it waits, and lines keep their order beside the logger's.
                if !quiet { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
            } else if level >= .error || !quiet {
                FileHandle.standardError.write(Data("kiosque: \(text)\n".utf8))
            }
            return
        }
        var fields = metadata
        fields["event"] = .string(event)
        (other ?? logger).log(level: level, "\(text)", metadata: fields)
    }
}

enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json
    var format: LogFormat { self == .json ? .json : .text }
}

extension ExitCode {
    /// A recipe or usage error before any work.
    static let recipeError = ExitCode(2)
    /// Another run holds the lock.
    static let locked = ExitCode(3)
}
