import Foundation
@testable import KiosqueCore

/// A throwaway project folder (Pipelines/, Catalog/, Output/) for one test, removed afterwards.
final class Sandbox {
    let root: URL

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-test-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Pipelines/sources"), withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var pipelines: URL { root.appendingPathComponent("Pipelines") }
    var output: URL { root.appendingPathComponent("Output") }
    var catalog: URL { root.appendingPathComponent("Catalog") }
    var workspace: Workspace { Workspace(pipelines: pipelines, catalog: catalog, output: output) }

    static let catalogYAML = """
        title: {fr: Données de test, en: Test data}
        description: {fr: Catalogue de test, en: Test catalogue}
        base_url: https://donnees.test.example/
        homepage: https://www.test.example/
        languages: [fr, en]
        license: CC-BY-4.0
        publishers:
          test: {name: Ministère des Tests, email: donnees@test.example, type: NationalAuthority}
        contact: {name: Cellule données, email: contact@test.example}

        """

    /// Writes a file under the sandbox, creating folders.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        try write(path, Data(text.utf8))
    }

    @discardableResult
    func write(_ path: String, _ data: Data) throws -> URL {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    func writeCatalog() throws {
        try write("Pipelines/catalog.yml", Self.catalogYAML)
    }

    func read(_ path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    func text(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    /// Every file under `folder`, relative paths, sorted.
    func files(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)))
            }
        }
        return paths.sorted()
    }

    /// Runs the built `kiosque` binary in the sandbox.
    func kiosque(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessResult {
        try kiosque(arguments: arguments, environment: environment)
    }

    func kiosque(arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["SOURCE_DATE_EPOCH"] = env["SOURCE_DATE_EPOCH"] ?? "1795248000"  // 2026-11-21T08:00:00Z
        for (key, value) in environment { env[key] = value }
        return try ProcessResult.run(TestPaths.kiosque, arguments, in: root, environment: env)
    }
}

/// What a child process printed and how it ended.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `executable`, draining both pipes while it runs so a large output cannot deadlock it.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, out: isOut)
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: collected.out, as: UTF8.self),
                             stderr: String(decoding: collected.err, as: UTF8.self))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        var out = Data()
        var err = Data()
        func set(_ data: Data, out isOut: Bool) {
            lock.lock()
            if isOut { out = data } else { err = data }
            lock.unlock()
        }
    }
}

enum TestPaths {
    /// The repository's root, found from this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `kiosque` binary built beside the test bundle.
    static var kiosque: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for folder in candidates {
            let url = folder.appendingPathComponent("kiosque")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repository.appendingPathComponent(".build/debug/kiosque")
    }

    static let fixtures = repository.appendingPathComponent("Tests/KiosqueTests/Fixtures")
    static let realSources = fixtures.appendingPathComponent("real-sources")
    static let shapes = fixtures.appendingPathComponent("dcat-ap-3.0.1")

    /// The Python of `.build/venv` that `make test` prepares (rdflib, pyshacl, frictionless).
    static var python: String? { ProcessInfo.processInfo.environment["KIOSQUE_PYTHON"] }
}
