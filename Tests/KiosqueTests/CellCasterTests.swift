import Foundation
import Testing
@testable import KiosqueCore

@Suite("Casting source cells to published values")
struct CellCasterTests {
    func cast(_ text: String, _ type: FieldType, format: String? = nil, decimal: Character = ".", thousands: String? = nil) throws -> (String, CellKind)? {
        let caster = try CellCaster(type: type, format: format, decimal: decimal.asciiValue!, thousands: thousands)
        let out = ByteBuffer()
        let bytes = Array(text.utf8)
        guard let kind = bytes.withUnsafeBufferPointer({ caster.cast($0, into: out) }) else { return nil }
        return (String(decoding: out.elements, as: UTF8.self), kind)
    }

    @Test("a JSON number with a whole value is the whole number, however it is written", arguments: [
        ("12.0", "12"), ("1e2", "100"), ("1.5E3", "1500"), ("-3.000", "-3"), ("0.0", "0"), ("-0.0", "0"), ("0e5", "0"),
        ("100e-2", "1"), ("1.20e1", "12"), ("5e-0", "5"), ("5E+1", "50"), ("1e17", "100000000000000000"),
        ("123456789012345678.0", "123456789012345678"), ("0.00e3", "0"), ("007.0", "7"),
    ])
    func integralNumbers(input: String, expected: String) {
        let out = ByteBuffer()
        #expect(Array(input.utf8).withUnsafeBufferPointer { CellCaster.integralNumber($0, into: out) })
        #expect(String(decoding: out.elements, as: UTF8.self) == expected)
    }

    @Test("a JSON number with a fraction, or past 18 digits, is no whole number", arguments: [
        "2.5", "1e-2", "1.25e1", "1e18", "1234567890123456789.0", "1e999999", "0.5e0", "1.", "e5", "-", "1e", "1e+", "12a",
    ])
    func notIntegralNumbers(input: String) {
        let out = ByteBuffer()
        #expect(!Array(input.utf8).withUnsafeBufferPointer { CellCaster.integralNumber($0, into: out) })
        #expect(out.count == 0)
    }

    @Test("French dates in dd/mm/yyyy become ISO 8601", arguments: [
        ("21/11/2026", "2026-11-21"), ("1/2/2025", "2025-02-01"), ("29/02/2024", "2024-02-29"), ("18/6/2017", "2017-06-18"),
    ])
    func frenchDates(input: String, expected: String) throws {
        #expect(try cast(input, .date, format: "%d/%m/%Y")?.0 == expected)
    }

    @Test("month names in French and English, whole or abbreviated, any case, accents or not", arguments: [
        ("21 novembre 2025", "%d %B %Y", "2025-11-21"), ("3 Février 2024", "%d %B %Y", "2024-02-03"),
        ("3 fevrier 2024", "%d %B %Y", "2024-02-03"), ("1 AOÛT 2023", "%d %B %Y", "2023-08-01"),
        ("15 décembre 2022", "%d %B %Y", "2022-12-15"), ("4 July 2020", "%d %B %Y", "2020-07-04"),
        ("21-nov.-25", "%d-%b-%y", "2025-11-21"), ("3-févr.-24", "%d-%b-%y", "2024-02-03"), ("9-Sept-21", "%d-%b-%y", "2021-09-09"),
        ("1-Aug-23", "%d-%b-%y", "2023-08-01"), ("juil. 2019", "%b %Y", "2019-07-01"), ("mai 2018", "%B %Y", "2018-05-01"),
        ("12 nov. 2024", "%d %b. %Y", "2024-11-12"), ("MARS 2017", "%B %Y", "2017-03-01"),
    ])
    func monthNames(input: String, format: String, expected: String) throws {
        #expect(try cast(input, .date, format: format)?.0 == expected)
    }

    @Test("a word that names no month, or a month name cut short, is refused", arguments: [
        ("21 novembr 2025", "%d %B %Y"), ("21 xyz 2025", "%d %B %Y"), ("21 11 2025", "%d %B %Y"), ("31 février 2024", "%d %B %Y"),
        ("21 novembre2025", "%d %B %Y"), ("12 nov 2024", "%d %b. %Y"), ("21-nov.-25 ", "%d-%b-%y"), ("21 maison 2025", "%d %B %Y"),
    ])
    func notMonthNames(input: String, format: String) throws {
        #expect(try cast(input, .date, format: format) == nil)
    }

    @Test("impossible or malformed dates are refused", arguments: ["31/02/2025", "29/02/2025", "12/13/2025", "2025-01-01", "01/01/25", "1/1/2025 ", "aa/bb/cccc"])
    func badDates(input: String) throws {
        #expect(try cast(input, .date, format: "%d/%m/%Y") == nil)
    }

    @Test("datetimes with their own format, and ISO 8601 by default")
    func datetimes() throws {
        #expect(try cast("21/11/2026 08:05", .datetime, format: "%d/%m/%Y %H:%M")?.0 == "2026-11-21T08:05:00")
        #expect(try cast("2018-03-14T17:00:20.913000", .datetime)?.0 == "2018-03-14T17:00:20.913000")
        #expect(try cast("2018-05-02T18:04:08", .datetime)?.0 == "2018-05-02T18:04:08")
        #expect(try cast("2026-11-21 08:00:00+01:00", .datetime)?.0 == "2026-11-21T08:00:00+01:00")
        #expect(try cast("2026-11-21T08:00:00Z", .datetime)?.0 == "2026-11-21T08:00:00Z")
        #expect(try cast("21/11/2026", .datetime) == nil)
        // A leap second, which Python, JavaScript and Frictionless cannot read back.
        #expect(try cast("2026-11-21T10:00:60", .datetime) == nil)
        #expect(try cast("2026-11-21T23:59:59", .datetime)?.0 == "2026-11-21T23:59:59")
    }

    @Test("decimal commas become points; grouping spaces and no-break spaces go", arguments: [
        ("1 063 850,00", "1063850.00"), ("\u{A0}12\u{A0}500,5", nil), ("12\u{A0}500,5", "12500.5"), ("12\u{202F}500", "12500"),
        ("-0,75", "-0.75"), (",5", "0.5"), ("007,10", "7.10"), ("1,5e3", "1.5e3"), ("12,", nil), ("1.5", nil), ("abc", nil), ("--1", nil),
        ("\u{2212}12,5", "-12.5"), ("\u{2212}1 000", "-1000"), ("\u{2212}", nil), ("\u{2212}\u{2212}1", nil), ("-\u{2212}1", nil), ("1\u{2212}", nil),
    ])
    func frenchNumbers(input: String, expected: String?) throws {
        #expect(try cast(input, .number, decimal: ",", thousands: " ")?.0 == expected)
    }

    @Test("with bare_number: false, a unit or a word around a number is left out", arguments: [
        ("12,5 %", "12.5"), ("25 000 FCFA", "25000"), ("€ 3,50", "3.50"), ("env. 40", "40"), ("-12 %", "-12"),
        ("\u{2212}12 %", "-12"), (",5 %", "0.5"), ("1 000", "1000"), ("%", nil), ("FCFA", nil), ("12 % de 40", nil), ("", nil),
        // A sign or parenthesis away from the digits would be lost: a negative published positive.
        // A minus right after the digits ends the value as SAP writes negatives: the number's own sign.
        ("- 12 %", nil), ("(12,50) €", nil), ("1 234,56-", "-1234.56"), ("€ 1 234,56-", "-1234.56"), (",5-", "-0.5"), ("12 -", nil),
        ("1 234,56- €", nil), ("-12-", nil), ("12 \u{2212}", nil), ("\u{2212} 12", nil), ("€ -3", "-3"),
    ] as [(String, String?)])
    func unitsAround(input: String, expected: String?) throws {
        let caster = try CellCaster(type: .number, format: nil, decimal: UInt8(ascii: ","), thousands: " ", bareNumber: false)
        let out = ByteBuffer()
        let kind = Array(input.utf8).withUnsafeBufferPointer { caster.cast($0, into: out) }
        #expect(kind.map { _ in String(decoding: out.elements, as: UTF8.self) } == expected)
        // Without it, the same text is no number.
        if input.contains("%") || input.contains("FCFA") { #expect(try cast(input, .number, decimal: ",", thousands: " ") == nil) }
    }

    @Test("negatives written as accounting and SAP exports write them: in parentheses, or with a minus after the digits", arguments: [
        ("(1 234,56)", FieldType.number, "-1234.56"), ("1 234,56-", .number, "-1234.56"), ("12-", .integer, "-12"), ("(12)", .integer, "-12"),
        (",5-", .number, "-0.5"), ("0-", .integer, "0"), ("(0,00)", .number, "-0.00"),
        ("(-12)", .integer, nil), ("-12-", .integer, nil), ("(12", .integer, nil), ("12)", .integer, nil), ("()", .integer, nil), ("( 12)", .integer, nil),
        ("-", .integer, nil), ("--", .integer, nil), ("12--", .integer, nil),
    ] as [(String, FieldType, String?)])
    func accountingNegatives(input: String, type: FieldType, expected: String?) throws {
        #expect(try cast(input, type, decimal: ",", thousands: " ")?.0 == expected)
    }

    /// Beyond a double's range, the programs that read the files see infinity or zero.
    @Test("numbers a double cannot hold are invalid; the largest and smallest it can are kept", arguments: [
        ("2e308", nil), ("-1,8e308", nil), ("1e-400", nil), ("0," + String(repeating: "0", count: 400) + "1", nil),
        (String(repeating: "9", count: 309), nil), ("1,7e308", "1.7e308"), ("-1e-300", "-1e-300"), ("1e307", "1e307"),
        (String(repeating: "9", count: 300), String(repeating: "9", count: 300)), ("0,0e999", "0.0e999"),
        ("0," + String(repeating: "0", count: 250) + "1e-9", "0." + String(repeating: "0", count: 250) + "1e-9"),
    ] as [(String, String?)])
    func doubleRange(input: String, expected: String?) throws {
        #expect(try cast(input, .number, decimal: ",")?.0 == expected)
    }

    @Test("integers lose leading zeros and signs that say nothing", arguments: [
        ("007", "7"), ("+12", "12"), ("-0", "0"), ("0", "0"), ("-45", "-45"), ("12.5", nil), ("1 000", nil), ("", nil),
        ("1234567890123456789", nil), ("\u{2212}45", "-45"), ("\u{2212}0", "0"),
    ])
    func integers(input: String, expected: String?) throws {
        #expect(try cast(input, .integer)?.0 == expected)
    }

    @Test("booleans in French and English")
    func booleans() throws {
        for word in ["oui", "Oui", "VRAI", "true", "yes", "1", "O"] { #expect(try cast(word, .boolean)?.0 == "true", "\(word)") }
        for word in ["non", "NON", "faux", "False", "no", "0", "N"] { #expect(try cast(word, .boolean)?.0 == "false", "\(word)") }
        #expect(try cast("peut-être", .boolean) == nil)
        #expect(try cast("oui", .boolean)?.1 == .boolean)
    }

    @Test("years are four digits and published as numbers")
    func years() throws {
        #expect(try cast("2024", .year)?.0 == "2024")
        #expect(try cast("2024", .year)?.1 == .number)
        #expect(try cast("24", .year) == nil)
    }

    @Test("hours 1 to 12 with AM and PM (%I, %p), as English-language systems write them", arguments: [
        ("03/15/2024 2:30 PM", "%m/%d/%Y %I:%M %p", "2024-03-15T14:30:00"), ("12/01/2023 12:05 AM", "%m/%d/%Y %I:%M %p", "2023-12-01T00:05:00"),
        ("12/01/2023 12:05 PM", "%m/%d/%Y %I:%M %p", "2023-12-01T12:05:00"), ("07/04/2024 11:59:30 pm", "%m/%d/%Y %I:%M:%S %p", "2024-07-04T23:59:30"),
        ("07/04/2024 9:00 a.m.", "%m/%d/%Y %I:%M %p", "2024-07-04T09:00:00"), ("07/04/2024 9:00 P.M.", "%m/%d/%Y %I:%M %p", "2024-07-04T21:00:00"),
        ("07/04/2024 9:00PM", "%m/%d/%Y %I:%M%p", "2024-07-04T21:00:00"),
    ])
    func twelveHours(input: String, format: String, expected: String) throws {
        #expect(try cast(input, .datetime, format: format)?.0 == expected)
    }

    @Test("an hour outside 1 to 12, or no AM or PM, is refused under %I and %p", arguments: ["03/15/2024 0:30 PM", "03/15/2024 13:30 PM", "03/15/2024 2:30", "03/15/2024 2:30 XM", "03/15/2024 2:30 PMX"])
    func badTwelveHours(input: String) throws {
        #expect(try cast(input, .datetime, format: "%m/%d/%Y %I:%M %p") == nil)
    }

    @Test("%s reads seconds since 1970, or milliseconds when too large for seconds, published in UTC", arguments: [
        ("1577836800", "2020-01-01T00:00:00Z"), ("1577836800000", "2020-01-01T00:00:00Z"), ("1577836800123", "2020-01-01T00:00:00.123Z"),
        ("1577836800.5", "2020-01-01T00:00:00.5Z"), ("-86400", "1969-12-31T00:00:00Z"), ("0", "1970-01-01T00:00:00Z"),
        ("951782400", "2000-02-29T00:00:00Z"), ("253402300799", "9999-12-31T23:59:59Z"), ("253402300800", "1978-01-11T21:31:40.800Z"),
        ("1700000000000", "2023-11-14T22:13:20Z"), ("-62135596800", "0001-01-01T00:00:00Z"),
    ])
    func epoch(input: String, expected: String) throws {
        #expect(try cast(input, .datetime, format: "%s")?.0 == expected)
        #expect(try cast(input, .date, format: "%s")?.0 == String(expected.prefix(10)))
    }

    @Test("%s refuses what is not a time since 1970 within years 1 to 9999", arguments: ["", "-", "12a", "1e9", "1.", "-1.5", "253402300800.5", "99999999999999999", "-99999999999999999", "1 577 836 800"])
    func badEpoch(input: String) throws {
        #expect(try cast(input, .datetime, format: "%s") == nil)
    }

    @Test("%s agrees with Python's datetime on random seconds and milliseconds")
    func epochAgainstPython() throws {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<400).map { index -> Int in
            index % 2 == 0 ? Int.random(in: -62_135_596_800...253_402_300_799, using: &generator)
                : Int.random(in: 253_402_300_800...253_402_300_799_999, using: &generator)
        }
        let script = "import sys, datetime\nfor v in sys.argv[1].split(','):\n    v = int(v)\n    t = datetime.datetime(1970, 1, 1) + (datetime.timedelta(seconds=v) if v <= 253402300799 else datetime.timedelta(milliseconds=v))\n    print('%04d-%02d-%02dT%02d:%02d:%02d' % (t.year, t.month, t.day, t.hour, t.minute, t.second) + ('.%03d' % (t.microsecond // 1000) if t.microsecond else '') + 'Z')"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script, values.map(String.init).joined(separator: ",")],
                                           in: URL(fileURLWithPath: NSTemporaryDirectory()), environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = result.stdout.split(separator: "\n").map(String.init)
        #expect(expected.count == values.count)
        for (value, iso) in zip(values, expected) {
            let ours = try cast(String(value), .datetime, format: "%s")?.0
            #expect(ours == iso, "\(value): \(ours ?? "nil"), Python \(iso)")
        }
    }

    @Test("a format with an unknown directive is refused when the recipe is read")
    func badFormat() {
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%d/%q/%Y") }
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%d/%m") }
        // %I and %p go together, and not with %H.
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%d/%m/%Y %I:%M") }
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%d/%m/%Y %H:%M %p") }
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%d/%m/%Y %H %I:%M %p") }
        // %s is the whole date and time.
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%s %H") }
        #expect(throws: DateFormat.FormatError.self) { try DateFormat("%s%s") }
        #expect((try? DateFormat("(%s)")) != nil)
    }

    @Test("a format written as spreadsheets write them is refused with its equivalent in directives")
    func spreadsheetFormats() throws {
        let cases: [(String, String?)] = [
            ("dd/mm/yyyy", "%d/%m/%Y"), ("DD/MM/YYYY HH:mm", "%d/%m/%Y %H:%M"), ("jj/mm/aaaa", "%d/%m/%Y"),
            ("d mmmm yyyy", "%d %B %Y"), ("d-mmm-yy", "%d-%b-%y"), ("yyyy-MM-dd'T'HH:mm:ss", "%Y-%m-%dT%H:%M:%S"),
            ("dd.mm.yy hh:mm:ss", "%d.%m.%y %H:%M:%S"), ("mm/dd/yyyy", "%m/%d/%Y"), ("YYYYMMDD", "%Y%m%d"),
            // minutes after hours and before seconds; the month elsewhere
            ("hh:mm dd/mm/yyyy", "%H:%M %d/%m/%Y"), ("yyyy mm:ss", "%Y %M:%S"),
            // not a spreadsheet format: a directive already, an unknown letter, no year
            ("%d/%m/%Y", nil), ("Q1 yyyy", nil), ("dd/mm", nil), ("", nil),
        ]
        for (format, equivalent) in cases {
            #expect(DateFormat.spreadsheetEquivalent(format) == equivalent, "\(format)")
            if let equivalent {
                #expect((try? DateFormat(equivalent)) != nil, "\(equivalent)")
                do {
                    _ = try DateFormat(format)
                    Issue.record("\(format) was accepted")
                } catch {
                    #expect(error.message == "format '\(format)' is written as spreadsheets write formats; here it is \"\(equivalent)\"")
                }
            }
        }
    }

    @Test("dates are written as ISO 8601 whatever the year's width")
    func isoDates() {
        let out = ByteBuffer()
        for (year, month, day) in [(2026, 11, 21), (1, 1, 1), (999, 12, 31), (9999, 2, 28), (12_345, 6, 7)] {
            out.reset()
            var parts = DateFormat.Parts()
            (parts.year, parts.month, parts.day) = (year, month, day)
            parts.writeDate(into: out)
            let expected = String(format: "%04d-%02d-%02d", year, month, day)
            #expect(String(decoding: out.elements, as: UTF8.self) == expected)
        }
    }
}
