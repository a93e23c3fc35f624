import Crypto
import Foundation

/// What a written file turned out to be.
public struct WrittenFile: Sendable, Codable, Equatable {
    public var name: String
    public var bytes: Int64
    public var sha256: String
}

/// A file written through one buffer allocated once: optionally gzip-compressed on the fly,
/// hashed with SHA-256 as it goes, and synced to disk when finished.
final class OutputFile {
    let url: URL
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let compressor: ZlibStream?
    private var hasher = SHA256()
    private var written: Int64 = 0
    private static let flushThreshold = 1 << 18

    init(_ url: URL, gzip: Bool = false) throws {
        self.url = url
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError.cannotCreate(url.path, errno) }
        compressor = gzip ? try ZlibStream(.gzip(level: 6)) : nil
        buffer.reserveCapacity(Self.flushThreshold + (1 << 16))
    }

    deinit {
        close(descriptor)
    }

    /// Appends to the buffer; call `flushIfNeeded()` now and then.
    @inline(__always)
    func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    /// Gives writers direct access to the buffer.
    @inline(__always)
    func withBuffer<T>(_ body: (inout [UInt8]) throws -> T) rethrows -> T {
        try body(&buffer)
    }

    @inline(__always)
    func flushIfNeeded() throws {
        if buffer.count >= Self.flushThreshold { try flush(finish: false) }
    }

    private func flush(finish: Bool) throws {
        try buffer.withUnsafeBytes { bytes in
            if let compressor {
                try compressor.process(bytes, finish: finish) { try writeOut($0) }
            } else {
                try writeOut(bytes)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                throw WriteError.cannotWrite(url.path, errno)
            }
            offset += result
        }
        written += Int64(bytes.count)
    }

    /// Flushes, syncs and describes the file.
    func finish() throws -> WrittenFile {
        try flush(finish: true)
        guard fsync(descriptor) == 0 else { throw WriteError.cannotWrite(url.path, errno) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return WrittenFile(name: url.lastPathComponent, bytes: written, sha256: digest)
    }
}

public enum WriteError: Error, Sendable, CustomStringConvertible {
    case cannotCreate(String, Int32)
    case cannotWrite(String, Int32)
    case cannotRename(String, String, Int32)

    public var description: String {
        switch self {
        case let .cannotCreate(path, code): "cannot create \(path): \(String(cString: strerror(code))); check that the output folder is writable"
        case let .cannotWrite(path, code): "cannot write \(path): \(String(cString: strerror(code))); check free disk space"
        case let .cannotRename(from, to, code): "cannot move \(from) to \(to): \(String(cString: strerror(code)))"
        }
    }
}
