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
        #expect(denied.stderr.contains("check the user name and password (in source url, or in ~/.netrc of the account that runs kiosque)"), "\(denied.stderr)")
        for output in [missing.stdout, missing.stderr, denied.stdout, denied.stderr] {
            #expect(!output.contains(Self.password), "\(output)")
        }
        #expect(!sandbox.exists("Output/datasets/registre"))
        withExtendedLifetime(server) {}
    }

    @Test("the password of an FTP source is read from ~/.netrc when the url names the user alone; check warns about one in the url, never showing it")
    func netrc() throws {
        let (sandbox, server, served) = try Self.setUp("agent@HOST/exports/registre.csv")
        try FileManager.default.createDirectory(at: served.appendingPathComponent("exports"), withIntermediateDirectories: true)
        try sandbox.write("served/exports/registre.csv", "Code;Commune\nA1;Man\n")
        let home = sandbox.root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // Without the login, the server refuses; with it in ~/.netrc, the dataset publishes.
        let refused = try sandbox.kiosque("run", environment: ["HOME": home.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("or in ~/.netrc of the account that runs kiosque"), "\(refused.stderr)")
        try sandbox.write("home/.netrc", "machine 127.0.0.1 login agent password \(Self.password)\n")
        let run = try sandbox.kiosque("run", environment: ["HOME": home.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == "code,commune\nA1,Man\n")
        #expect(try sandbox.kiosque("check").stderr.isEmpty)

        // The password written in the url: a warning, and the line shown under it masks it.
        let recipe = try sandbox.text("Pipelines/registre.yml").replacingOccurrences(of: "agent@", with: "agent:\(Self.password)@")
        try sandbox.write("Pipelines/registre.yml", recipe)
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0)
        #expect(check.stderr.contains("warning: source url holds a password, which anyone who reads this recipe (or its history in git) reads too; "
            + "write the url with the user name alone (ftp://agent@127.0.0.1/…) and put the login in the ~/.netrc file of the account that runs kiosque"), "\(check.stderr)")
        #expect(check.stderr.contains("ftp://agent:\(String(repeating: "*", count: Self.password.count))@127.0.0.1"), "\(check.stderr)")
        #expect(!check.stderr.contains(Self.password))

        // describe reads with the password given, and leaves it out of the draft.
        let draft = try sandbox.kiosque("describe", "ftp://agent:\(Self.password)@127.0.0.1:\(server.port)/exports/registre.csv")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("  url: \"ftp://agent@127.0.0.1:\(server.port)/exports/registre.csv\""), "\(draft.stdout)")
        #expect(draft.stdout.contains("# the password of this address is left out of the recipe: put the login in the ~/.netrc file"), "\(draft.stdout)")
        #expect(!(draft.stdout + draft.stderr).contains(Self.password))
        withExtendedLifetime(server) {}
    }
}
