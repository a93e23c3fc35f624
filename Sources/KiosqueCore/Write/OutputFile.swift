import Foundation

/// What a written file turned out to be.
public struct WrittenFile: Sendable, Codable, Equatable {
    public var name: String
    public var bytes: Int64
    public var sha256: String
}

/// A file the row path writes into through a buffer; full buffers go to a `FileWorker` that
/// compresses (for `.gz`), hashes and writes them on another thread, and syncs the file at the end.
final class OutputFile {
    let url: URL
    private let descriptor: Int32
    private let worker: FileWorker
    /// The buffer being filled; writers append to it directly.
    private(set) var buffer: ByteBuffer

    init(_ url: URL, gzip: Bool = false) throws {
        self.url = url
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError.cannotCreate(url.path, errno) }
        do {
            worker = try FileWorker(descriptor: descriptor, path: url.path, gzip: gzip)
        } catch {
            close(descriptor)
            throw error
        }
        buffer = worker.take()
    }

    deinit {
        close(descriptor)
    }

    /// Writes at most `maximum` bytes at the end of the buffer through a pointer (see
    /// `GrowableBuffer.appendInPlace`). The buffer is reached at +0: it stays the file's until
    /// `flushIfNeeded`, and retaining it for every row cost an atomic increment and decrement.
    @inline(__always)
    func appendInPlace(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        Unmanaged.passUnretained(buffer)._withUnsafeGuaranteedRef { $0.appendInPlace(maximum: maximum, body) }
    }

    /// Passes the buffer on once it holds enough; call after each row.
    @inline(__always)
    func flushIfNeeded() throws {
        if buffer.count >= FileWorker.bufferSize { try flush() }
    }

    private func flush() throws {
        try worker.submit(buffer)
        buffer = worker.take()
    }

    /// Flushes, waits for the worker, and describes the file.
    func finish() throws -> WrittenFile {
        if buffer.count > 0 { try worker.submit(buffer) }
        let (bytes, sha256) = try worker.finish()
        return WrittenFile(name: url.lastPathComponent, bytes: bytes, sha256: sha256)
    }
}

public enum WriteError: Error, Sendable, CustomStringConvertible {
    case cannotCreate(String, Int32)
    case cannotWrite(String, Int32)
    case cannotRename(String, String, Int32)
    /// A folder could not be made; `blocker`: the file standing where it or a parent should be.
    case cannotCreateFolder(String, blocker: String?, Int32)

    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, blocker?, _):
            "cannot create the folder \(path): \(blocker) is a file, not a folder; move it away (kiosque makes the folder)"
        case let .cannotCreateFolder(path, nil, code):
            "cannot create the folder \(path): \(String(cString: strerror(code))); check that its parent is writable and that the disk has free space"
        case let .cannotCreate(path, code): "cannot create \(path): \(String(cString: strerror(code))); check that the output folder is writable"
        case let .cannotWrite(path, code): "cannot write \(path): \(String(cString: strerror(code))); check free disk space"
        case let .cannotRename(from, to, code): "cannot move \(from) to \(to): \(String(cString: strerror(code)))"
        }
    }
}
