import Foundation

/// A dataset's `versions.json`: every published version, newest first. The source of truth for what is published.
public struct VersionHistory: Sendable, Codable, Equatable {
    public var dataset: String
    public var latest: String?
    public var versions: [VersionEntry]
    /// Versions taken down by `kiosque withdraw`, newest withdrawal first: their folders are gone,
    /// their names are never given again. Left out of the file while there are none.
    public var withdrawn: [WithdrawnVersion]?

    public init(dataset: String) {
        self.dataset = dataset
        self.versions = []
    }

    public var current: VersionEntry? { versions.first }

    /// When the published content last changed: the current version's issue, or a later
    /// withdrawal (which switched the stable files back, or took a version out of the history).
    /// What harvesters compare to decide whether to read a dataset again, so it never goes back.
    public var modified: String? {
        ([current?.issued] + (withdrawn ?? []).map(\.withdrawn)).compactMap { $0 }.max()
    }

    /// The history of a dataset without versions.json: a new one, unless the folder shows that
    /// versions were published, which a new history would orphan and the next recovery delete:
    /// then the file was lost, and only a backup has it.
    static func fresh(_ id: String, in workspace: Workspace) throws -> VersionHistory {
        let versions = versionFolders(id, in: workspace)
        guard wasPublished(id, versionFolders: versions, in: workspace) else { return VersionHistory(dataset: id) }
        let what = versions.isEmpty ? "its stable files" : "version folders (\(versions.joined(separator: ", ")))"
        throw PublishError("\(RecipeSet.displayPath(workspace.datasetFolder(id))) holds \(what) but no versions.json, the list of what is published; nothing was published. Restore versions.json from a backup of the output folder, or, to start the dataset's history again, move the folder away")
    }

    /// The names of a dataset folder's version folders, sorted.
    static func versionFolders(_ id: String, in workspace: Workspace) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetFolder(id).path)) ?? []).filter(isVersionName).sorted()
    }

    /// Whether a dataset folder without versions.json shows published versions: stable files, or
    /// more than the one version folder that a first run killed before announcing it leaves.
    static func wasPublished(_ id: String, versionFolders: [String], in workspace: Workspace) -> Bool {
        versionFolders.count > 1 || PublishFormat.allCases.contains { FileSystem.exists(workspace.stableFile(id, $0)) }
    }

    /// Every name a version of this dataset ever had, withdrawn ones included.
    var names: Set<String> {
        Set(versions.map(\.version) + (withdrawn ?? []).map(\.version))
    }

    static func load(_ url: URL) throws -> VersionHistory? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(VersionHistory.self, from: data)
        } catch {
            throw PublishError("\(url.path) cannot be read (\(error)); restore it from a backup, or move the dataset folder away to start its history again")
        }
    }

    func encoded() throws -> Data {
        try JSONCoding.encoder.encode(self) + Data("\n".utf8)
    }

    /// Whether `name` is a version folder's name: `2026-11-21` or `2026-11-21.2`.
    static func isVersionName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 10 else { return false }
        let day = Array(parts[0].utf8)
        let shape = day.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return shape && (parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isNumber)))
    }

    /// The version name for `day` after every one `taken`: `2026-11-21`, then `2026-11-21.2`, `.3`…
    /// Never a gap left by a pruned version: a name once published always meant the same files.
    /// The newest version is never pruned, and a withdrawn one stays listed under `withdrawn`, so
    /// the highest name of the day is always among `taken`.
    static func nextName(for day: String, taken: Set<String>) -> String {
        var highest = 0
        for name in taken where name.hasPrefix(day) {
            if name == day {
                highest = max(highest, 1)
            } else if name.utf8.count > day.utf8.count, name.utf8.dropFirst(day.utf8.count).first == UInt8(ascii: "."),
                      let number = Int(name.dropFirst(day.count + 1)) {
                highest = max(highest, number)
            }
        }
        return highest == 0 ? day : "\(day).\(highest + 1)"
    }
}

public struct VersionEntry: Sendable, Codable, Equatable {
    public var version: String
    public var issued: String
    public var rows: Int
    public var fields: [String]
    public var files: [VersionFile]
    public var changes: VersionChanges?
    /// The earliest and latest published dates, when the dataset has date fields.
    public var temporal: TemporalCoverage?
    /// The identifier of the key each pseudonymised field was published under (`PrivacyKeys.identifier`):
    /// pseudonyms of two versions link only under one key. nil for versions made before it was recorded.
    public var pseudonymKeys: [String: String]? = nil

    /// The UTC day the version was issued, which names it.
    public var date: String { String(issued.prefix(10)) }

    /// The version's main file, whose size and checksum `versions.json` repeats beside `files`:
    /// its CSV when it has one, else its first file.
    public var mainFile: VersionFile? {
        files.first { $0.format == PublishFormat.csv.rawValue } ?? files.first
    }
}

/// In `versions.json`, each version also says its `date`, the `bytes` and `sha256` of its main
/// file, and `changes` even for the first version (every row and field added, `previous: null`):
/// what DESIGN's published layout names for each version. These are derived when written and not
/// kept when read, so that every build reads and writes the same history.
extension VersionEntry {
    enum CodingKeys: String, CodingKey {
        case version, date, issued, rows, bytes, sha256, fields, files, changes, temporal
        case pseudonymKeys = "pseudonym_keys"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        issued = try container.decode(String.self, forKey: .issued)
        rows = try container.decode(Int.self, forKey: .rows)
        fields = try container.decode([String].self, forKey: .fields)
        files = try container.decode([VersionFile].self, forKey: .files)
        let changes = try container.decodeIfPresent(VersionChanges.self, forKey: .changes)
        self.changes = changes?.previous == nil ? nil : changes
        temporal = try container.decodeIfPresent(TemporalCoverage.self, forKey: .temporal)
        pseudonymKeys = try container.decodeIfPresent([String: String].self, forKey: .pseudonymKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(date, forKey: .date)
        try container.encode(issued, forKey: .issued)
        try container.encode(rows, forKey: .rows)
        if let main = mainFile {
            try container.encode(main.bytes, forKey: .bytes)
            try container.encode(main.sha256, forKey: .sha256)
        }
        try container.encode(fields, forKey: .fields)
        try container.encode(files, forKey: .files)
        try container.encode(changes ?? VersionChanges(first: rows, fields: fields), forKey: .changes)
        try container.encodeIfPresent(temporal, forKey: .temporal)
        if let pseudonymKeys, !pseudonymKeys.isEmpty { try container.encode(pseudonymKeys, forKey: .pseudonymKeys) }
    }
}

/// A version taken down: when, and the files it had (their names and checksums, so that a reuser
/// can tell whether a copy they hold is one of them).
public struct WithdrawnVersion: Sendable, Codable, Equatable {
    public var version: String
    public var issued: String
    public var withdrawn: String
    public var files: [VersionFile]
}

public struct VersionFile: Sendable, Codable, Equatable {
    public var name: String
    public var format: String
    public var mediaType: String
    public var bytes: Int64
    public var sha256: String

    enum CodingKeys: String, CodingKey {
        case name, format, bytes, sha256
        case mediaType = "media_type"
    }
}

/// A field published in another type than in the previous version (`integer` to `string`).
public struct TypeChange: Sendable, Codable, Equatable {
    public var field: String
    public var from: String
    public var to: String
}

/// What changed against the previous version, computed rather than typed.
public struct VersionChanges: Sendable, Codable, Equatable {
    /// nil for the first version, against nothing.
    public var previous: String?
    public var rowsBefore: Int
    public var rowsAfter: Int
    /// Rows matched by primary key (or whole rows without one); nil when the versions share no CSV to compare.
    public var rowsAdded: Int?
    public var rowsRemoved: Int?
    public var rowsChanged: Int?
    public var fieldsAdded: [String]
    public var fieldsRemoved: [String]
    /// nil when none changed type, and for versions published before types were compared.
    public var typesChanged: [TypeChange]?
    /// The pseudonymised fields published under another key than in the previous version: their
    /// pseudonyms do not link to the earlier versions'. nil when none.
    public var rekeyed: [String]?
    /// The formats published now and not in the previous version, and the other way round; nil when none.
    public var formatsAdded: [String]?
    public var formatsRemoved: [String]?
    /// The version's `ChangedRows` file (`<id>.changes.csv`): the rows added and changed, and the
    /// keys of the rows removed. nil without a primary key published the same way in both versions.
    public var file: String?

    enum CodingKeys: String, CodingKey {
        case previous
        case rowsBefore = "rows_before"
        case rowsAfter = "rows_after"
        case rowsAdded = "rows_added"
        case rowsRemoved = "rows_removed"
        case rowsChanged = "rows_changed"
        case fieldsAdded = "fields_added"
        case fieldsRemoved = "fields_removed"
        case typesChanged = "types_changed"
        case rekeyed = "pseudonyms_rekeyed"
        case formatsAdded = "formats_added"
        case formatsRemoved = "formats_removed"
        case file
    }

    /// The first version's changes: every row and every field added.
    init(first rows: Int, fields: [String]) {
        self.init(previous: nil, rowsBefore: 0, rowsAfter: rows, rowsAdded: rows, rowsRemoved: 0, rowsChanged: 0,
                  fieldsAdded: fields, fieldsRemoved: [])
    }

    init(previous: String?, rowsBefore: Int, rowsAfter: Int, rowsAdded: Int? = nil, rowsRemoved: Int? = nil,
         rowsChanged: Int? = nil, fieldsAdded: [String], fieldsRemoved: [String]) {
        (self.previous, self.rowsBefore, self.rowsAfter) = (previous, rowsBefore, rowsAfter)
        (self.rowsAdded, self.rowsRemoved, self.rowsChanged) = (rowsAdded, rowsRemoved, rowsChanged)
        (self.fieldsAdded, self.fieldsRemoved) = (fieldsAdded, fieldsRemoved)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(previous, forKey: .previous)  // null for the first version, not left out
        try container.encode(rowsBefore, forKey: .rowsBefore)
        try container.encode(rowsAfter, forKey: .rowsAfter)
        try container.encodeIfPresent(rowsAdded, forKey: .rowsAdded)
        try container.encodeIfPresent(rowsRemoved, forKey: .rowsRemoved)
        try container.encodeIfPresent(rowsChanged, forKey: .rowsChanged)
        try container.encode(fieldsAdded, forKey: .fieldsAdded)
        try container.encode(fieldsRemoved, forKey: .fieldsRemoved)
        if let typesChanged, !typesChanged.isEmpty { try container.encode(typesChanged, forKey: .typesChanged) }
        if let rekeyed, !rekeyed.isEmpty { try container.encode(rekeyed, forKey: .rekeyed) }
        if let formatsAdded, !formatsAdded.isEmpty { try container.encode(formatsAdded, forKey: .formatsAdded) }
        if let formatsRemoved, !formatsRemoved.isEmpty { try container.encode(formatsRemoved, forKey: .formatsRemoved) }
        try container.encodeIfPresent(file, forKey: .file)
    }

    /// A sentence for `adms:versionNotes` and the site.
    public var note: String {
        guard let previous else { return "First version: " + Self.rows(rowsAfter) }
        var parts: [String] = []
        if let added = rowsAdded, let removed = rowsRemoved, let changed = rowsChanged {
            parts.append("\(Self.rows(rowsAfter)) against \(rowsBefore) in \(previous): \(added) added, \(removed) removed, \(changed) changed")
        } else {
            let delta = rowsAfter - rowsBefore
            parts.append(delta == 0 ? "\(Self.rows(rowsAfter)), as in \(previous)" : "\(Self.rows(rowsAfter)), \(delta > 0 ? "+" : "")\(delta) since \(previous)")
        }
        if !fieldsAdded.isEmpty { parts.append("fields added: \(fieldsAdded.joined(separator: ", "))") }
        if !fieldsRemoved.isEmpty { parts.append("fields removed: \(fieldsRemoved.joined(separator: ", "))") }
        if let typesChanged, !typesChanged.isEmpty {
            parts.append("types changed: " + typesChanged.map { "\($0.field) (\($0.from) to \($0.to))" }.joined(separator: ", "))
        }
        if let rekeyed, !rekeyed.isEmpty {
            parts.append("pseudonyms under a new key, not linkable to earlier versions: " + rekeyed.joined(separator: ", "))
        }
        if let formatsAdded, !formatsAdded.isEmpty { parts.append("formats added: " + formatsAdded.joined(separator: ", ")) }
        if let formatsRemoved, !formatsRemoved.isEmpty { parts.append("formats removed: " + formatsRemoved.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// `1 row`, `2 rows`.
    public static func rows(_ count: Int) -> String {
        "\(count) row\(count == 1 ? "" : "s")"
    }
}

/// Publishing could not complete; what was published before is untouched.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

enum JSONCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
