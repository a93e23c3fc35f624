import Foundation

/// Reads a file in fixed-size chunks into one buffer allocated once.
final class ChunkedFile {
    private let descriptor: Int32
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    let path: String

    init(_ file: URL, chunkSize: Int = 1 << 20) throws {
        path = file.path
        descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DecodeError("cannot open \(file.path): \(String(cString: strerror(errno)))")
        }
        buffer = .allocate(capacity: chunkSize)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// `body` given the file's first chunk (nil for an empty file), while the file that holds the
    /// chunk is alive: a chunk outlives its file's last use, after which Swift may free the file.
    static func withFirstChunk<T>(of file: URL, size: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) throws -> T {
        let reader = try ChunkedFile(file, chunkSize: size)
        return try withExtendedLifetime(reader) { try body(reader.next()) }
    }

    /// The first bytes of the file, read without moving the position.
    func peek(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = pread(descriptor, &bytes, count, 0)
        return read > 0 ? Array(bytes[0..<read]) : []
    }

    /// The next chunk, valid until the following call; nil at the end of the file.
    func next() throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw DecodeError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            return count == 0 ? nil : UnsafeBufferPointer(rebasing: buffer[0..<count])
        }
    }
}
