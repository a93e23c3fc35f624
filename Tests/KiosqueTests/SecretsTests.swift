import Foundation
import Testing
@testable import KiosqueCore

/// Header secrets come from the environment and are never written anywhere.
@Suite("Secrets in source headers", .serialized)
struct SecretsTests {
    static let token = "tok-SECRET-8c1f2e"
    /// The server checks the token against its hash, so the URL does not carry it.
    static let path = "/auth/\(Hashing.sha256(Data(token.utf8)))/files/naissances.csv"

    @Test("the token is sent, and appears in no log line, error, report or published file")
    func neverLogged() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp(Self.path,
                                                          extra: "  headers: {Authorization: \"Bearer ${env:KIOSQUE_TEST_TOKEN}\"}")
        var outputs: [String] = []
        for arguments in [["run", "--verbose"], ["run", "--log-format", "json", "--force"]] {
            let result = try ProcessResult.run(TestPaths.kiosque, arguments, in: sandbox.root,
                                               environment: ProcessInfo.processInfo.environment.merging(["KIOSQUE_TEST_TOKEN": Self.token, "SOURCE_DATE_EPOCH": "1795248000"]) { $1 })
            #expect(result.status == 0, "\(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        // A wrong token: the 401 error must not repeat it either.
        let failing = try ProcessResult.run(TestPaths.kiosque, ["run", "--verbose"], in: sandbox.root,
                                            environment: ProcessInfo.processInfo.environment.merging(["KIOSQUE_TEST_TOKEN": "wrong-\(Self.token)"]) { $1 })
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("HTTP 401; check the credentials in headers"))
        outputs += [failing.stdout, failing.stderr]
        for text in outputs { #expect(!text.contains(Self.token), "a log holds the token: \(text)") }
        for folder in ["Output", "Catalog"] {
            for path in sandbox.files(under: folder) {
                #expect(!(try sandbox.text("\(folder)/\(path)")).contains(Self.token), "\(folder)/\(path) holds the token")
            }
        }
        withExtendedLifetime(server) {}
    }

    /// libcurl drops Authorization on a redirect to another host, but not other custom headers.
    @Test("header secrets go to the recipe's host only: kept through a redirect on it, never sent to the host a redirect names", arguments: [
        ("/elsewhere/localhost/keyed/files/naissances.csv", "localhost", false),
        ("/redirect/3/keyed/files/naissances.csv", "127.0.0.1", true),
    ])
    func headersStayHome(path: String, host: String, sent: Bool) throws {
        let (sandbox, server) = try HTTPSourceTests.setUp(path,
                                                          extra: "  headers: {X-Api-Key: \"${env:KIOSQUE_TEST_TOKEN}\", Authorization: \"Bearer ${env:KIOSQUE_TEST_TOKEN}\"}")
        let result = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_TOKEN": Self.token])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("rows read"), "\(result.stdout)")
        let requests = try server.keyedRequests()
        #expect(requests.count == 1, "\(requests)")
        for request in requests {
            #expect(request["Host"]?.hasPrefix(host + ":") == true, "\(request)")
            #expect(request["X-Api-Key"] == (sent ? Self.token : ""), "\(request)")
            #expect(request["Authorization"] == (sent ? "Bearer \(Self.token)" : ""), "\(request)")
        }
        withExtendedLifetime(server) {}
    }

    @Test("a redirect to a local file is refused, with headers (followed by kiosque) and without (by libcurl)", arguments: [true, false])
    func redirectToFile(headers: Bool) throws {
        let secret = try Sandbox().write("secret.csv", "code;valeur\nA;1\n")
        let target = "file://" + secret.path
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (sandbox, server) = try HTTPSourceTests.setUp("/location/" + encoded,
                                                          extra: headers ? "  headers: {X-Api-Key: \"${env:KIOSQUE_TEST_TOKEN}\"}" : "")
        let result = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_TOKEN": Self.token])
        #expect(result.status == 1)
        #expect(result.stderr.contains(headers ? "whose scheme is not allowed here" : "this URL scheme is not allowed here"), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets/communes"))
        withExtendedLifetime(server) {}
    }

    @Test("a source that moved to another host which wants the token fails saying why, not 'check the credentials'")
    func withheldHeaders() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp("/elsewhere/localhost" + Self.path,
                                                          extra: "  headers: {Authorization: \"Bearer ${env:KIOSQUE_TEST_TOKEN}\"}")
        let result = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_TOKEN": Self.token])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the server answered HTTP 401; the recipe's headers are sent to 127.0.0.1 only, and this request went to another host (a redirect or a next link)"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.token))
        withExtendedLifetime(server) {}
    }

    @Test("describe --header reaches an API that wants a token; the draft keeps the reference, never the token, and runs")
    func describeWithHeader() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp(Self.path)
        try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("communes.yml"))
        let environment = ["KIOSQUE_TEST_TOKEN": Self.token]
        let refused = try sandbox.kiosque("describe", server.url(Self.path), environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("HTTP 401"), "\(refused.stderr)")
        let described = try sandbox.kiosque("describe", server.url(Self.path), "--header", "Authorization: Bearer ${env:KIOSQUE_TEST_TOKEN}",
                                            "--header", "Accept: text/csv", "--output", "Pipelines/communes.yml", environment: environment)
        #expect(described.status == 0, "\(described.stderr)")
        let draft = try sandbox.text("Pipelines/communes.yml")
        #expect(draft.contains(#"  headers: {"Authorization": "Bearer ${env:KIOSQUE_TEST_TOKEN}", "Accept": "text/csv"}"#), "\(draft)")
        let run = try sandbox.kiosque("run", environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        for text in [draft, described.stdout, described.stderr, run.stdout, run.stderr] { #expect(!text.contains(Self.token)) }
        // A secret typed as it is would end in the draft and the shell's history: refused, and not repeated.
        let literal = try sandbox.kiosque("describe", server.url(Self.path), "--header", "X-Api-Key: \(Self.token)")
        #expect(literal.status == 2)
        #expect(literal.stderr.contains("--header X-Api-Key: give its value as a reference to an environment variable"), "\(literal.stderr)")
        #expect(!literal.stderr.contains(Self.token) && !literal.stdout.contains(Self.token))
        withExtendedLifetime(server) {}
    }

    @Test("a missing variable is an error naming the variable, and nothing is fetched")
    func missingVariable() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp(Self.path,
                                                          extra: "  headers: {Authorization: \"Bearer ${env:KIOSQUE_TEST_TOKEN}\"}")
        var environment = ProcessInfo.processInfo.environment
        environment["KIOSQUE_TEST_TOKEN"] = nil
        let result = try ProcessResult.run(TestPaths.kiosque, ["run"], in: sandbox.root, environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the environment variable KIOSQUE_TEST_TOKEN named in headers is not set"), "\(result.stderr)")
        #expect(try server.requests(to: Self.path) == 0)
    }

    @Test("credentials and secret query parameters are taken out of URLs shown")
    func redaction() {
        #expect(Redaction.url("https://user:pa55@data.example/x.csv?page=2&token=abc&apikey=def#top")
                == "https://data.example/x.csv?page=2&token=REDACTED&apikey=REDACTED#top")
    }

    @Test("a recipe line shown under an error masks its secrets in place, so that the caret still points right", arguments: [
        ("  url: \"https://user:pa55@data.example/x.csv?page=2&token=abc\"", "  url: \"https://user:****@data.example/x.csv?page=2&token=***\""),
        ("source: {url: x.csv, headers: {X-Api-Key: abc123, Accept: text/csv}}", "source: {url: x.csv, headers: {X-Api-Key: ******, Accept: text/csv}}"),
        ("    Authorization: \"Bearer abc def\"", "    Authorization: \"Bearer *** ***\""),
        ("    Authorization: \"Bearer ${env:TOKEN}\"", "    Authorization: \"Bearer ${env:TOKEN}\""),
        ("  - {name: id, anonymise: {pseudonymise: {key: s3cr3t}}}", "  - {name: id, anonymise: {pseudonymise: {key: ******}}}"),
        ("primary_key: [token, key]", "primary_key: [token, key]"),
        ("keywords: [session, password]", "keywords: [session, password]"),
        ("  Cookie: 'sid=1'  # comment", "  Cookie: '*****'  # comment"),
    ])
    func maskedLines(line: String, shown: String) {
        #expect(Redaction.line(line) == shown)
        #expect(Redaction.line(line).unicodeScalars.count == line.unicodeScalars.count)
    }

    /// A hostile recipe line read each name to the line's end from every `?`: minutes for 900 KB.
    @Test("a line of many query-like pieces is masked in one pass")
    func hostileLine() {
        let line = "zz: \"x:" + String(repeating: "?a", count: 200_000) + "&token=abc\""
        let shown = Redaction.line(line)
        #expect(shown.hasSuffix("&token=***\"") && shown.unicodeScalars.count == line.unicodeScalars.count)
        let header = "X-Api-Key: \"" + String(repeating: "${", count: 200_000) + "\""
        #expect(Redaction.line(header) == "X-Api-Key: \"" + String(repeating: "*", count: 400_000) + "\"")
    }

    @Test("a secret written out in a recipe is a warning from check, and the line shown under any message masks it")
    func writtenOut() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/x.csv", "a\n1\n")
        try sandbox.write("Pipelines/x.yml", """
            id: x
            title: X
            source: {url: sources/x.csv, headers: {Authorization: "Bearer \(Self.token)"}}
            fields: [{name: a, anonymise: {pseudonymise: {key: \(Self.token)}}}]
            """)
        let check = try sandbox.kiosque("check")
        #expect(check.status == 2)
        #expect(check.stderr.contains("warning: header Authorization is written out in the recipe, which anyone who reads it (or its history in git) reads too; "
            + "give it as a reference to an environment variable, such as Authorization: \"Bearer ${env:SOURCE_TOKEN}\""), "\(check.stderr)")
        #expect(check.stderr.contains("error: pseudonymise key must be a reference to an environment variable"), "\(check.stderr)")
        for output in [check.stdout, check.stderr, try sandbox.kiosque("check", "--log-format", "json").stdout, try sandbox.kiosque("run").stderr] {
            #expect(!output.contains(Self.token), "\(output)")
        }
    }
}

/// check runs offline, maybe where cron's secrets and exports are not: what it can see of the
/// source, it says as warnings, and exits 0.
@Suite("check looks at the source offline")
struct SourceHintsTests {
    @Test("a local source not there, an unreadable ca_file and a header secret not set are warnings; none when all are there")
    func warnings() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/api.yml", """
            id: api
            title: API
            source:
              url: sources/export.csv
              headers: {Authorization: "Bearer ${env:KIOSQUE_TEST_TOKEN}", X-Trace: "kiosque"}
              ca_file: certs/ca.pem
            fields:
              - {name: code}

            """)
        let missing = try sandbox.kiosque("check")
        #expect(missing.status == 0, "\(missing.stderr)")
        #expect(missing.stderr.contains("Pipelines/api.yml:4:8: warning: the source file \(sandbox.root.standardizedFileURL.path)/Pipelines/sources/export.csv does not exist; run fails until the export puts it there"), "\(missing.stderr)")
        #expect(missing.stderr.contains("Pipelines/api.yml:6:12: warning: ca_file certs/ca.pem cannot be read"), "\(missing.stderr)")
        #expect(missing.stderr.contains("Pipelines/api.yml:5:12: warning: header 'Authorization' reads the environment variable KIOSQUE_TEST_TOKEN, which is not set here"), "\(missing.stderr)")
        #expect(missing.stdout.contains("0 errors, 3 warnings"), "\(missing.stdout)")

        try sandbox.write("Pipelines/sources/export.csv", "code\nA\n")
        try sandbox.write("Pipelines/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let present = try sandbox.kiosque("check", environment: ["KIOSQUE_TEST_TOKEN": "secret-value-42"])
        #expect(present.status == 0, "\(present.stderr)")
        #expect(present.stdout.contains("0 errors, 0 warnings"), "\(present.stdout)\(present.stderr)")
        #expect(!present.stderr.contains("secret-value-42"))
    }
}
