import Foundation

/// A dataset's `versions.json`: every published version, newest first. The source of truth for what is published.
public struct VersionHistory: Sendable, Codable, Equatable {
    public var dataset: String
    public var latest: String?
    public var versions: [VersionEntry]

    public init(dataset: String) {
        self.dataset = dataset
        self.versions = []
    }

    public var current: VersionEntry? { versions.first }

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
    /// The newest version is never pruned, so the highest name of the day is always among `taken`.
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

/// What changed against the previous version, computed rather than typed.
public struct VersionChanges: Sendable, Codable, Equatable {
    public var previous: String
    public var rowsBefore: Int
    public var rowsAfter: Int
    /// Rows matched by primary key (or whole rows without one); nil when the versions share no CSV to compare.
    public var rowsAdded: Int?
    public var rowsRemoved: Int?
    public var rowsChanged: Int?
    public var fieldsAdded: [String]
    public var fieldsRemoved: [String]

    enum CodingKeys: String, CodingKey {
        case previous
        case rowsBefore = "rows_before"
        case rowsAfter = "rows_after"
        case rowsAdded = "rows_added"
        case rowsRemoved = "rows_removed"
        case rowsChanged = "rows_changed"
        case fieldsAdded = "fields_added"
        case fieldsRemoved = "fields_removed"
    }

    /// A sentence for `adms:versionNotes` and the site.
    public var note: String {
        var parts: [String] = []
        if let added = rowsAdded, let removed = rowsRemoved, let changed = rowsChanged {
            parts.append("\(rowsAfter) rows against \(rowsBefore) in \(previous): \(added) added, \(removed) removed, \(changed) changed")
        } else {
            let delta = rowsAfter - rowsBefore
            parts.append(delta == 0 ? "\(rowsAfter) rows, as in \(previous)" : "\(rowsAfter) rows, \(delta > 0 ? "+" : "")\(delta) since \(previous)")
        }
        if !fieldsAdded.isEmpty { parts.append("fields added: \(fieldsAdded.joined(separator: ", "))") }
        if !fieldsRemoved.isEmpty { parts.append("fields removed: \(fieldsRemoved.joined(separator: ", "))") }
        return parts.joined(separator: "; ")
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
