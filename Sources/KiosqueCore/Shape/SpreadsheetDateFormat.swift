extension DateFormat {
    /// A piece of a spreadsheet's date format: a run of one letter (`yyyy`, `mm`), or a character
    /// written as it is.
    private enum SpreadsheetToken {
        case letters(String, count: Int)
        case literal(Character)
    }

    /// A date format written as spreadsheets and most other tools write one (`dd/mm/yyyy`,
    /// `DD/MM/YYYY HH:mm`, `d mmmm yyyy`, French `jj/mm/aaaa`, Java's `yyyy-MM-dd'T'HH:mm`), in
    /// this format's directives (`%d/%m/%Y`), or nil when `format` has a directive already or a
    /// letter that is not one of those. `mm` is minutes right after hours (`hh:mm`) or right
    /// before seconds (`mm:ss`), as spreadsheets read it, and the month elsewhere.
    static func spreadsheetEquivalent(_ format: String) -> String? {
        guard !format.contains("%") else { return nil }
        let characters = Array(format)
        var tokens: [SpreadsheetToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            // Text in quotes is copied as it is (`yyyy-MM-dd'T'HH:mm`, as Java and ICU write it).
            if character == "'", let close = characters[(index + 1)...].firstIndex(of: "'") {
                tokens += characters[(index + 1)..<close].map { .literal($0) }
                index = close + 1
            } else if character.isLetter {
                let letter = character.lowercased()
                var end = index
                while end < characters.count, characters[end].lowercased() == letter { end += 1 }
                tokens.append(.letters(letter, count: end - index))
                index = end
            } else {
                tokens.append(.literal(character))
                index += 1
            }
        }
        /// The letters of the nearest run before or after `position`, across literals.
        func neighbour(_ position: Int, step: Int) -> String? {
            var at = position + step
            while tokens.indices.contains(at) {
                if case .letters(let letter, _) = tokens[at] { return letter }
                at += step
            }
            return nil
        }
        var result = ""
        var sawYear = false
        for (position, token) in tokens.enumerated() {
            guard case .letters(let letter, let count) = token else {
                if case .literal(let character) = token { result.append(character) }
                continue
            }
            switch (letter, count) {
            case ("y", 4), ("a", 4): result += "%Y"; sawYear = true
            case ("y", 2), ("a", 2): result += "%y"; sawYear = true
            case ("d", 1), ("d", 2), ("j", 1), ("j", 2): result += "%d"
            case ("m", 1), ("m", 2):
                let minutes = neighbour(position, step: -1) == "h" || neighbour(position, step: 1) == "s"
                result += minutes ? "%M" : "%m"
            case ("m", 3): result += "%b"
            case ("m", 4): result += "%B"
            case ("h", 1), ("h", 2): result += "%H"
            case ("s", 1), ("s", 2): result += "%S"
            default: return nil
            }
        }
        guard sawYear, (try? DateFormat(result)) != nil else { return nil }
        return result
    }
}
