/// Month names in Arabic (`%B`, `%b`), as each region writes them: the names used in Egypt and
/// the Gulf (`يناير`, `أغسطس`), in Morocco (`ماي`, `يوليوز`, `غشت`, `شتنبر`, `نونبر`, `دجنبر`), in
/// Algeria and Tunisia (`جانفي`, `فيفري`, `أفريل`, `جوان`, `جويلية`, `أوت`), and in the Levant and
/// Iraq (`كانون الثاني`, `شباط`, `آذار`, … `تشرين الأول`). The forms of alef (`أ إ آ` as `ا`) and
/// `ى` as `ي` are alike, and the tatweel and short-vowel marks are ignored.
enum ArabicMonthNames {
    private static let spellings: [(name: [Unicode.Scalar], month: Int)] = {
        let months: [[String]] = [
            ["يناير", "جانفي", "كانون الثاني"], ["فبراير", "فيفري", "شباط"], ["مارس", "آذار"],
            ["أبريل", "إبريل", "أفريل", "نيسان"], ["مايو", "ماي", "أيار"], ["يونيو", "يونيه", "جوان", "حزيران"],
            ["يوليو", "يوليه", "يوليوز", "جويلية", "جويلة", "تموز"], ["أغسطس", "غشت", "أوت", "آب"],
            ["سبتمبر", "شتنبر", "أيلول"], ["أكتوبر", "تشرين الأول"], ["نوفمبر", "نونبر", "تشرين الثاني"],
            ["ديسمبر", "دجنبر", "كانون الأول"],
        ]
        let all = months.enumerated().flatMap { month, names in
            names.map { name in (name.unicodeScalars.compactMap(normalised), month + 1) }
        }
        // Longest first: `تشرين الثاني` before a shorter name that starts it.
        return all.sorted { $0.0.count > $1.0.count }
    }()

    /// The month whose name starts `input` at `index` (an Arabic letter's first byte), which moves
    /// past it; nil when the letters there, up to the next character that is not an Arabic letter,
    /// name no month. Each spelling is compared with the bytes in place: nothing is allocated.
    static func read(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int? {
        for (name, month) in spellings {
            var position = index
            var matched = 0
            while matched < name.count, let (scalar, next) = scalar(in: input, at: position) {
                position = next
                guard let letter = normalised(scalar) else { continue }  // a short vowel or tatweel
                guard letter == name[matched] else { break }
                matched += 1
            }
            guard matched == name.count else { continue }
            // The whole word: what follows is not an Arabic letter.
            if let (following, _) = scalar(in: input, at: position), following != " ", normalised(following) != nil { continue }
            index = position
            return month
        }
        return nil
    }

    /// The space, or the Arabic-block character, at `position`, and where the next one starts.
    private static func scalar(in input: UnsafeBufferPointer<UInt8>, at position: Int) -> (Unicode.Scalar, Int)? {
        guard position < input.count else { return nil }
        let byte = input[position]
        if byte == 0x20 { return (" ", position + 1) }
        guard byte &- 0xD8 < 4, position + 1 < input.count else { return nil }
        return Unicode.Scalar(UInt32(byte & 0x1F) << 6 | UInt32(input[position + 1] & 0x3F)).map { ($0, position + 2) }
    }

    /// The letter as it is compared: alef with hamza or madda as alef, alef maqsura as yeh; nil
    /// for the tatweel and the short-vowel marks, which are skipped.
    private static func normalised(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0622, 0x0623, 0x0625: "\u{0627}"
        case 0x0649: "\u{064A}"
        case 0x0640, 0x064B...0x0652: nil
        default: scalar
        }
    }
}
