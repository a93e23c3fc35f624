import Foundation
import Testing
@testable import KiosqueCore

/// `ftp://` sources, fetched by libcurl from a real FTP server (pyftpdlib) on 127.0.0.1.
@Suite("FTP sources", .serialized,
       .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
struct FTPSourceTests {
    static let password = "s3cr3t-ftp"

    /// A sandbox whose recipe `registre` reads `path` from the FTP server, which serves `served/`.
    static func setUp(_ path: String) throws -> (Sandbox, HTTPTestServer, URL) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let served = sandbox.root.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let server = try HTTPTestServer(serving: served, ftp: true)
        try sandbox.write("Pipelines/registre.yml", """
            id: registre
            title: Registre
            source: {url: "ftp://\(path.replacingOccurrences(of: "HOST", with: "127.0.0.1:\(server.port)"))", delimiter: ";"}
            fields:
              - {name: code, from: Code, required: true}
              - {name: commune, from: Commune}
            """)
        return (sandbox, server, served)
    }

    @Test("an FTP source publishes, makes no version while its bytes stay the same, and a new one when they change")
    func publishes() throws {
        let (sandbox, server, served) = try Self.setUp("agent:\(Self.password)@HOST/exports/registre.csv")
        try FileManager.default.createDirectory(at: served.appendingPathComponent("exports"), withIntermediateDirectories: true)
        try Data("Code;Commune\n01;Abidjan\n02;Bouaké\n".utf8).write(to: served.appendingPathComponent("exports/registre.csv"))
        let first = try sandbox.kiosque("run")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "registre: 2 rows read, 2 published -> version 2026-11-21\n", "\(first.stdout)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == "code,commune\n01,Abidjan\n02,Bouaké\n")
        let again = try sandbox.kiosque("run")
        #expect(again.stdout == "registre: unchanged (same source bytes as for 2026-11-21)\n", "\(again.stdout)")
        try Data("Code;Commune\n01;Abidjan\n02;Bouaké\n03;Daloa\n".utf8).write(to: served.appendingPathComponent("exports/registre.csv"))
        let changed = try sandbox.kiosque("run")
        #expect(changed.stdout == "registre: 3 rows read, 3 published -> version 2026-11-21.2\n", "\(changed.stdout)")
        // The password is the recipe's to keep: nothing kiosque writes holds it.
        for folder in ["Output", "Catalog"] {
            for path in sandbox.files(under: folder) {
                #expect(!String(decoding: try sandbox.read("\(folder)/\(path)"), as: UTF8.self).contains(Self.password), "\(path)")
            }
        }
        #expect(sandbox.files(under: "Catalog").contains("validators/registre.json"))
        withExtendedLifetime(server) {}
    }

    @Test("a missing file and a wrong password fail the dataset with what to do, never showing the password")
    func failures() throws {
        let (sandbox, server, _) = try Self.setUp("agent:\(Self.password)@HOST/absent.csv")
        let missing = try sandbox.kiosque("run", "--log-format", "json")
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("check the path in source url"), "\(missing.stdout)")
        let wrong = sandbox.root.appendingPathComponent("Pipelines/registre.yml")
        try sandbox.write("Pipelines/registre.yml", try String(contentsOf: wrong, encoding: .utf8)
            .replacingOccurrences(of: Self.password, with: "not-\(Self.password)").replacingOccurrences(of: "absent.csv", with: "x.csv"))
        let denied = try sandbox.kiosque("run")
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("check the user name and password in source url"), "\(denied.stderr)")
        for output in [missing.stdout, missing.stderr, denied.stdout, denied.stderr] {
            #expect(!output.contains(Self.password), "\(output)")
        }
        #expect(!sandbox.exists("Output/datasets/registre"))
        withExtendedLifetime(server) {}
    }
}
