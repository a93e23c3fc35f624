import Foundation

/// `redact`: spans of free text that look like e-mail addresses, phone numbers or IBANs (or match
/// the steward's own patterns) are replaced by `[email]`, `[phone]`, `[iban]` or `[redacted]`.
/// It errs on the side of redacting: a long number written like a phone number goes too.
struct Redactor: @unchecked Sendable {
    private let rules: [(NSRegularExpression, String)]

    static let email = #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#
    static let iban = #"\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"#
    /// International form (with its parenthesis, `(+226) 70 12 34 56`), the same after `00` (at the
    /// start of a number, and with at least seven digits after it, so that `2024-000123` stays),
    /// then the national forms, grouped by spaces or dots, not hyphens, so that ISO dates such as
    /// 2019-04-10 stay; a date written with dots (`25.03.2024`, `2024.03.25`) is not taken for one either:
    /// 10 digits from 0 in pairs (Côte d'Ivoire, Morocco, Algeria, France, Benin, DRC, Madagascar
    /// written without spaces), 3-3-4 (DRC) and 3-2-3-2 (Madagascar); 0 and 8 digits (Congo: 2-3-2-2)
    /// or 7 (Gabon: 2-2-2-2); 9 digits (Senegal 2-3-2-2, Cameroon and Guinea 3-2-2-2 and 1-2-2-2-2);
    /// 8 digits (Tunisia 2-3-3; Togo, Burkina Faso, Mali, Niger, Mauritania, Chad in pairs).
    static let phone = [
        #"\(?\+[1-9][0-9]{0,2}(?:[ .\-]?\(?[0-9]{1,4}\)?){2,6}"#,
        #"(?<![0-9])\(?00(?=(?:[ .\-()]{0,2}[0-9]){7})[1-9][0-9]{0,2}\)?(?:[ .\-]?[0-9]{1,4}){2,6}"#,
        #"(?!(?:0?[1-9]|[12][0-9]|3[01])\.(?:0?[1-9]|1[0-2])\.(?:1[89]|2[0-9])[0-9]{2}\b|(?:1[89]|2[0-9])[0-9]{2}\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12][0-9]|3[01])\b)(?:"# + [
            #"\b0[1-9](?:[ .]?[0-9]{2}){4}\b"#,
            #"\b0[1-9][0-9][ .]?[0-9]{3}[ .]?[0-9]{4}\b"#,
            #"\b0[1-9][0-9][ .]?[0-9]{2}[ .]?[0-9]{3}[ .]?[0-9]{2}\b"#,
            #"\b0[1-9][ .]?[0-9]{3}[ .]?[0-9]{2}[ .]?[0-9]{2}\b"#,
            #"\b0[1-9](?:[ .]?[0-9]{2}){3}\b"#,
            #"\b[37][0-9][ .]?[0-9]{3}[ .]?[0-9]{2}[ .]?[0-9]{2}\b"#,
            #"\b[2-9][0-9]{2}(?:[ .]?[0-9]{2}){3}\b"#,
            #"\b[2-9](?:[ .]?[0-9]{2}){4}\b"#,
            #"\b[2-9][0-9][ .]?[0-9]{3}[ .]?[0-9]{3}\b"#,
            #"\b[2-9][0-9](?:[ .]?[0-9]{2}){3}\b"#,
        ].joined(separator: "|") + ")",
    ].joined(separator: "|")

    /// What stands in a published cell for a removed span of each kind; the site names them too.
    static func placeholder(_ kind: String) -> String { "[\(kind)]" }
    /// What stands for a span one of the steward's own patterns matched.
    static let patternPlaceholder = "[redacted]"

    init(kinds: [String], patterns: [String]) throws {
        var rules: [(NSRegularExpression, String)] = []
        // E-mail first: its digits must not be taken for a phone number.
        if kinds.contains("email") { rules.append((try NSRegularExpression(pattern: Self.email), Self.placeholder("email"))) }
        if kinds.contains("iban") { rules.append((try NSRegularExpression(pattern: Self.iban), Self.placeholder("iban"))) }
        if kinds.contains("phone") { rules.append((try NSRegularExpression(pattern: Self.phone), Self.placeholder("phone"))) }
        for pattern in patterns { rules.append((try NSRegularExpression(pattern: pattern), Self.patternPlaceholder)) }
        self.rules = rules
    }

    func redact(_ cell: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) {
        var text = String(decoding: cell, as: UTF8.self)
        // Looked for once a cell: the replacements are ASCII, so they add none.
        let arabicNumerals = ArabicNumerals.occur(in: cell)
        for (expression, replacement) in rules {
            guard arabicNumerals else {
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                text = expression.stringByReplacingMatches(in: text, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
                continue
            }
            // Searched with Arabic-script digits read as ASCII ones (`٠٦١٢٣٤٥٦٧٨` is a phone number
            // too), and replaced in the text as written: both count the same UTF-16 units.
            let searched = ArabicNumerals.inASCII(text)
            let range = NSRange(location: 0, length: (searched as NSString).length)
            let written = NSMutableString(string: text)
            for match in expression.matches(in: searched, range: range).reversed() {
                written.replaceCharacters(in: match.range, with: replacement)
            }
            text = written as String
        }
        out.append(Array(text.utf8))
    }

    /// Whether `text` holds an e-mail address: for `check`'s sampling and describe. Without an `@`
    /// it cannot, and the regular expression (costly per call) is not asked: describe asks this
    /// of every sampled cell, two million of them in a wide export.
    static func containsEmail(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "@")) && text.range(of: email, options: .regularExpression) != nil
    }

    /// Whether `text` holds an e-mail address or a phone number anywhere in it, or is a person's
    /// name (`PersonNames`): such a value is never shown in a message or a report, whatever field it
    /// came from. For the few values messages show, not for the row path.
    static func mayIdentify(_ text: String) -> Bool {
        if containsEmail(text) || PersonNames.looksLikeName(text) { return true }
        guard let digits = phoneCandidate(text) else { return false }
        return digits.range(of: phone, options: .regularExpression) != nil
    }

    /// `text` with Arabic-script digits read as ASCII ones, when it has the six digits every phone
    /// form has; nil otherwise, so that the regular expression (costly per call) is not asked.
    private static func phoneCandidate(_ text: String) -> String? {
        let text = ArabicNumerals.inASCII(text)
        return text.utf8.lazy.filter({ $0 &- 48 < 10 }).count >= 6 ? text : nil
    }

    /// Whether `text` is, as a whole, a phone number (in ASCII or Arabic-script digits): for
    /// `check`'s sampling and describe. Every form has six digits or more; with fewer, the regular
    /// expression is not asked.
    static func isPhoneNumber(_ text: String) -> Bool {
        guard let text = phoneCandidate(text) else { return false }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.range(of: "^(?:\(phone))$", options: .regularExpression) != nil
    }
}
