import Foundation
/// Parsing of the recipe's human-friendly quantities: durations, sizes, limits.
enum Units {
    /// `60s`, `2m`, `1h`, `500ms`, or a plain number of seconds.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            if let value = Double(number), value > 0 { return value * factor }
            return nil
        }
        if let value = Double(trimmed), value > 0 { return value }
        return nil
    }

    /// `2GB`, `500 MB`, `64KiB`, or a plain number of bytes.
    static func bytes(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776),
            ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("B", 1),
        ]
        for (suffix, factor) in units where trimmed.uppercased().hasSuffix(suffix.uppercased()) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            if let value = Double(number), value > 0 { return Int64(value * factor) }
            return nil
        }
        if let value = Int64(trimmed), value > 0 { return value }
        return nil
    }

    /// `1%` as 0.01, `0.5` as 0.5; nil outside [0, 1].
    static func fraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: Double?
        if trimmed.hasSuffix("%") {
            value = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        } else {
            value = Double(trimmed)
        }
        guard let value, value >= 0, value <= 1 else { return nil }
        return value
    }

    /// `1%` as a fraction of rows, `25` as a count of rows.
    static func rowLimit(_ text: String) -> RowLimit? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") { return fraction(trimmed).map(RowLimit.fraction) }
        if let count = Int(trimmed), count >= 0 { return .count(count) }
        return nil
    }
}
