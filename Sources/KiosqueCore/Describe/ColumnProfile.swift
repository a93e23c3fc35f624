import Foundation

/// What a sample of one column shows: its values' shapes, from which `describe` drafts a field.
struct ColumnProfile {
    let label: String
    private(set) var values = 0
    private(set) var missing = 0
    private(set) var distinct: [String: Int] = [:]
    private var tooManyDistinct = false
    /// Every value seen (the sample is bounded), to tell a unique column.
    private var seen = Set<String>()
    private(set) var repeats = false
    private(set) var integers = 0
    private(set) var leadingZeros = 0
    private(set) var decimalsWithComma = 0
    private(set) var decimalsWithPoint = 0
    private(set) var groupedWithSpaces = 0
    /// Values whose grouping can only be read one way: `1.234,56` or `12.345.678` for points,
    /// `1,234.56` or `12,345,678` for commas (`1.234` alone could be a decimal).
    private(set) var groupedWithPoints = 0
    private(set) var groupedWithCommas = 0
    /// `1.234` and `1,234`: a decimal, or a thousand grouped, depending on the file.
    private(set) var ambiguousPoints = 0
    private(set) var ambiguousCommas = 0
    /// For each of `NumberConvention.all`: the values it reads as numbers, and those of them that
    /// are not plain integers (a decimal part or grouping).
    private(set) var numbers = [Int](repeating: 0, count: NumberConvention.all.count)
    private(set) var nonIntegers = [Int](repeating: 0, count: NumberConvention.all.count)
    /// Those that are whole numbers only once their grouping is read (`1 204` with spaces): neither
    /// a decimal part nor an exponent.
    private(set) var groupedWholes = [Int](repeating: 0, count: NumberConvention.all.count)
    private(set) var booleans = 0
    private(set) var emails = 0
    /// Values that look like people's names (`PersonNames`).
    private(set) var personNames = 0
    /// Phone numbers among the values (none in a column of SIREN numbers).
    private(set) var phoneTally = PhoneTally()
    var phones: Int { phoneTally.phones }
    private(set) var longest = 0
    /// Values written with a unit around the number (`12,5 %`, `25 000 FCFA`, `€ 3,50`), and the
    /// units: their numbers count above as numbers, and the draft says `bare_number: false`.
    private(set) var unitValues = 0
    private(set) var units: [String: Int] = [:]
    /// For each candidate date format, how many values it reads.
    private(set) var dateFormats: [String: Int] = [:]
    /// For each, how many values it is the first in `dateFormats`' order to read: what a note
    /// lists, so that `01/02/2024`, read day first and month first, counts once.
    private(set) var datesFirstRead: [String: Int] = [:]
    /// The latest year read from a two-digit one (`%y`: 00 to 69 are 2000 to 2069).
    private(set) var latestTwoDigitYear: Int?
    /// The formats with a time of day that read a value whose time is not midnight: the others read
    /// only dates exported with `00:00:00` (SQL exports of a date column).
    private(set) var timesOfDay: Set<String> = []
    /// The formats with a day that read a value whose day is not the first of its month, and the
    /// months the others read: dates that are all a first of the month are months (monthly figures).
    private(set) var daysOfMonth: Set<String> = []
    private(set) var months: [String: Set<Int>] = [:]
    /// Whole numbers that read as a time since 1970 between 1990 and 2100: ten digits of seconds
    /// or thirteen of milliseconds (as ArcGIS and other APIs write dates).
    private(set) var epochs = 0

    static let dateFormats = [
        "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M",
        // What APIs write: ISO 8601 with a zone (`Z`, `+01:00`) or fractions of a second.
        "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M",
        // Month names, as spreadsheets write them: `21 novembre 2025`, `21-nov.-25`.
        "%d %B %Y", "%d-%B-%Y", "%d-%B-%y",
        // Two-digit years: `21/11/25`.
        "%d/%m/%y",
        // Month first, as English-language systems write it, hours 1 to 12 with AM and PM: after the
        // day-first forms, which win when every value reads both ways.
        "%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
        // Months without a day, as monthly figures are written: `03/2025`, `2025-03`, `mars 2025`.
        "%m/%Y", "%Y-%m", "%m-%Y", "%B %Y",
    ]
    private static let compiled: [(String, DateFormat)] = dateFormats.compactMap { text in (try? DateFormat(text)).map { (text, $0) } }

    /// Whether `text` reads as a date or datetime in one of `dateFormats`.
    static func isDate(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { buffer in compiled.contains { $0.1.parse(buffer) != nil } }
    }

    init(label: String) {
        self.label = label
    }

    /// Counts one value; `number` when it was a JSON number, which `run` reads in JSON's syntax
    /// whatever the recipe's separators: a number under every convention, evidence for none.
    mutating func observe(_ raw: String, number: Bool = false, missingValues: Set<String>) {
        // In composed form, as run publishes it: an enum drafted from `e` + U+0301 must list `é`.
        let value = Composition.composed(Self.trimmed(raw))
        if value.isEmpty || missingValues.contains(value) {
            missing += 1
            return
        }
        values += 1
        longest = max(longest, value.count)
        if !seen.insert(value).inserted { repeats = true }
        if !tooManyDistinct {
            distinct[value, default: 0] += 1
            if distinct.count > 200 { tooManyDistinct = true }
        }
        // Numbers and dates are read as run reads them, Arabic-script numerals in ASCII.
        let western = ArabicNumerals.western(value)
        var bytes = Array(western.utf8)
        if let (number, before, after) = NumberAffixes.split(western, decimal: UInt8(ascii: ",")), let affix = Self.unit(before: before, after: after) {
            bytes = number
            unitValues += 1
            units[affix, default: 0] += 1
        }
        // A negative as accounting and SAP exports write it, `(1 234,56)` or `1 234,56-`, is read as
        // run reads it: with its minus in front.
        if let inner = bytes.withUnsafeBufferPointer({ CellCaster.accountingNegative($0).map(Array.init) }) {
            bytes = [UInt8(ascii: "-")] + inner
        }
        // Digits, after a minus sign (hyphen or U+2212) if there is one.
        let digits = bytes.first == UInt8(ascii: "+") ? [] : NumberConvention.unsigned(bytes[...])
        if !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            integers += 1
            if digits.count == 10 || digits.count == 13, bytes.first != UInt8(ascii: "-"), let value = Int(String(decoding: digits, as: UTF8.self)) {
                let seconds = digits.count == 13 ? value / 1000 : value
                if (631_152_000...4_102_444_800).contains(seconds) { epochs += 1 }
            }
            if bytes.count > 1, bytes.first == UInt8(ascii: "0") { leadingZeros += 1 }
        }
        // Every count about numbers comes from reading the value under each convention once.
        // A JSON number beyond a double's range (`1e400`) is one run refuses: it counts as text.
        if number, Self.withinDouble(value) {
            let integral = !bytes.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            for index in numbers.indices {
                numbers[index] += 1
                if !integral { nonIntegers[index] += 1 }
            }
            phoneTally.observe(value)
            return
        }
        let readings = NumberConvention.all.map { $0.reads(bytes) }
        let exponent = bytes.contains { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        for (index, reading) in readings.enumerated() where reading != nil {
            numbers[index] += 1
            if reading == false { nonIntegers[index] += 1 }
            if reading == false, !exponent, !bytes.contains(NumberConvention.all[index].decimal) { groupedWholes[index] += 1 }
        }
        /// Read with grouping by the convention at `index`, and not without it.
        func grouped(_ index: Int) -> Bool { readings[index] == false && readings[NumberConvention.ungrouped(index)] == nil }
        let points = bytes.filter { $0 == UInt8(ascii: ".") }.count, commas = bytes.filter { $0 == UInt8(ascii: ",") }.count
        if commas == 1, readings[NumberConvention.commaSpaces] == false { decimalsWithComma += 1 }
        if points == 1, readings[NumberConvention.pointSpaces] == false { decimalsWithPoint += 1 }
        if grouped(NumberConvention.commaSpaces) || grouped(NumberConvention.pointSpaces) { groupedWithSpaces += 1 }
        if grouped(NumberConvention.commaPoints) {
            if commas == 1 || points > 1 { groupedWithPoints += 1 } else { ambiguousPoints += 1 }
        }
        if grouped(NumberConvention.pointCommas) {
            if points == 1 || commas > 1 { groupedWithCommas += 1 } else { ambiguousCommas += 1 }
        }
        if ["oui", "non", "vrai", "faux", "true", "false", "yes", "no", "نعم", "لا"].contains(value.lowercased()) { booleans += 1 }
        if Redactor.containsEmail(value) { emails += 1 }
        if PersonNames.looksLikeName(value) { personNames += 1 }
        phoneTally.observe(value)
        bytes.withUnsafeBufferPointer { buffer in
            var first = true
            for (text, format) in Self.compiled {
                guard let parts = format.parse(buffer) else { continue }
                dateFormats[text, default: 0] += 1
                if first { datesFirstRead[text, default: 0] += 1 }
                first = false
                if text.hasSuffix("%y") { latestTwoDigitYear = max(latestTwoDigitYear ?? parts.year, parts.year) }
                if parts.hour != 0 || parts.minute != 0 || parts.second != 0 || parts.fraction != 0 || parts.zoneMinutes != nil { timesOfDay.insert(text) }
                if parts.day != 1 { daysOfMonth.insert(text) } else if months[text, default: []].count < 12 { months[text, default: []].insert(parts.year * 12 + parts.month) }
            }
        }
    }

    /// The value as run trims a cell (`Shaper.trimmed`: spaces, tabs, no-break spaces), without a
    /// new string when there is nothing to trim, as for nearly every cell.
    static func trimmed(_ raw: String) -> String {
        var raw = raw
        return raw.withUTF8 { bytes in
            let inner = Shaper.trimmed(bytes)
            return inner.count == bytes.count ? nil : String(decoding: inner, as: UTF8.self)
        } ?? raw
    }

    /// Whether a JSON number is within a double's range, as run's caster requires.
    static func withinDouble(_ number: String) -> Bool {
        guard number.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) || number.utf8.count > 300 else { return true }
        errno = 0
        let value = strtod(number, nil)
        return errno != ERANGE && value.isFinite
    }

    /// Units a number may be written with, which `bare_number: false` leaves out: percentages,
    /// the currencies of the countries Kiosque is made for, and common measures. Words that are
    /// not units (`Zone 3`, `N° 12`) keep their column as text.
    static let unitWords: Set<String> = [
        "%", "‰", "€", "eur", "euro", "euros", "$", "usd", "fcfa", "f cfa", "cfa", "xof", "xaf", "f", "fg", "gnf",
        "dh", "mad", "da", "dzd", "dt", "tnd", "ar", "mga", "um", "mru", "kg", "g", "t", "km", "m", "m²", "m2",
        "km²", "km2", "ha", "l", "h", "min", "an", "ans", "mois", "jours", "j", "hab.", "hab", "habitants",
    ]

    /// Currencies, which may also come before the number (`€ 3,50`, `FCFA 25 000`); a word before
    /// it needs a space after it, so that codes (`DA1`) stay codes.
    static let currencies: Set<String> = [
        "€", "$", "£", "eur", "euro", "euros", "usd", "fcfa", "f cfa", "cfa", "xof", "xaf", "fg", "gnf",
        "dh", "mad", "da", "dzd", "dt", "tnd", "ar", "mga", "um", "mru",
    ]

    /// The unit a number is written with: one of `unitWords` after it (`12,5 %`, `3 kg`, `12h`),
    /// or a currency before it. A letter before the digits is a code's (`T1` for a quarter, `M3`):
    /// nil, and the column stays text.
    static func unit(before: String, after: String) -> String? {
        let prefix = before.trimmingCharacters(in: .whitespaces), suffix = after.trimmingCharacters(in: .whitespaces)
        if prefix.isEmpty, !suffix.isEmpty {
            return unitWords.contains(suffix.lowercased()) ? suffix : nil
        }
        guard suffix.isEmpty, currencies.contains(prefix.lowercased()) else { return nil }
        let symbol = prefix.unicodeScalars.allSatisfy { !$0.properties.isAlphabetic }
        return symbol || before.last?.isWhitespace == true ? prefix : nil
    }

    var distinctCount: Int? { tooManyDistinct ? nil : distinct.count }
    var isUnique: Bool { values > 1 && !repeats }

    /// The date format that reads every value, if one does.
    var dateFormat: String? {
        guard values > 0 else { return nil }
        return Self.dateFormats.first { dateFormats[$0] == values }
    }
}

/// A way of writing numbers: the decimal mark and the grouping separator a recipe declares.
struct NumberConvention: Equatable {
    let decimal: UInt8
    let thousands: UInt8?

    static let all: [NumberConvention] = [UInt8(ascii: ","), UInt8(ascii: ".")].flatMap { decimal in
        [nil, UInt8(ascii: " "), decimal == UInt8(ascii: ",") ? UInt8(ascii: ".") : UInt8(ascii: ",")].map {
            NumberConvention(decimal: decimal, thousands: $0)
        }
    }
    /// Places in `all`: decimal comma with spaces or points, decimal point with spaces or commas.
    static let commaSpaces = 1, commaPoints = 2, pointSpaces = 4, pointCommas = 5

    /// The place in `all` of the same decimal mark without grouping.
    static func ungrouped(_ index: Int) -> Int { index - index % 3 }

    /// Whether `bytes` is a number written this way: nil if not, else whether it is a plain integer.
    /// Asked six times of every sampled cell, so it allocates nothing.
    func reads(_ bytes: [UInt8]) -> Bool? {
        var text = Self.unsigned(bytes[...])
        // An exponent, as run reads it (`1e3`, `1,5E-05`): a number, never a plain integer.
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard Self.isExponent(text[(e + 1)...], digits: e - text.startIndex) else { return nil }
            text = text[..<e]
            return readsMantissa(text) == nil ? nil : false
        }
        return readsMantissa(text)
    }

    /// Whether `bytes` is an exponent run reads and publishes: a sign, then one to three digits,
    /// small enough with the `digits` before it that the number is within a double's range.
    private static func isExponent(_ bytes: ArraySlice<UInt8>, digits: Int) -> Bool {
        var rest = bytes
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
        guard (1...3).contains(rest.count), rest.allSatisfy(isDigit) else { return false }
        let value = rest.reduce(0) { $0 * 10 + Int($1 - 48) }
        return value + digits < 300
    }

    private func readsMantissa(_ text: ArraySlice<UInt8>) -> Bool? {
        let mark = text.firstIndex(of: decimal)
        let whole = text[..<(mark ?? text.endIndex)]
        guard !whole.isEmpty else { return nil }
        if let mark {
            let fraction = text[(mark + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy(Self.isDigit) else { return nil }
        }
        if whole.allSatisfy(Self.isDigit) { return mark == nil }
        guard let thousands else { return nil }
        // Spaces: ordinary, no-break (C2 A0) and narrow no-break (E2 80 AF), as the recipe reads them.
        // Groups of digits: the first of one to three, each after it of three.
        var groups = 0
        var digits = 0
        var index = whole.startIndex
        while index < whole.endIndex {
            let byte = whole[index]
            var width = 0
            if byte == thousands { width = 1 }
            if thousands == UInt8(ascii: " "), byte == 0xC2, whole[index...].starts(with: [0xC2, 0xA0]) { width = 2 }
            if thousands == UInt8(ascii: " "), byte == 0xE2, whole[index...].starts(with: [0xE2, 0x80, 0xAF]) { width = 3 }
            if width > 0 {
                guard groups == 0 ? (1...3).contains(digits) : digits == 3 else { return nil }
                groups += 1
                digits = 0
                index += width
            } else {
                guard Self.isDigit(byte) else { return nil }
                digits += 1
                index += 1
            }
        }
        guard groups > 0, digits == 3 else { return nil }
        return false
    }

    /// `bytes` without a leading `-`, `+` or U+2212 MINUS SIGN (which `run` reads as `-`).
    static func unsigned(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { return bytes.dropFirst() }
        if bytes.starts(with: [0xE2, 0x88, 0x92]) { return bytes.dropFirst(3) }
        return bytes
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
