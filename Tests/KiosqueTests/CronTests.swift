import Foundation
import Testing
@testable import KiosqueCore

/// What a cron job relies on: the lock, signals, several datasets at once, logs.
@Suite("Cron-grade operation", .serialized)
struct CronTests {
    /// Starts the built binary without waiting for it.
    /// Stops `process` if it still runs after `seconds`, so that a test reading what it says while
    /// it waits for a lock the test holds fails instead of waiting for ever.
    static func watchdog(_ process: Process, seconds: Double = 30) {
        // SIGKILL: it stops the child whatever the child does with SIGTERM.
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        thread.start()
    }

    /// What a child process writes to `pipe` until it has written `text`, or until it ends.
    static func read(_ pipe: Pipe, until text: String) -> String {
        var said = ""
        while !said.contains(text) {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        return said
    }

    static func start(_ arguments: [String], in sandbox: Sandbox, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = TestPaths.kiosque
        process.arguments = arguments
        process.currentDirectoryURL = sandbox.root
        var env = ProcessInfo.processInfo.environment
        env["SOURCE_DATE_EPOCH"] = "1795248000"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    @Test("a SOURCE_DATE_EPOCH that is not a date stops the run before any work; an empty one is the clock", arguments: [
        ("abc", 2), ("1795248000.5", 2), ("-5", 2), ("99999999999999", 2), ("", 0), (" 1795248000 ", 0),
    ] as [(String, Int32)])
    func sourceDateEpoch(value: String, status: Int32) throws {
        let sandbox = try EndToEndTests.examples()
        let result = try sandbox.kiosque("run", "demarches", environment: ["SOURCE_DATE_EPOCH": value])
        #expect(result.status == status, "\(result.stderr)")
        if status == 2 {
            #expect(result.stderr.contains("SOURCE_DATE_EPOCH is '\(value)', which is not a date: give whole seconds since 1970-01-01 UTC"), "\(result.stderr)")
            #expect(!sandbox.exists("Output/datasets"))
            if value == "abc" { try ErrorsDocumentTests.expectDocumented(result.stderr) }
        } else {
            #expect(sandbox.exists("Output/datasets/demarches/versions.json"))
        }
    }

    @Test("a clock behind the current version's day still publishes, named by it as DESIGN says, and says what it does to the order")
    func clockBehind() throws {
        let sandbox = try ChangedRowsTests.sandbox("numero;statut;note\nA1;déposée;n\n")
        #expect(try ChangedRowsTests.run(sandbox, day: 3).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;n\n")
        let behind = try ChangedRowsTests.run(sandbox, day: 1)
        #expect(behind.status == 0, "\(behind.stderr)")
        #expect(behind.stdout.contains("-> version 2026-11-21\n"), "\(behind.stdout)")
        #expect(behind.stderr.contains("warning: demandes: the clock says 2026-11-21, a day before 2026-11-23, the current version (issued 2026-11-23T08:00:00Z): the new version is named after 2026-11-21, so it sorts before 2026-11-23 by name, and its dates go back; check SOURCE_DATE_EPOCH, which sets the time here"), "\(behind.stderr)")
        try ErrorsDocumentTests.expectDocumented(behind.stderr)
        // Nothing new to publish: nothing to say.
        #expect(try ChangedRowsTests.run(sandbox, day: 1).stderr.isEmpty)
    }

    @Test("--wait waits for the lock to be released, then runs")
    func waitForLock() throws {
        let sandbox = try EndToEndTests.examples()
        var lock: RunLock? = try RunLock(output: sandbox.output, wait: false)
        let started = Date()
        let (process, out, _) = try Self.start(["run", "--wait", "demarches"], in: sandbox)
        Thread.sleep(forTimeInterval: 0.7)
        #expect(process.isRunning)
        lock = nil
        _ = lock
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) >= 0.7)
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.contains("demarches: 25 rows read"))
        // Said once, when it starts to wait, not every time it looks again.
        #expect(printed.components(separatedBy: "kiosque run (pid \(getpid()), started ").count == 2, "\(printed)")
        #expect(printed.hasPrefix("kiosque run (pid \(getpid()), started ") && printed.contains(") holds the lock; waiting for it to finish\n"), "\(printed)")
    }

    @Test("site waits for a run to finish, and says so")
    func siteWaits() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        var lock: RunLock? = try RunLock(output: sandbox.output, wait: false)
        let (process, out, _) = try Self.start(["site"], in: sandbox)
        Self.watchdog(process)
        var said = Self.read(out, until: "waiting for it to finish")
        #expect(said.hasPrefix("kiosque run (pid \(getpid()), started "), "\(said)")
        #expect(process.isRunning)
        lock = nil
        _ = lock
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        said += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("catalogue and site rebuilt in Output: 1 published dataset"), "\(said)")
    }

    /// The test runner's threads block SIGTERM, and a child inherits the mask: a command that did
    /// not take it back could not be stopped while it waits (a supervisor's stop would hang).
    @Test("site and withdraw waiting for the lock stop on SIGTERM", arguments: [["site"], ["withdraw", "demarches", "2026-11-21"]])
    func stoppedWhileWaiting(arguments: [String]) throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        let lock = try RunLock(output: sandbox.output, wait: false)
        let (process, out, _) = try Self.start(arguments, in: sandbox)
        Self.watchdog(process, seconds: 10)
        _ = Self.read(out, until: "waiting for it to finish")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM,
                "\(process.terminationReason) \(process.terminationStatus)")
        withExtendedLifetime(lock) {}
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("verify run beside a run confirms what it saw under the lock: a file switched mid-run is no problem, real damage still is",
          arguments: [true, false])
    func verifyBesideRun(putBack: Bool) throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        // What a run's promotion looks like from outside, half-way: the stable file not there.
        let stable = sandbox.output.appendingPathComponent("datasets/demarches/demarches.csv")
        let aside = sandbox.root.appendingPathComponent("demarches.csv.aside")
        var lock: RunLock? = try RunLock(output: sandbox.output, wait: false)
        try FileManager.default.moveItem(at: stable, to: aside)
        let (process, out, err) = try Self.start(["verify"], in: sandbox)
        Self.watchdog(process)
        var said = Self.read(err, until: "checking again once it has finished")
        #expect(said.contains("kiosque: 1 problem seen while kiosque run (pid \(getpid()), started "), "\(said)")
        #expect(process.isRunning, "verify waits for the lock before it reports")
        if putBack { try FileManager.default.moveItem(at: aside, to: stable) }
        lock = nil
        _ = lock
        process.waitUntilExit()
        said += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if putBack {
            #expect(process.terminationStatus == 0, "\(said)")
            #expect(printed.contains("every published file matches its checksum"), "\(printed)")
            #expect(!said.contains("is missing"), "\(said)")
        } else {
            #expect(process.terminationStatus == 1)
            // Reported once, from the reading under the lock.
            #expect(said.components(separatedBy: "datasets/demarches/demarches.csv (the stable file of").count == 2, "\(said)")
        }
    }

    @Test("SIGTERM and SIGINT stop a run: nothing published, lock released, 143 and 130", arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signals(signal: Int32, expected: Int32) throws {
        let (sandbox, server) = try HTTPSourceTests.setUp("/files/naissances.csv")
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        try HTTPSourceTests.writeRecipe(sandbox, url: server.url("/slow/10/files/naissances.csv"), extra: "  timeout: 30s")
        let (process, _, err) = try Self.start(["run"], in: sandbox, environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        Thread.sleep(forTimeInterval: 0.8)
        let sent = Date()
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == expected)
        #expect(Date().timeIntervalSince(sent) < 3, "a signal must stop the run quickly")
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("nothing was published"), "\(stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        // The lock was released: a run can take it at once.
        _ = try RunLock(output: sandbox.output, wait: false)
    }

    @Test("--jobs runs datasets side by side; one failing does not stop the others")
    func jobsWithAFailure() throws {
        let sandbox = try EndToEndTests.examples()
        try sandbox.write("Pipelines/absente.yml", "id: absente\ntitle: Absente\nsource: {url: sources/absente.csv}\nfields:\n  - {name: a}\n")
        let result = try sandbox.kiosque("run", "--jobs", "3")
        #expect(result.status == 1)
        #expect(result.stderr.contains("absente: FAILED: "), "\(result.stderr)")
        #expect(result.stdout.contains("demarches: 25 rows read, 25 published -> version 2026-11-21"))
        #expect(result.stdout.contains("services-en-ligne: 8 rows read, 8 published -> version 2026-11-21"))
        #expect(result.stdout.contains("naissances: 200 rows read"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("two recipes of one dataset id, from two folders, stop the run before any work; one recipe named twice runs once")
    func duplicateIDs() throws {
        let sandbox = try EndToEndTests.examples()
        try sandbox.write("Autres/demarches.yml", try sandbox.text("Pipelines/demarches.yml"))
        let result = try sandbox.kiosque("run", "--jobs", "2", "Pipelines/demarches.yml", "Autres/demarches.yml")
        #expect(result.status == 2)
        #expect(result.stderr.contains("dataset id 'demarches' is given by two recipes, Pipelines/demarches.yml and Autres/demarches.yml"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/demarches"))
        let once = try sandbox.kiosque("run", "demarches", "Pipelines/demarches.yml", "./Pipelines/../Pipelines/demarches.yml")
        #expect(once.stdout == "demarches: 25 rows read, 25 published -> version 2026-11-21\n", "\(once.stdout)\(once.stderr)")
    }

    @Test("text logs are quiet on success but for the summary; --quiet prints only failures")
    func quiet() throws {
        let sandbox = try EndToEndTests.examples()
        let normal = try sandbox.kiosque("run", "demarches")
        #expect(normal.stderr.isEmpty)
        #expect(normal.stdout == "demarches: 25 rows read, 25 published -> version 2026-11-21\n")
        let quiet = try sandbox.kiosque("run", "--quiet", "--force", "demarches")
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test("a file-size limit (as a full disk) fails the run cleanly and keeps the publication")
    func diskFull() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run", "naissances").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        // A source twenty times longer, and a 64 KB limit on every file the run writes.
        let source = try sandbox.read("Pipelines/sources/naissances.csv")
        let lines = source.split(separator: 0x0A, omittingEmptySubsequences: false)
        var bigger = Data(lines[0]) + Data([0x0A])
        for copy in 0..<20 {
            for line in lines.dropFirst() where !line.isEmpty {
                var text = Data(line)
                text.replaceSubrange(0..<4, with: Data(String(format: "%04d", 3000 + copy).utf8))
                bigger += text + Data([0x0A])
            }
        }
        try sandbox.write("Pipelines/sources/naissances.csv", bigger)
        let command = "ulimit -f 128; SOURCE_DATE_EPOCH=1795334400 '\(TestPaths.kiosque.path)' run naissances"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("File too large") || result.stderr.contains("No space"), "\(result.stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        #expect(try sandbox.kiosque("verify").status == 0)
    }
}
