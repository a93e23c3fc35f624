import Foundation

/// The file operations publishing relies on: atomic replacement, syncing, linking.
enum FileSystem {
    /// Writes `data` to `url` so that readers see the old or the new content, never a mix.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try createFolder(directory)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError.cannotCreate(temporary.path, errno) }
        do {
            try data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw WriteError.cannotWrite(temporary.path, errno)
                    }
                    offset += result
                }
            }
            guard fsync(descriptor) == 0 else { throw WriteError.cannotWrite(temporary.path, errno) }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
        try rename(temporary, to: url)
    }

    /// `mkdir -p`, with an error that says which file stands in the way rather than Foundation's.
    static func createFolder(_ url: URL) throws {
        if isFolder(url) { return }
        var missing: [URL] = []
        var folder = url.standardizedFileURL
        while !isFolder(folder) {
            if exists(folder) {
                // Made by another thread (datasets run in parallel) between the two looks: a folder after all.
                if isFolder(folder) { break }
                throw WriteError.cannotCreateFolder(url.path, blocker: folder.path, ENOTDIR)
            }
            missing.append(folder)
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        for folder in missing.reversed() where mkdir(folder.path, 0o755) != 0 && errno != EEXIST {
            throw WriteError.cannotCreateFolder(url.path, blocker: nil, errno)
        }
    }

    static func writeAtomically(_ text: String, to url: URL) throws {
        try writeAtomically(Data(text.utf8), to: url)
    }

    /// rename(2), then a sync of the destination's folder so the new name survives a crash.
    static func rename(_ source: URL, to destination: URL) throws {
        guard Glibc.rename(source.path, destination.path) == 0 else {
            throw WriteError.cannotRename(source.path, destination.path, errno)
        }
        syncDirectory(destination.deletingLastPathComponent())
    }

    static func syncDirectory(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Makes `destination` name the same content as `source`: a hard link where the file system allows it,
    /// else a copy; switched into place by rename so the old file stays whole until then.
    static func replace(_ destination: URL, withContentOf source: URL) throws {
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).tmp-\(getpid())")
        unlink(temporary.path)
        if link(source.path, temporary.path) != 0 {
            try FileManager.default.copyItem(at: source, to: temporary)
            let descriptor = open(temporary.path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
        try rename(temporary, to: destination)
    }

    /// Whether two paths name the same file (a hard link).
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var first = stat(), second = stat()
        guard stat(a.path, &first) == 0, stat(b.path, &second) == 0 else { return false }
        return first.st_ino == second.st_ino && first.st_dev == second.st_dev
    }

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
