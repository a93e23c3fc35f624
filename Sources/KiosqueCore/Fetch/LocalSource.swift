import Foundation

/// Where `file:` sources may be read from: the recipe's own folder, and the folders `catalog.yml`
/// lists in `allowed_file_roots`. Checked on the written path when the recipe is read, and again on
/// the real path (symbolic links followed) just before reading.
enum LocalSource {
    /// The local path a source URL names, or nil for a network URL.
    static func path(of url: String, recipe: URL) -> URL? {
        let resolved = Fetcher.resolve(url, relativeTo: recipe.deletingLastPathComponent())
        guard resolved.lowercased().hasPrefix("file:"), let parsed = URL(string: resolved) else { return nil }
        return URL(fileURLWithPath: parsed.path).standardizedFileURL
    }

    static func isAllowed(_ path: URL, recipe: URL, roots: [URL]) -> Bool {
        let folders = [recipe.deletingLastPathComponent().standardizedFileURL] + roots
        return folders.contains { folder in path.path.hasPrefix(folder.path.hasSuffix("/") ? folder.path : folder.path + "/") }
    }

    /// The same check on real paths: a link inside the folder to a file outside it is refused.
    static func isAllowedAfterLinks(_ path: URL, recipe: URL, roots: [URL]) -> Bool {
        func real(_ url: URL) -> URL? {
            guard let resolved = realpath(url.path, nil) else { return nil }
            defer { free(resolved) }
            return URL(fileURLWithPath: String(cString: resolved))
        }
        guard let target = real(path) else { return true }  // a missing file fails later, with its own message
        let folders = ([recipe.deletingLastPathComponent()] + roots).compactMap(real)
        return folders.contains { target.path.hasPrefix($0.path.hasSuffix("/") ? $0.path : $0.path + "/") }
    }
}

extension LocalSource {
    /// What changes when a file is written to: device, inode, size, modification and change times.
    struct Stamp: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modified: timespec
        let changed: timespec

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = status.st_mtim
            changed = status.st_ctim
        }

        static func of(_ path: String) -> Stamp? {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            return Stamp(status)
        }

        static func == (left: Stamp, right: Stamp) -> Bool {
            left.device == right.device && left.inode == right.inode && left.size == right.size
                && left.modified.tv_sec == right.modified.tv_sec && left.modified.tv_nsec == right.modified.tv_nsec
                && left.changed.tv_sec == right.changed.tv_sec && left.changed.tv_nsec == right.changed.tv_nsec
        }
    }

    /// A local file read where it is instead of being copied first: its size and first bytes are
    /// checked as a download's are, and it is fingerprinted in one read-only pass. Nil when the copy
    /// must be made after all: a gzip file (decompressed while copying), or anything but a regular
    /// file that can be opened (the copy's errors say what is wrong).
    static func readInPlace(_ path: URL, url: String, maxSize: Int64) throws(FetchError) -> FetchedBody? {
        guard !path.path.lowercased().hasSuffix(".gz") else { return nil }
        let descriptor = open(path.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let stamp = Stamp(status)
        if stamp.size > maxSize { throw FetchError(url: url, cause: .tooLarge(maxSize)) }

        let chunk = 1 << 19
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var fingerprint = Fingerprint()
        var total: Int64 = 0
        while true {
            if Interruption.requested { throw FetchError(url: url, cause: .interrupted(Interruption.signal)) }
            let count = read(descriptor, buffer.baseAddress, chunk)
            if count < 0 {
                if errno == EINTR { continue }
                throw FetchError(url: url, cause: .localFile("cannot read \(path.path): \(String(cString: strerror(errno)))"))
            }
            if count == 0 { break }
            if total == 0 {
                let head = Array(UnsafeRawBufferPointer(rebasing: buffer[..<min(count, 64)]))
                if BodySink.looksLikeGzip(head) { return nil }
                if BodySink.looksLikeHTML(head) { throw FetchError(url: url, cause: .html) }
            }
            total += Int64(count)
            fingerprint.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        // Written to while being fingerprinted: take the copying path, as before in-place reading.
        guard total == stamp.size, Stamp.of(path.path) == stamp else { return nil }
        return FetchedBody(file: path, bytes: total, status: 0, contentType: nil, finalURL: url, etag: nil,
                           lastModified: nil, fingerprint: fingerprint.finalize(), wasGzipFile: false, inPlace: stamp)
    }
}
