import Foundation
/// A date or datetime layout such as `%d/%m/%Y %H:%M`, compiled once and applied to the bytes
/// of each cell. Numeric parts accept one or two digits (`18/6/2017`), years four (`%Y`) or two (`%y`).
/// Hours are `%H` (0–23), or `%I` (1–12) with `%p` (`AM`, `PM`, `a.m.`, `p.m.`, any case), as
/// English-language systems write them. `%s` alone reads a time since 1970-01-01T00:00:00Z, as APIs
/// (ArcGIS among them) write it: seconds, or milliseconds when the number is too large to be
/// seconds before the year 10000 (so from 1978 on).
struct DateFormat: @unchecked Sendable {
    enum Token: Sendable, Equatable {
        case day, month, year4, year2, hour, minute, second, fraction, zone
        /// `%I`, 1 to 12, and `%p`, before or after noon.
        case hour12, meridiem
        /// `%s`: seconds (or milliseconds) since 1970 in UTC, the whole date and time.
        case epoch
        /// A month's name (`%B`, `%b`); `point`: a point after an abbreviation is part of it
        /// (false when the format itself writes a point next).
        case monthName(point: Bool)
        case literal(UInt8)
        /// Any run of spaces in the format matches one or more spaces.
        case spaces
    }

    struct FormatError: Error {
        var message: String
    }

    /// Interned per format text (see `FormatTable`): copying a `DateFormat` for each cell then
    /// costs no reference counting.
    let tokens: UnsafeBufferPointer<Token>
    let hasTime: Bool
    let hasZone: Bool
    /// `%I` with `%p`: the hour read is turned into 0–23 once the cell is read.
    let twelveHour: Bool

    init(_ format: String) throws(FormatError) {
        var tokens: [Token] = []
        var bytes = Array(format.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: " ") {
                while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
                tokens.append(.spaces)
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                tokens.append(.literal(byte))
                continue
            }
            guard let directive = bytes.popFirst() else {
                throw FormatError(message: "format '\(format)' ends with a lone %")
            }
            switch directive {
            case UInt8(ascii: "d"), UInt8(ascii: "e"): tokens.append(.day)
            case UInt8(ascii: "m"): tokens.append(.month)
            case UInt8(ascii: "B"), UInt8(ascii: "b"): tokens.append(.monthName(point: bytes.first != UInt8(ascii: ".")))
            case UInt8(ascii: "Y"): tokens.append(.year4)
            case UInt8(ascii: "y"): tokens.append(.year2)
            case UInt8(ascii: "H"): tokens.append(.hour)
            case UInt8(ascii: "I"): tokens.append(.hour12)
            case UInt8(ascii: "p"): tokens.append(.meridiem)
            case UInt8(ascii: "s"): tokens.append(.epoch)
            case UInt8(ascii: "M"): tokens.append(.minute)
            case UInt8(ascii: "S"): tokens.append(.second)
            case UInt8(ascii: "f"): tokens.append(.fraction)
            case UInt8(ascii: "z"): tokens.append(.zone)
            case UInt8(ascii: "F"): tokens += [.year4, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day]
            case UInt8(ascii: "T"): tokens += [.hour, .literal(UInt8(ascii: ":")), .minute, .literal(UInt8(ascii: ":")), .second]
            case UInt8(ascii: "%"): tokens.append(.literal(UInt8(ascii: "%")))
            default:
                throw FormatError(message: "format '\(format)' has an unknown directive %\(Character(Unicode.Scalar(directive))); use %d %m %b %B %Y %y %H %I %p %M %S %f %z %s")
            }
        }
        let has = { (token: Token) in tokens.contains(token) }
        if has(.epoch) {
            // The whole date and time: nothing but literal text around it.
            guard tokens.filter({ $0 == .epoch }).count == 1,
                  tokens.allSatisfy({ token in if case .literal = token { true } else { token == .epoch || token == .spaces } }) else {
                throw FormatError(message: "format '\(format)' mixes %s (a time since 1970, the whole date and time) with other directives; write %s alone")
            }
            self.tokens = FormatTable.shared.intern(format, tokens)
            self.hasTime = true
            self.hasZone = true
            self.twelveHour = false
            return
        }
        if let equivalent = Self.spreadsheetEquivalent(format) {
            throw FormatError(message: "format '\(format)' is written as spreadsheets write formats; here it is \"\(equivalent)\"")
        }
        let names = tokens.filter { if case .monthName = $0 { true } else { false } }.count
        guard has(.day) || has(.month) || names > 0 || has(.year4) || has(.year2) else {
            throw FormatError(message: "format '\(format)' has no date part; use directives such as %d/%m/%Y")
        }
        guard has(.year4) || has(.year2) else {
            throw FormatError(message: "format '\(format)' has no year (%Y or %y)")
        }
        guard has(.hour12) == has(.meridiem) else {
            throw FormatError(message: "format '\(format)' has \(has(.hour12) ? "%I (hours 1 to 12) without %p (AM or PM)" : "%p (AM or PM) without %I (hours 1 to 12)"); write both, or %H for hours 0 to 23")
        }
        guard !(has(.hour12) && has(.hour)) else {
            throw FormatError(message: "format '\(format)' has both %H and %I; hours are one or the other")
        }
        for token in [Token.day, .month, .year4, .year2, .hour, .hour12, .meridiem, .minute, .second, .fraction, .zone] {
            if tokens.filter({ $0 == token }).count > 1 {
                throw FormatError(message: "format '\(format)' repeats a directive")
            }
        }
        if names > 1 || (names == 1 && has(.month)) {
            throw FormatError(message: "format '\(format)' repeats a directive")
        }
        self.tokens = FormatTable.shared.intern(format, tokens)
        self.hasTime = has(.hour) || has(.hour12)
        self.hasZone = has(.zone)
        self.twelveHour = has(.hour12)
    }

    /// Whether the format reads a day of the month, and a month (as a number or a name); `%s` reads both.
    var readsDay: Bool { tokens.contains(.day) || tokens.contains(.epoch) }
    var readsMonth: Bool {
        tokens.contains { token in if case .monthName = token { true } else { token == .month || token == .epoch } }
    }

    /// The parts read from one cell.
    struct Parts {
        var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0
        /// Fraction digits as written, up to 9, kept as a number and a digit count.
        var fraction = 0, fractionDigits = 0
        /// Offset from UTC in minutes, when the value carries one.
        var zoneMinutes: Int?
        /// `%p`: after noon.
        var afternoon = false
    }

    /// Reads `input` in full; nil when it does not follow the format or is not a real date.
    func parse(_ input: UnsafeBufferPointer<UInt8>) -> Parts? {
        var parts = Parts()
        var index = 0
        let count = input.count

        func number(min: Int, max: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < max, index < count, input[index] &- 48 < 10 {
                value = value * 10 + Int(input[index] &- 48)
                index += 1
                digits += 1
            }
            return digits >= min ? value : nil
        }

        for token in tokens {
            switch token {
            case .day: guard let v = number(min: 1, max: 2) else { return nil }; parts.day = v
            case .month: guard let v = number(min: 1, max: 2) else { return nil }; parts.month = v
            case .monthName(let point): guard let v = MonthNames.read(input, &index, point: point) else { return nil }; parts.month = v
            case .year4: guard let v = number(min: 4, max: 4) else { return nil }; parts.year = v
            case .year2: guard let v = number(min: 2, max: 2) else { return nil }; parts.year = v < 70 ? 2000 + v : 1900 + v
            case .hour: guard let v = number(min: 1, max: 2) else { return nil }; parts.hour = v
            case .hour12: guard let v = number(min: 1, max: 2), (1...12).contains(v) else { return nil }; parts.hour = v
            case .meridiem: guard let afternoon = Self.meridiem(input, &index) else { return nil }; parts.afternoon = afternoon
            case .epoch: guard Self.epoch(input, &index, into: &parts) else { return nil }
            case .minute: guard let v = number(min: 2, max: 2) else { return nil }; parts.minute = v
            case .second: guard let v = number(min: 2, max: 2) else { return nil }; parts.second = v
            case .fraction:
                let start = index
                guard let v = number(min: 1, max: 9) else { return nil }
                parts.fraction = v
                parts.fractionDigits = index - start
                while index < count, input[index] &- 48 < 10 { index += 1 }  // beyond nanoseconds: ignored
            case .zone:
                guard let zone = parseZone(input, &index) else { return nil }
                parts.zoneMinutes = zone
            case .spaces:
                guard index < count, input[index] == UInt8(ascii: " ") else { return nil }
                while index < count, input[index] == UInt8(ascii: " ") { index += 1 }
            case .literal(let byte):
                guard index < count, input[index] == byte else { return nil }
                index += 1
            }
        }
        if twelveHour { parts.hour = parts.hour % 12 + (parts.afternoon ? 12 : 0) }
        guard index == count, Self.isValid(parts) else { return nil }
        return parts
    }

    /// The latest second a date can hold (9999-12-31T23:59:59Z), and the earliest (0001-01-01).
    private static let latestSecond = 253_402_300_799, earliestSecond = -62_135_596_800

    /// `%s`: a signed number of seconds, with a fraction or not, or of milliseconds when it is
    /// beyond `latestSecond`; the date and time in UTC into `parts`.
    private static func epoch(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int, into parts: inout Parts) -> Bool {
        var position = index
        let negative = position < input.count && input[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var value = 0, digits = 0
        while position < input.count, input[position] &- 48 < 10, digits < 16 {
            value = value * 10 + Int(input[position] &- 48)
            position += 1
            digits += 1
        }
        guard digits > 0 else { return false }
        if negative { value = -value }
        var seconds = value, fraction = 0, fractionDigits = 0
        if position < input.count, input[position] == UInt8(ascii: ".") {
            position += 1
            while position < input.count, input[position] &- 48 < 10, fractionDigits < 9 {
                fraction = fraction * 10 + Int(input[position] &- 48)
                position += 1
                fractionDigits += 1
            }
            guard fractionDigits > 0, !negative, value <= latestSecond else { return false }
        } else if value > latestSecond || value < earliestSecond {
            // Milliseconds: 1978 on (or before 1970 going back as far).
            seconds = value >= 0 ? value / 1000 : -((-value + 999) / 1000)
            let millis = value - seconds * 1000
            fraction = millis
            fractionDigits = millis == 0 ? 0 : 3
        }
        guard seconds >= earliestSecond, seconds <= latestSecond else { return false }
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let time = seconds - days * 86_400
        (parts.year, parts.month, parts.day) = CivilCalendar.date(fromDays: days)
        parts.hour = time / 3600
        parts.minute = time / 60 % 60
        parts.second = time % 60
        parts.fraction = fraction
        parts.fractionDigits = fractionDigits
        parts.zoneMinutes = 0
        index = position
        return true
    }

    /// `AM` or `PM`, in any case, with or without points (`a.m.`): whether it is after noon.
    private static func meridiem(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool? {
        guard index < input.count else { return nil }
        let afternoon: Bool
        switch input[index] | 0x20 {
        case UInt8(ascii: "a"): afternoon = false
        case UInt8(ascii: "p"): afternoon = true
        default: return nil
        }
        var position = index + 1
        if position < input.count, input[position] == UInt8(ascii: ".") { position += 1 }
        guard position < input.count, input[position] | 0x20 == UInt8(ascii: "m") else { return nil }
        position += 1
        if position < input.count, input[position] == UInt8(ascii: ".") { position += 1 }
        index = position
        return afternoon
    }

    private func parseZone(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int? {
        guard index < input.count else { return nil }
        let sign = input[index]
        if sign == UInt8(ascii: "Z") {
            index += 1
            return 0
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        index += 1
        // Up to four digits, with an optional colon after the first two: no array per value.
        var value = 0
        var digits = 0
        while index < input.count, digits < 4 {
            let byte = input[index]
            if byte &- 48 < 10 {
                value = value * 10 + Int(byte &- 48)
                digits += 1
            } else if byte != UInt8(ascii: ":") || digits != 2 {
                break
            }
            index += 1
        }
        guard digits == 4 || digits == 2 else { return nil }
        let hours = digits == 4 ? value / 100 : value
        let minutes = digits == 4 ? value % 100 : 0
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 60 + minutes
        return sign == UInt8(ascii: "-") ? -total : total
    }

    static func isValid(_ parts: Parts) -> Bool {
        guard (1...12).contains(parts.month), parts.day >= 1, parts.year >= 1 else { return false }
        guard parts.day <= daysIn(month: parts.month, year: parts.year) else { return false }
        // No leap second (:60): Python, JavaScript and Frictionless refuse it, and none is planned.
        return parts.hour < 24 && parts.minute < 60 && parts.second < 60
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Every compiled format's tokens, and each caster's list of formats, kept for the life of the
/// process: a run knows a handful of formats (its recipes' and the default datetime ones), each a
/// few dozen bytes.
final class FormatTable: @unchecked Sendable {
    static let shared = FormatTable()
    private let lock = NSLock()
    private var tokens: [String: UnsafeBufferPointer<DateFormat.Token>] = [:]
    private var lists: [[String]: UnsafeBufferPointer<DateFormat>] = [:]

    /// A format's tokens, by its text.
    func intern(_ format: String, _ compiled: [DateFormat.Token]) -> UnsafeBufferPointer<DateFormat.Token> {
        interned(format, compiled, in: &tokens)
    }

    /// A caster's list of compiled formats, by their texts.
    func intern(formats texts: [String], _ formats: [DateFormat]) -> UnsafeBufferPointer<DateFormat> {
        interned(texts, formats, in: &lists)
    }

    private func interned<Key: Hashable, Element>(_ key: Key, _ values: [Element],
                                                  in table: inout [Key: UnsafeBufferPointer<Element>]) -> UnsafeBufferPointer<Element> {
        lock.lock()
        defer { lock.unlock() }
        if let known = table[key] { return known }
        let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = copy.initialize(from: values)
        table[key] = UnsafeBufferPointer(copy)
        return UnsafeBufferPointer(copy)
    }
}

extension DateFormat.Parts {
    /// `2024-01-31` into `out`.
    func writeDate(into out: ByteBuffer) {
        if (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) {
            out.appendInPlace(maximum: 10) { target in
                target[0] = UInt8(truncatingIfNeeded: year / 1000) &+ 48
                target[1] = UInt8(truncatingIfNeeded: year / 100 % 10) &+ 48
                target[2] = UInt8(truncatingIfNeeded: year / 10 % 10) &+ 48
                target[3] = UInt8(truncatingIfNeeded: year % 10) &+ 48
                target[4] = UInt8(ascii: "-")
                target[5] = UInt8(truncatingIfNeeded: month / 10) &+ 48
                target[6] = UInt8(truncatingIfNeeded: month % 10) &+ 48
                target[7] = UInt8(ascii: "-")
                target[8] = UInt8(truncatingIfNeeded: day / 10) &+ 48
                target[9] = UInt8(truncatingIfNeeded: day % 10) &+ 48
                return 10
            }
            return
        }
        DateFormat.Parts.append(year, width: 4, into: out)
        out.append(UInt8(ascii: "-"))
        DateFormat.Parts.append(month, width: 2, into: out)
        out.append(UInt8(ascii: "-"))
        DateFormat.Parts.append(day, width: 2, into: out)
    }

    /// `2024-01` into `out`.
    func writeYearMonth(into out: ByteBuffer) {
        DateFormat.Parts.append(year, width: 4, into: out)
        out.append(UInt8(ascii: "-"))
        DateFormat.Parts.append(month, width: 2, into: out)
    }

    /// `2024-01-31T08:05:00`, with the fraction and zone when the source had them.
    func writeDateTime(into out: ByteBuffer) {
        writeDate(into: out)
        out.append(UInt8(ascii: "T"))
        DateFormat.Parts.append(hour, width: 2, into: out)
        out.append(UInt8(ascii: ":"))
        DateFormat.Parts.append(minute, width: 2, into: out)
        out.append(UInt8(ascii: ":"))
        DateFormat.Parts.append(second, width: 2, into: out)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            DateFormat.Parts.append(fraction, width: fractionDigits, into: out)
        }
        if let zone = zoneMinutes {
            if zone == 0 {
                out.append(UInt8(ascii: "Z"))
            } else {
                out.append(zone < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                DateFormat.Parts.append(abs(zone) / 60, width: 2, into: out)
                out.append(UInt8(ascii: ":"))
                DateFormat.Parts.append(abs(zone) % 60, width: 2, into: out)
            }
        }
    }

    /// The decimal digits of `value` (not negative), left-padded with zeros to `width`.
    @inline(__always)
    static func append(_ value: Int, width: Int, into out: ByteBuffer) {
        var digits = 1
        var limit = 10
        while value >= limit, digits < 18 {
            digits += 1
            limit *= 10
        }
        let length = max(digits, width)
        out.reserve(length)
        var remaining = value
        let end = out.count + length
        var position = end - 1
        for _ in 0..<length {
            out.base[position] = UInt8(remaining % 10) + 48
            remaining /= 10
            position -= 1
        }
        out.truncate(to: end)
    }
}
