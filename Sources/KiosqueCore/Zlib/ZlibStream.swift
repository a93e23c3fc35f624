import Foundation
internal import CZlib

/// One zlib stream, compressing to gzip or decompressing gzip (or zlib) data, or the raw deflate
/// data of a ZIP archive's member; the only Swift that touches zlib. Owns its `z_stream`, kept at a fixed heap address as zlib requires.
final class ZlibStream {
    enum Mode {
        case gzip(level: Int32)
        /// Raw deflate data, for a ZIP member being written.
        case deflateRaw(level: Int32)
        case gunzip
        /// Raw deflate data (a ZIP member): one stream, nothing after it.
        case inflateRaw
    }

    struct ZlibError: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { message }
    }

    private let mode: Mode
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    /// Decompression: whether the compressed data has ended properly.
    private(set) var finished = false

    init(_ mode: Mode) throws {
        self.mode = mode
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: 1 << 16)
        let code: Int32
        switch mode {
        case .gzip(let level): code = kiosque_deflate_init_gzip(stream, level)
        case .deflateRaw(let level): code = kiosque_deflate_init_raw(stream, level)
        case .gunzip: code = kiosque_inflate_init_auto(stream)
        case .inflateRaw: code = kiosque_inflate_init_raw(stream)
        }
        guard code == Z_OK else {
            stream.deallocate()
            throw ZlibError(code: code, message: "zlib could not start (code \(code))")
        }
    }

    deinit {
        switch mode {
        case .gzip, .deflateRaw: deflateEnd(stream)
        case .gunzip, .inflateRaw: inflateEnd(stream)
        }
        stream.deallocate()
    }

    /// Feeds `input`, handing each piece of output to `sink`. `finish` ends a compression stream.
    func process(_ input: UnsafeRawBufferPointer, finish: Bool = false, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer { stream.pointee.next_in = nil }
        try output.withUnsafeMutableBytes { buffer in
            while true {
                stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(buffer.count)
                let code: Int32
                switch mode {
                case .gzip, .deflateRaw: code = deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                case .gunzip, .inflateRaw: code = finished ? Z_STREAM_END : inflate(stream, Z_NO_FLUSH)
                }
                guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                    let detail = stream.pointee.msg.map { String(cString: $0) } ?? "code \(code)"
                    throw ZlibError(code: code, message: "the \(mode.isRaw ? "compressed" : "gzip") data is broken (\(detail))")
                }
                let produced = buffer.count - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                switch mode {
                case .gzip, .deflateRaw:
                    if finish ? code == Z_STREAM_END : stream.pointee.avail_out != 0 { return }
                case .inflateRaw:
                    if code == Z_STREAM_END {
                        finished = true
                        return
                    }
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
                    if code == Z_BUF_ERROR && produced == 0 { return }
                case .gunzip:
                    if code == Z_STREAM_END {
                        finished = true
                        // A second gzip member may follow (concatenated files); start again on it.
                        if stream.pointee.avail_in > 0 {
                            guard inflateReset(stream) == Z_OK else { throw ZlibError(code: 0, message: "the gzip data is broken") }
                            finished = false
                            continue
                        }
                        return
                    }
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
                    if code == Z_BUF_ERROR && produced == 0 { return }
                }
            }
        }
    }

    /// The CRC-32 of `bytes` continued from `crc` (0 to start), as ZIP and gzip record it.
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return UInt32(CZlib.crc32(uLong(crc), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }
}

extension ZlibStream.Mode {
    var isRaw: Bool {
        if case .inflateRaw = self { return true }
        return false
    }
}
