extension DateFormat {
    /// A date format written as spreadsheets and most other tools write one (`dd/mm/yyyy`,
    /// `DD/MM/YYYY HH:mm`, `d mmmm yyyy`, French `jj/mm/aaaa`, Java's `yyyy-MM-dd'T'HH:mm`), in this format's directives (`%d/%m/%Y`), or nil when
    /// `format` has a directive already or a letter that is not one of those. `mm` is minutes right
    /// after hours (`hh:mm`) or right before seconds (`mm:ss`), as spreadsheets read it, and the
    /// month elsewhere.
    static func spreadsheetEquivalent(_ format: String) -> String? {
        guard !format.contains("%") else { return nil }
        let characters = Array(format)
        var runs: [(letter: String, count: Int)?] = []  // nil: a character copied as it is
        var copied: [Character] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            // Text in quotes is copied as it is (`yyyy-MM-dd'T'HH:mm`, as Java and ICU write it).
            if character == "'", let close = characters[(index + 1)...].firstIndex(of: "'") {
                for literal in characters[(index + 1)..<close] {
                    runs.append(nil)
                    copied.append(literal)
                }
                index = close + 1
                continue
            }
            guard character.isLetter else {
                runs.append(nil)
                copied.append(character)
                index += 1
                continue
            }
            let letter = character.lowercased()
            var end = index
            while end < characters.count, characters[end].lowercased() == letter { end += 1 }
            runs.append((letter, end - index))
            copied.append(" ")
            index = end
        }
        /// The letter runs around run `at`, across separators.
        func neighbour(_ at: Int, step: Int) -> String? {
            var position = at + step
            while position >= 0, position < runs.count {
                if let run = runs[position] { return run.letter }
                position += step
            }
            return nil
        }
        var result = ""
        var sawYear = false
        for (position, run) in runs.enumerated() {
            guard let run else {
                result.append(copied[position])
                continue
            }
            switch (run.letter, run.count) {
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
