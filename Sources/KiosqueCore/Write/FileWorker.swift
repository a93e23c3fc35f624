import CFileHints
import Crypto
import Foundation

/// The thread behind one output file: it takes filled buffers from the row path, compresses them
/// when the file is gzip, hashes them with SHA-256 and writes them, while the row path fills the next
/// buffer. Hashing is the costliest per-byte work of a run; here it runs on the other core.
final class FileWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [ByteBuffer] = []
    private var free: [ByteBuffer] = []
    private var buffers = 0
    private var closing = false
    private var finished = false
    private var failure: (any Error)?

    private let descriptor: Int32
    private let path: String
    private let compressor: ZlibStream?
    private var hasher = SHA256()
    private var written: Int64 = 0
    /// Where the kernel was last asked to start writing back: see `startWriteback`.
    private var flushed: Int64 = 0
    private static let writebackStep: Int64 = 8 << 20
    private var digest = ""
    static let bufferSize = 1 << 19
    private static let maximumBuffers = 3

    init(descriptor: Int32, path: String, gzip: Bool) throws {
        self.descriptor = descriptor
        self.path = path
        compressor = gzip ? try ZlibStream(.gzip(level: 6)) : nil
        let thread = Thread { [self] in self.loop() }
        thread.name = "kiosque-writer"
        thread.start()
    }

    /// A buffer to fill: a recycled one, or a new one while fewer than three exist.
    func take() -> ByteBuffer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && buffers >= Self.maximumBuffers { condition.wait() }
        if let buffer = free.popLast() { return buffer }
        buffers += 1
        return ByteBuffer(capacity: Self.bufferSize + (1 << 16))
    }

    /// Hands a filled buffer over. Throws the worker's error, if writing has failed.
    func submit(_ buffer: ByteBuffer) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        queue.append(buffer)
        condition.broadcast()
    }

    /// Waits until everything is written and synced; the file's size and SHA-256.
    func finish() throws -> (bytes: Int64, sha256: String) {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        if let failure { throw failure }
        return (written, digest)
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty && closing {
                condition.unlock()
                break
            }
            let buffer = queue.removeFirst()
            let failed = failure != nil
            condition.unlock()
            if !failed {
                do { try process(UnsafeRawBufferPointer(buffer.elements), finish: false) } catch { record(error) }
            }
            buffer.reset()
            condition.lock()
            free.append(buffer)
            condition.broadcast()
            condition.unlock()
        }
        do {
            if failure == nil {
                try process(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
                guard fsync(descriptor) == 0 else { throw WriteError.cannotWrite(path, errno) }
            }
        } catch {
            record(error)
        }
        digest = Hex.string(hasher.finalize())
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func record(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.unlock()
    }

    private func process(_ bytes: UnsafeRawBufferPointer, finish: Bool) throws {
        if let compressor {
            try compressor.process(bytes, finish: finish) { try writeOut($0) }
        } else {
            try writeOut(bytes)
        }
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                throw WriteError.cannotWrite(path, errno)
            }
            offset += result
        }
        written += Int64(bytes.count)
        if written - flushed >= Self.writebackStep { startWriteback() }
    }

    /// Asks the kernel to start writing what is written so far to disk, without waiting: the fsync
    /// that makes the file durable before it is published then finds little left to write, instead
    /// of hundreds of megabytes at the end of the run.
    private func startWriteback() {
        _ = kq_start_writeback(descriptor, flushed, written - flushed)
        flushed = written
    }
}
