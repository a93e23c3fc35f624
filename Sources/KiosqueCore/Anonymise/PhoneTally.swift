/// What a sample of one column says about phone numbers, for `describe`'s drafts and `check`'s
/// warnings. A text column with values that look like phone numbers holds some; a column of
/// whole numbers holds them only when nearly all its values look like one and are of one length
/// (`771234567`, as Senegal writes them without spaces), so that amounts and counts, whose lengths
/// and first digits vary, are not taken for them, nor are numbers that count up. Either way, a
/// column of SIREN numbers is not.
struct PhoneTally {
    private(set) var values = 0
    private var phoneLike = 0
    private var sirens = 0
    /// The first value's length in bytes, and whether every value has had it.
    private var length: Int?
    private var oneLength = true
    private var middles = Set<UInt16>()

    mutating func observe(_ value: String) {
        values += 1
        let count = value.utf8.count
        if let length, length != count { oneLength = false }
        length = count
        // Every form of phone number has at least six digits.
        guard count >= 6 else { return }
        if CompanyNumbers.isSIREN(value) { sirens += 1 }
        guard Redactor.isPhoneNumber(value) else { return }
        phoneLike += 1
        // The third to fifth digits: a subscriber's, spread out among phone numbers; shared by
        // numbers that count up (`202400001`, `202400002`: a year, then a sequence).
        let digits = value.utf8.filter { $0 &- 48 < 10 }
        if digits.count >= 5 { middles.insert(digits[2..<5].reduce(0) { $0 * 10 + UInt16($1 &- 48) }) }
    }

    /// The values that look like phone numbers in a text column; none in a column of SIREN numbers.
    var phones: Int { isSIRENColumn ? 0 : phoneLike }

    /// Whether a column of whole numbers holds phone numbers: five values or more, 95 % of them
    /// like a phone number, all of one length, their middle digits spread out (a third of them
    /// distinct or more: 40 random numbers give 39 on average, 1,000 give 632, a sequence 1), and
    /// not SIREN numbers.
    var wholeNumbersArePhones: Bool {
        !isSIRENColumn && values >= 5 && phoneLike * 20 >= values * 19 && oneLength && middles.count * 3 >= phoneLike
    }

    private var isSIRENColumn: Bool { CompanyNumbers.isSIRENColumn(sirens: sirens, values: values) }
}

/// French company numbers (SIREN: nine digits, the last a Luhn check digit), the identifier of
/// most French administrative exports. Nine digits are also how Senegal and Cameroon write a phone
/// number, so the phone patterns take a SIREN for one; a column is told apart by its check digits.
enum CompanyNumbers {
    /// Whether `text` is nine digits (grouped by spaces or not, `123 456 789`) whose Luhn sum is a
    /// multiple of ten, as every SIREN's is.
    static func isSIREN(_ text: String) -> Bool {
        var digits = 0, sum = 0
        // From the last digit: every second one doubled, less nine when over nine.
        for byte in text.utf8.reversed() where byte != UInt8(ascii: " ") {
            guard byte &- 48 < 10, digits < 9 else { return false }
            var digit = Int(byte &- 48)
            if digits % 2 == 1 { digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2 }
            sum += digit
            digits += 1
        }
        return digits == 9 && sum % 10 == 0
    }

    /// Whether a column whose sampled values look like phone numbers holds SIREN numbers instead:
    /// at least five values, and 95 % of them or more pass the check. A phone number passes it one
    /// time in ten, so five phone numbers in a row pass it once in 100,000 columns.
    static func isSIRENColumn(sirens: Int, values: Int) -> Bool {
        sirens >= 5 && sirens * 20 >= values * 19
    }
}
