import Foundation
internal import CZlib

/// A zlib stream compressing to gzip; owns the `z_stream`, kept at a fixed heap address as zlib requires.
final class Deflater {
    struct ZlibError: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "zlib error \(code): \(message)" }
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]

    init(level: Int32 = 6) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: 1 << 16)
        let code = kiosque_deflate_init_gzip(stream, level)
        guard code == Z_OK else {
            stream.deallocate()
            throw ZlibError(code: code, message: "cannot start a gzip stream")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`, handing each compressed piece to `sink`.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        try output.withUnsafeMutableBytes { buffer in
            while true {
                stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(buffer.count)
                let code = deflate(stream, flush)
                guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                    throw ZlibError(code: code, message: stream.pointee.msg.map { String(cString: $0) } ?? "deflate failed")
                }
                let produced = buffer.count - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                if finish {
                    if code == Z_STREAM_END { break }
                } else if stream.pointee.avail_out != 0 {
                    break
                }
            }
        }
        stream.pointee.next_in = nil
    }
}
