import Foundation

/// Finds the header row of an export that starts with titles and notes, as spreadsheet exports and
/// statistical tables do ("Naissances domiciliées…", "Source : …", then the header), and a second
/// header of labels right under a header of codes.
enum HeaderFinder {
    /// How many records at the start are looked at.
    static let window = 50

    /// The index, in `records` (the first one being what a reader took for the header), of the real
    /// header; 0 when the first record already is one.
    static func headerIndex(_ records: [[String?]]) -> Int {
        // Excel's `sep=;` line names the delimiter for Excel alone: it is never the header.
        if let first = records.first, records.count > 1, isSeparatorLine(first) {
            return 1 + headerIndex(Array(records.dropFirst()))
        }
        let scanned = Array(records.prefix(window))
        let filled = scanned.map(filledCount)
        if filled.max() == 2 { return twoColumnHeader(scanned, filled: filled, records: records) }
        guard let widest = filled.max(), widest >= 3 else { return 0 }
        // A first record holding most of the columns is a header: leave it.
        guard filled[0] * 2 <= widest else { return 0 }
        let needed = Int((Double(widest) * 0.9).rounded(.up))
        guard var header = scanned.indices.first(where: { filled[$0] >= needed && distinctLabels(scanned[$0]) }), header > 0 else {
            return 0
        }
        // Codes over labels ("nais09" over "Naissances en 2009"): the labels make the clearer names,
        // and a row of labels read as data would make every numeric column text.
        let next = header + 1
        if next < scanned.count, filled[next] >= needed, distinctLabels(scanned[next]),
           labelsOverNumbers(scanned[next], below: Array(records.dropFirst(next + 1))) {
            header = next
        }
        return header
    }

    /// A table of two columns under a title (`Décès par commune, 2021`, then `Commune;Décès`): the
    /// first record with both cells, when only titles, notes and blank lines come before it, and
    /// it holds labels over a column of numbers. A first record with one label and an empty one
    /// (`Commune;`) over rows of values stays the header.
    private static func twoColumnHeader(_ scanned: [[String?]], filled: [Int], records: [[String?]]) -> Int {
        guard filled[0] == 1, let header = filled.firstIndex(of: 2), distinctLabels(scanned[header]),
              labelsOverNumbers(scanned[header], below: Array(records.dropFirst(header + 1).prefix(window))) else { return 0 }
        return header
    }

    /// Whether a first record taken for the header is a record itself (an export without a header
    /// row): some of its cells are values of their column's kind that no label would be (a date,
    /// a number other than a year such as `2019`, an e-mail address), or they come back further
    /// down their own columns, as categories do (`F`, `Bouaké`) and labels do not; and none is
    /// text over a column of numbers or dates, as labels are.
    static func looksLikeRecord(_ header: [String?], below: [[String?]]) -> Bool {
        guard below.count >= 2 else { return false }
        var evidence = 0
        for (column, cell) in header.enumerated() {
            guard let text = cell?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            let values = below.compactMap { $0.indices.contains(column) ? $0[column]?.trimmingCharacters(in: .whitespaces) : nil }.filter { !$0.isEmpty }
            guard values.count >= 2 else { continue }
            let numbers = values.filter { isNumber($0) }.count * 10 >= values.count * 9
            let dates = values.filter(ColumnProfile.isDate).count * 10 >= values.count * 9
            if ColumnProfile.isDate(text) {
                if dates { evidence += 1 } else { return false }
            } else if isNumber(text) {
                guard numbers else { return false }
                let year = text.count == 4 && text.allSatisfy(\.isASCII) && Int(text).map { (1800...2100).contains($0) } == true
                if !year { evidence += 1 }
            } else if numbers || dates {
                return false
            } else if Redactor.containsEmail(text) {
                evidence += 1
            }
        }
        return evidence > 0 || valuesComeBack(header, below: below)
    }

    /// Whether `header`'s cells come back in their own columns below it as a record's would: in
    /// two columns or more, or twice or more in one (a town, a category). A label does not
    /// (`Commune` is not a value of the commune column). Rows that repeat most of the header (a
    /// report printed page by page repeats it) are not counted.
    private static func valuesComeBack(_ header: [String?], below: [[String?]]) -> Bool {
        let labels = header.map { $0?.trimmingCharacters(in: .whitespaces) ?? "" }
        let filled = labels.filter { !$0.isEmpty }.count
        var returns = [Int](repeating: 0, count: labels.count)
        for row in below {
            let same = labels.indices.filter { column in
                !labels[column].isEmpty && row.indices.contains(column) && row[column]?.trimmingCharacters(in: .whitespaces) == labels[column]
            }
            guard same.count * 2 <= filled else { continue }
            for column in same { returns[column] += 1 }
        }
        return returns.filter { $0 > 0 }.count >= 2 || returns.contains { $0 >= 2 }
    }

    static func isSeparatorLine(_ record: [String?]) -> Bool {
        let text = record.compactMap { $0 }.joined().trimmingCharacters(in: .whitespaces).lowercased()
        return text.hasPrefix("sep=") && text.count <= 5
    }

    static func filledCount(_ record: [String?]) -> Int {
        record.reduce(0) { $0 + (($1?.trimmingCharacters(in: .whitespaces).isEmpty ?? true) ? 0 : 1) }
    }

    /// Mostly distinct labels: a header may repeat a few (criteria asked under two merged groups,
    /// which fields then read by position); a row of repeated values is data.
    private static func distinctLabels(_ record: [String?]) -> Bool {
        let labels = record.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return Set(labels).count * 4 >= labels.count * 3
    }

    /// Whether `record` holds no number, and text where the records under it hold numbers.
    private static func labelsOverNumbers(_ record: [String?], below: [[String?]]) -> Bool {
        guard !record.contains(where: { isNumber($0) }), !below.isEmpty else { return false }
        for column in record.indices where !(record[column]?.isEmpty ?? true) {
            let values = below.compactMap { $0.indices.contains(column) ? $0[column] : nil }.filter { !$0.isEmpty }
            if values.count >= 3, values.filter({ isNumber($0) }).count * 10 >= values.count * 9 { return true }
        }
        return false
    }

    /// Digits, with a sign, separators and a decimal mark at most.
    static func isNumber(_ text: String?) -> Bool {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return false }
        var digits = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": digits += 1
            case "-", "+": if offset != 0 { return false }
            case ".", ",", " ", "\u{A0}", "\u{202F}": continue
            default: return false
            }
        }
        return digits > 0
    }
}
