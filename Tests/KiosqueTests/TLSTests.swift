import Foundation
import Testing
@testable import KiosqueCore

/// HTTPS is always verified; `ca_file` adds an administration's own certificate authority.
@Suite("TLS and ca_file", .serialized)
struct TLSTests {
    /// A certificate authority and a certificate it signed for 127.0.0.1, made with openssl.
    static func makeCertificates(in folder: URL) throws {
        let script = """
            set -e
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Kiosque Test CA" \
              -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
            printf "subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n" > server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
            """
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: folder, environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw CertificateError() }
    }

    struct CertificateError: Error {}

    @Test("a certificate from an unknown authority is refused, and accepted with ca_file")
    func caFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("served/naissances.csv", HTTPSourceTests.csv)
        let certificates = sandbox.root.appendingPathComponent("Pipelines/certs")
        try Self.makeCertificates(in: certificates)
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"),
                                        tls: (certificates.appendingPathComponent("server.pem"), certificates.appendingPathComponent("server.key")))
        let url = server.url("/files/naissances.csv")
        #expect(url.hasPrefix("https://"))

        try HTTPSourceTests.writeRecipe(sandbox, url: url, extra: "  retries: 0")
        let refused = try sandbox.kiosque("run")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("certificate cannot be verified"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ca_file"))

        try HTTPSourceTests.writeRecipe(sandbox, url: url, extra: "  retries: 0\n  ca_file: certs/ca.pem")
        let accepted = try sandbox.kiosque("run")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout == "communes: 3 rows read, 3 published -> version 2026-11-21\n")
    }

    @Test("a missing ca_file is a clear error")
    func missingCAFile() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp("/files/naissances.csv", extra: "  ca_file: certs/absent.pem")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("ca_file certs/absent.pem cannot be read"), "\(result.stderr)")
        withExtendedLifetime(server) {}
    }
}
