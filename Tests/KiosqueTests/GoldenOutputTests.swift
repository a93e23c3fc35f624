import Foundation
import Testing
@testable import KiosqueCore

/// The published bytes of the examples, fixed: any optimisation of the row path must leave them
/// exactly as they were (the SHA-256 values were recorded before the row path was optimised).
@Suite("Published bytes stay the same")
struct GoldenOutputTests {
    static let expected: [String: String] = [
        "demarches/2026-11-21/demarches.csv": "fd757aab908b715e9423ead0f42495dde78bf1f7d81e00d1979d87d003373af8",
        "demarches/2026-11-21/demarches.json": "d848099dbcf3203aafdac1bbece13f08cf764f2cc842e0368ff4382d10e0af22",
        "demarches/2026-11-21/demarches.csv.gz": "eb48f6741801b1a0f3ca1b2e0c3af3829405bd9f6dd974c71f33429747b2b99b",
        "naissances/2026-11-21/naissances.csv": "006d35fd240a096da80871cbd823bf7fede386f85a6133e16c065ffedc7e8d7e",
        "naissances/2026-11-21/naissances.json": "953a4e997037792cb605df85163b3ca6896b6e63b39eee9e1bf933bd4d76c2b3",
        "naissances/2026-11-21/naissances.ndjson": "ed4f6d9673e1a20f7e0ac76794da7090c776118a69a6eac684c740c29f0aafd2",
        "services-en-ligne/2026-11-21/services-en-ligne.csv": "c957299bd769c9a200c0e763776ae8791e0d3e41c6796b89e1afb27baf8d40d6",
        "services-en-ligne/2026-11-21/services-en-ligne.json": "25e1fb807b462c3759d3eb4a85b501076699baedfe356ebcf1e2a9ed4ef1eb13",
        "services-en-ligne/2026-11-21/services-en-ligne.ndjson": "d2dce46170a89a0f7efc6a53b81e3c7ef68f01b22b5b771873d6c5aafecb1f3a",
        "services-en-ligne/2026-11-21/services-en-ligne.json.gz": "9ffe19760401229189ae309e6de1445bfd248e1ae586a31417377bd5a6814278",
    ]

    @Test("the examples publish the same bytes as before the row path was optimised")
    func examples() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        for (path, sha256) in Self.expected {
            #expect(Hashing.sha256(try sandbox.read("Output/datasets/\(path)")) == sha256, "\(path)")
        }
    }
}
