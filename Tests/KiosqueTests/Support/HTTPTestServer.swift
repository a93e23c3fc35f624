import Foundation

/// The Python test server (`http_server.py`, or `ftp_server.py`) on 127.0.0.1, started for a
/// test and stopped after it.
final class HTTPTestServer {
    let process = Process()
    let port: Int
    let scheme: String

    /// Serves `root`; with `tls` (certificate and key files) over HTTPS; with `ftp`, over FTP.
    init(serving root: URL, tls: (certificate: URL, key: URL)? = nil, ftp: Bool = false) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(ftp ? "ftp_server.py" : "http_server.py")
        scheme = ftp ? "ftp" : tls == nil ? "http" : "https"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestPaths.python ?? "python3", script.path, root.path] + (tls.map { [$0.certificate.path, $0.key.path] } ?? [])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ServerError()
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner may hand its children a blocked SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// The Host, X-Api-Key and Authorization headers of each request to `/keyed/…`, in order.
    func keyedRequests() throws -> [[String: String]] {
        let script = "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:\(port)/keyed-log').read().decode())"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script],
                                           in: FileManager.default.temporaryDirectory, environment: ProcessInfo.processInfo.environment)
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]]) ?? []
    }

    /// How many requests `path` has had, asked of the server itself.
    func requests(to path: String) throws -> Int {
        let script = "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:\(port)/count\(path)').read().decode())"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script],
                                           in: FileManager.default.temporaryDirectory, environment: ProcessInfo.processInfo.environment)
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    struct ServerError: Error {}
}
