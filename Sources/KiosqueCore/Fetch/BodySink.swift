import Foundation

/// Where a download's body goes as it arrives: checked (an HTML page where data was expected,
/// the size limit), decompressed when the file itself is gzip, fingerprinted, and written to disk.
/// Every check stops the transfer at once, not after the whole body has come.
final class BodySink {
    /// How many leading bytes are looked at before deciding what the body is.
    private static let prefixLength = 64

    private let descriptor: Int32
    private let maxSize: Int64
    /// The server said text/html, so any body is an error page.
    var declaredHTML = false
    /// The URL names a `.gz` file.
    let gzipByName: Bool
    private var prefix: [UInt8] = []
    private var decided = false
    private var inflater: ZlibStream?
    private var fingerprint = Fingerprint()
    /// Bytes received from the network (after HTTP content decoding) and bytes written to the file.
    private(set) var received: Int64 = 0
    private(set) var written: Int64 = 0

    init(descriptor: Int32, maxSize: Int64, gzipByName: Bool) {
        self.descriptor = descriptor
        self.maxSize = maxSize
        self.gzipByName = gzipByName
    }

    var isGzipFile: Bool { inflater != nil }

    /// The fingerprint of what was written.
    func digest() -> String {
        fingerprint.finalize()
    }

    /// Takes the next bytes of the body; a cause when the transfer must stop.
    func consume(_ bytes: UnsafeRawBufferPointer) -> FetchError.Cause? {
        received += Int64(bytes.count)
        if received > maxSize { return .tooLarge(maxSize) }
        if decided { return feed(bytes) }
        prefix.append(contentsOf: bytes)
        if prefix.count < Self.prefixLength { return nil }
        return decide()
    }

    /// Called once the transfer is over: decides on short bodies and checks the gzip end.
    func finish() -> FetchError.Cause? {
        if !decided, let cause = decide() { return cause }
        if let inflater, !inflater.finished, received > 0 {
            return .brokenGzip("the gzip file ends before its end marker; it looks truncated")
        }
        return nil
    }

    private func decide() -> FetchError.Cause? {
        decided = true
        if declaredHTML || Self.looksLikeHTML(prefix) { return .html }
        if Self.looksLikeGzip(prefix) {
            do { inflater = try ZlibStream(.gunzip) } catch { return .brokenGzip("\(error)") }
        } else if gzipByName, !prefix.isEmpty {
            return .brokenGzip("the URL names a .gz file but the body is not gzip")
        }
        let pending = prefix
        prefix = []
        return pending.withUnsafeBytes { feed($0) }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer) -> FetchError.Cause? {
        guard let inflater else { return write(bytes) }
        var cause: FetchError.Cause?
        do {
            try inflater.process(bytes) { output in
                if cause == nil { cause = write(output) }
                if cause != nil { throw Stop() }
            }
        } catch is Stop {
        } catch {
            return .brokenGzip("\(error)")
        }
        return cause
    }

    private struct Stop: Error {}

    private func write(_ bytes: UnsafeRawBufferPointer) -> FetchError.Cause? {
        written += Int64(bytes.count)
        if written > maxSize { return .tooLarge(maxSize) }
        fingerprint.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                return .localFile("cannot write the temporary file: \(String(cString: strerror(errno)))")
            }
            offset += result
        }
        return nil
    }

    /// gzip's magic number.
    static func looksLikeGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// `<!DOCTYPE html` or `<html` after optional whitespace and byte-order mark, in any case.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start...].prefix(14), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }
}
