/// Columns of a wide table that hold one figure a year (`nais09 … nais05`, `Naissances en 2009 …`):
/// labels alike but for a year, for `describe` to suggest `unpivot`.
struct YearColumns {
    /// The columns, in the source's order, with the year each holds.
    var columns: [(index: Int, year: Int)]
    /// The label's words around the year (`Naissances en`), for the value column's name.
    var stem: String

    /// The largest group of three columns or more, among `candidates` (the numeric ones), whose
    /// labels differ by one number alone, a year: four digits from 1900 to `currentYear`, or two
    /// digits (`09`: 2009, `95`: 1995). Nil when there is none.
    static func find(labels: [String], candidates: [Int], currentYear: Int) -> YearColumns? {
        var groups: [String: [(index: Int, year: Int)]] = [:]
        var stems: [String: String] = [:]
        for index in candidates where index < labels.count {
            guard let (key, stem, year) = split(labels[index], currentYear: currentYear) else { continue }
            groups[key, default: []].append((index, year))
            stems[key] = stem
        }
        let found = groups.filter { group in
            group.value.count >= 3 && Set(group.value.map(\.year)).count == group.value.count
        }.max { ($0.value.count, -$0.value[0].index) < ($1.value.count, -$1.value[0].index) }
        return found.map { YearColumns(columns: $0.value, stem: stems[$0.key]!) }
    }

    /// The label with its year taken out (the group's key), its words around the year, and the year;
    /// nil when the label holds no year, or more than one number.
    private static func split(_ label: String, currentYear: Int) -> (key: String, stem: String, year: Int)? {
        let characters = Array(label)
        let runs = characters.indices.filter { characters[$0].isASCII && characters[$0].isNumber && ($0 == 0 || !characters[$0 - 1].isNumber) }
        guard runs.count == 1, let start = runs.first else { return nil }
        var end = start
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        let digits = String(characters[start..<end])
        let year: Int
        switch digits.count {
        case 4:
            guard let value = Int(digits), (1900...currentYear).contains(value) else { return nil }
            year = value
        case 2:
            guard let value = Int(digits) else { return nil }
            year = value <= currentYear % 100 ? 2000 + value : 1900 + value
        default:
            return nil
        }
        let before = String(characters[..<start]), after = String(characters[end...])
        // The year's place in the label, and its width, tell groups apart (`nais09` and `dec2009`).
        let key = before + "\u{1}\(digits.count)" + after
        let stem = (before + " " + after).split { $0 == " " || $0 == "_" || $0 == "-" }.joined(separator: " ")
        return (key, stem, year)
    }

    /// A name for the column the figures go into: the stem without a last word that introduces
    /// the year (`Naissances en` → `naissances`), or `valeur`.
    var valueName: String {
        var words = stem.split(separator: " ").map(String.init)
        let linking: Set<String> = ["en", "de", "du", "des", "in", "of", "for", "annee", "année", "year", "an", "au"]
        while let last = words.last, linking.contains(last.lowercased()) { words.removeLast() }
        return DraftBuilder.fieldName(words.joined(separator: " ")) ?? "valeur"
    }
}
