import Foundation

/// How a draft recipe writes what it names: field names from labels, YAML scalars and comments,
/// spreadsheet column letters. Text only; what the draft infers is in `DraftBuilder`.
extension DraftBuilder {
    static func ascii(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr"))
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
    }

    /// `Date de naissance` as `date_de_naissance`; `N° acte` as `n_acte`; nil when the label has no
    /// Latin letter or digit to name the field by.
    static func fieldName(_ label: String) -> String? {
        let folded = ascii(label).lowercased()
        var name = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.hasSuffix("_") {
                name += "_"
            }
        }
        name = String(name.trimmingCharacters(in: CharacterSet(charactersIn: "_")).prefix(60))
        if name.isEmpty { return nil }
        if name.first!.isNumber { name = "c_" + name }
        return name
    }

    /// The letters a spreadsheet shows over a column: 1 is A, 27 is AA.
    static func columnLetters(_ position: Int) -> String {
        var letters: [Character] = []
        var rest = position
        while rest > 0 {
            letters.insert(Character(Unicode.Scalar(UInt8(65 + (rest - 1) % 26))), at: 0)
            rest = (rest - 1) / 26
        }
        return String(letters)
    }

    static func title(from id: String) -> String {
        let words = id.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func delimiterName(_ byte: UInt8) -> String {
        byte == UInt8(ascii: "\t") ? "\\t" : String(Character(Unicode.Scalar(byte)))
    }

    /// Text for a YAML comment: a line break or a control character in a file name must not end it.
    static func commentSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFFFE, 0xFFFF: "?"
            default: scalar
            }
        }))
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                // YAML allows neither C0 nor C1 controls, DEL, nor the non-characters, unescaped.
                switch scalar.value {
                case 0..<0x20, 0x7F...0x9F: out += String(format: "\\x%02X", scalar.value)
                case 0xFFFE, 0xFFFF: out += String(format: "\\u%04X", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
