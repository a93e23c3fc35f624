import Foundation

/// A recipe's local source opened for `check`, which looks at it offline: its header and first
/// rows, as `run` would read them. Nothing for a remote, missing, gzip or disallowed source.
enum LocalSourceSample {
    /// `body` given a way to open the source's reader, from its first row, as many times as it
    /// needs (it throws what `run` would fail the dataset with, such as an encoding the file
    /// contradicts), or nil when there is no local source to read. A ZIP source's data file (or a
    /// workbook's sheet, .xls too, as CSV) is taken out into a temporary folder, not the project's,
    /// once however many readers are opened, and removed after.
    /// `file`: for a url with a pattern, which of its files (the caller lists them; none, nothing to read).
    static func withSource<T>(_ recipe: Recipe, roots: [URL], file chosen: String? = nil,
                              _ body: (_ open: () throws -> any RecordReader) -> T) -> T? {
        let url = chosen ?? (recipe.source.isFilePattern ? "" : Fetcher.resolve(recipe.source.url, relativeTo: recipe.file.deletingLastPathComponent()))
        guard url.hasPrefix("file:"), let file = URL(string: url), FileManager.default.fileExists(atPath: file.path),
              !file.path.hasSuffix(".gz"),
              LocalSource.isAllowedAfterLinks(URL(fileURLWithPath: file.path), recipe: recipe.file, roots: roots) else { return nil }
        var fetched = FetchedBody.unfetched(file, url: url)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        if ZipArchive.looksLikeZip(file) || CompoundFile.looksLikeCompoundFile(file) {
            guard (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)) != nil,
                  let unpacked = try? ZipArchive.unpacked(fetched, member: recipe.source.member, maxSize: recipe.source.maxSize, into: scratch),
                  let sheet = try? Workbook.converted(unpacked, source: recipe.source, into: scratch) else { return nil }
            fetched = sheet
        }
        return body {
            try SourceOpener.open(fetched, url: url, recipe: recipe, fetchPage: { _ in throw DecodeError("no network in check") })
        }
    }
}

extension FetchedBody {
    /// A local file as a body, read where it is, for a look at it that fetches nothing (check's,
    /// describe's at a pattern's later workbooks): no fingerprint, no validators.
    static func unfetched(_ file: URL, url: String) -> FetchedBody {
        let size = Int64((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        return FetchedBody(file: file, bytes: size, status: 0, contentType: nil, finalURL: url, etag: nil,
                           lastModified: nil, fingerprint: "", wasGzipFile: false)
    }
}
