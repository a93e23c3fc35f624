import Foundation

/// What `check` can tell offline about a recipe's source before `run` fetches it: a local file
/// that is not there, a `ca_file` that cannot be read, a header's secret not set where check runs.
/// Warnings, not errors: the export may put the file there before cron runs, and cron may have the
/// secret that a recipes repository's CI has not. `run` fails on each, naming it.
enum SourceHints {
    static func warnings(_ recipe: Recipe, environment: [String: String]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let source = recipe.source
        let folder = recipe.file.deletingLastPathComponent()
        var url = Fetcher.resolve(source.url, relativeTo: folder)
        if source.isFilePattern {
            // The pattern's files: none is run's failure; the first stands for the others below.
            do {
                url = try SourceFiles.matching(source.url, recipe: recipe.file)[0]
            } catch let error as DecodeError {
                diagnostics.append(Diagnostic(.warning, "source url \(source.url): \(error.message); run fails until the export puts one there", at: source.urlSpot))
                url = ""
            } catch {
                url = ""
            }
        }
        if url.lowercased().hasPrefix("file:"), let path = URL(string: url)?.path {
            if !FileManager.default.fileExists(atPath: path) {
                diagnostics.append(Diagnostic(.warning, "the source file \(path) does not exist; run fails until the export puts it there (a path in url is relative to the recipe's folder)", at: source.urlSpot))
            } else if let table = SingleByteTables.table(TextEncoding(source.encoding, bomPrefix: nil)), Self.beginsAsUTF8(path) {
                let garbled = SingleByteTables.text([0xC3, 0xA9], table: table)
                diagnostics.append(Diagnostic(.warning, "the source file is UTF-8, but the recipe says encoding: \(source.encoding.rawValue): its accented letters would be published as \(garbled) (for é) and the like; set encoding: utf-8 (or auto)", at: source.encodingSpot ?? source.urlSpot))
            }
        }
        if let caFile = source.caFile, let file = source.caFileURL(recipeFolder: folder) {
            if !FileManager.default.isReadableFile(atPath: file.path) {
                diagnostics.append(Diagnostic(.warning, "ca_file \(caFile) cannot be read (\(file.standardizedFileURL.path)); run fails until it is a PEM file, relative to the recipe's folder", at: source.caFileSpot))
            }
        }
        for header in source.headers {
            for name in EnvReference.names(in: header.value) ?? [] where (environment[name] ?? "").isEmpty {
                diagnostics.append(Diagnostic(.warning, "header '\(header.name)' reads the environment variable \(name), which is not set here; kiosque run fails until it is exported in its environment", at: source.headersSpot))
            }
        }
        return diagnostics
    }

    /// Whether the file's first MiB is UTF-8 holding letters beyond ASCII (`UTF8Validator`, which
    /// leaves a character the MiB cuts pending): read as a single-byte encoding, each would become
    /// two or three letters.
    static func beginsAsUTF8(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20), data.contains(where: { $0 >= 0xC2 }) else { return false }
        var validator = UTF8Validator()
        data.withUnsafeBytes { validator.feed($0.bindMemory(to: UInt8.self)) }
        return validator.isValid
    }

    /// The columns the recipe reads, against the header of the local source as it is now: a
    /// label it lacks or holds twice, a position past its width, a position that is the column
    /// another field hides. The shaper's own checks, so the messages are run's.
    static func columnWarnings(_ recipe: Recipe, reader: any RecordReader) -> [Diagnostic] {
        guard reader.underlying is CSVReader else { return [] }
        // A new year's column a list of unpivot misses: said beside the shaper's findings.
        let unlisted = ((reader as? UnpivotReader)?.unlistedNote).map {
            [Diagnostic(.warning, "\($0) (seen in the local source file as it is now)", at: recipe.source.unpivotSpot)]
        } ?? []
        return unlisted + shaperWarnings(recipe, reader: reader)
    }

    private static func shaperWarnings(_ recipe: Recipe, reader: any RecordReader) -> [Diagnostic] {
        do {
            _ = try Shaper(recipe: recipe, columns: reader.columns, checksCellCount: true)
        } catch let mismatch as SchemaMismatch {
            let spot = recipe.fields.first { $0.name == mismatch.field }?.spot ?? recipe.source.urlSpot
            return [Diagnostic(.warning, "\(mismatch.message) (seen in the local source file as it is now; run fails the dataset until it is fixed)", at: spot)]
        } catch {
            return []
        }
        return []
    }

    /// The keys the recipe reads that no record of a local JSON source has, once all of it is read
    /// (up to 100,000 records past what was read already; a larger file, or one that breaks, is
    /// left to `run`, which notes them too).
    static func absentKeyWarnings(_ recipe: Recipe, reader: any RecordReader) -> [Diagnostic] {
        guard let keyed = reader.keyed else { return [] }
        let row = RawRow()
        for _ in 0..<100_000 {
            guard let more = try? reader.next(into: row) else { return [] }
            if !more {
                // No record with any key (an empty export): nothing to say, as run says nothing.
                guard keyed.keysFound.contains(true) || !keyed.otherKeys.isEmpty else { return [] }
                return DatasetPipeline.absentKeys(recipe, keyed).map {
                    Diagnostic(.warning, "\($0.message) (seen in the local source file as it is now)", at: $0.spot)
                }
            }
        }
        return []
    }
}
