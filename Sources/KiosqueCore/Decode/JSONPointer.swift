import Foundation

/// RFC 6901 JSON pointers (`/data/items`): one key a segment, `~1` for a `/` in a key and `~0`
/// for a `~`. Used for `records`, `paginate: {next:}`, and `from:` inside JSON records.
enum JSONPointer {
    /// The keys of `pointer`; none for `""`, the whole document.
    static func keys(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The pointer that goes through `keys`.
    static func pointer(_ keys: some Sequence<String>) -> String {
        keys.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}
