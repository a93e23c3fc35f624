import Foundation
import Testing
@testable import KiosqueCore

/// `make install`: the binary a server runs from cron, built in release mode with the Swift
/// runtime and Foundation linked in. It takes a release build of its own (about two minutes), so
/// it runs under `make test` and in CI, not in a bare `swift test`.
@Suite("make install",
       .enabled(if: ProcessInfo.processInfo.environment["KIOSQUE_TEST_INSTALL"] != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "make test sets KIOSQUE_TEST_INSTALL"))
struct InstallTests {
    @Test("make install DESTDIR=… PREFIX=/usr puts a kiosque that needs no Swift toolchain: with an empty environment it publishes and verifies the examples")
    func install() throws {
        let sandbox = try EndToEndTests.examples()
        let staged = sandbox.root.appendingPathComponent("staged")
        let make = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["make", "install", "DESTDIR=\(staged.path)", "PREFIX=/usr"],
                                         in: TestPaths.repository, environment: ProcessInfo.processInfo.environment)
        #expect(make.status == 0, "\(make.stdout)\n\(make.stderr)")
        let binary = staged.appendingPathComponent("usr/bin/kiosque")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path))

        // Linked against the system's libraries only: no Swift runtime, no toolchain's folder.
        let libraries = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/ldd"), [binary.path], in: sandbox.root, environment: [:])
        #expect(libraries.status == 0 && libraries.stdout.contains("libcurl"), "\(libraries.stdout)")
        for name in ["libswift", "libFoundation", "libdispatch", "not found"] {
            #expect(!libraries.stdout.contains(name), "\(libraries.stdout)")
        }

        // Nothing from the environment: no PATH, no LD_LIBRARY_PATH, only the clock.
        let environment = ["SOURCE_DATE_EPOCH": "1795248000"]
        let version = try ProcessResult.run(binary, ["--version"], in: sandbox.root, environment: environment)
        let built = try ProcessResult.run(TestPaths.kiosque, ["--version"], in: sandbox.root, environment: environment)
        #expect(version.status == 0 && version.stdout == built.stdout, "\(version.stdout) \(built.stdout)")
        let run = try ProcessResult.run(binary, ["run"], in: sandbox.root, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("services-en-ligne: 8 rows read, 8 published -> version 2026-11-21"), "\(run.stdout)")
        let verify = try ProcessResult.run(binary, ["verify"], in: sandbox.root, environment: environment)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("every published file matches its checksum"), "\(verify.stdout)\(verify.stderr)")
        // The same bytes as the binary the other tests run.
        for (path, sha256) in GoldenOutputTests.expected {
            #expect(Hashing.sha256(try sandbox.read("Output/datasets/\(path)")) == sha256, "\(path)")
        }
    }
}
