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
