import Foundation

/// The Python test server (`http_server.py`) on 127.0.0.1, started for a test and stopped after it.
final class HTTPTestServer {
    let process = Process()
    let port: Int

    init(serving root: URL) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("http_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestPaths.python ?? "python3", script.path, root.path]
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

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    struct ServerError: Error {}
}
