/// Month names as French and English exports write them (`%B`, `%b`): `novembre`, `nov.`,
/// `Février`, `fevr`, `août`, `Sept`, `December`, `dec`. Case and the accents of French names
/// are ignored; an abbreviation may end with a point. Arabic names: `ArabicMonthNames`.
enum MonthNames {
    /// Every accepted spelling, lower-case ASCII (accents folded), with its month.
    private static let spellings: [(name: [UInt8], month: Int)] = [
        (["janvier", "janv", "jan", "january"], 1), (["fevrier", "fevr", "fev", "february", "feb"], 2),
        (["mars", "mar", "march"], 3), (["avril", "avr", "april", "apr"], 4), (["mai", "may"], 5),
        (["juin", "june", "jun"], 6), (["juillet", "juil", "july", "jul"], 7), (["aout", "august", "aug"], 8),
        (["septembre", "sept", "sep", "september"], 9), (["octobre", "oct", "october"], 10),
        (["novembre", "nov", "november"], 11), (["decembre", "dec", "december"], 12),
    ].flatMap { names, month in names.map { (Array($0.utf8), month) } }
    /// The longest spelling; a word one letter longer names no month (at most 16 are folded).
    private static let longest = spellings.map(\.name.count).max()!

    /// The month whose name starts `input` at `index`, which moves past it (and past a point
    /// after it when `point`); nil when the letters there name no month.
    static func read(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int, point: Bool) -> Int? {
        if index < input.count, input[index] &- 0xD8 < 4 { return ArabicMonthNames.read(input, &index) }
        // The letters folded on the stack: this runs for every cell of such a field.
        var folded: (UInt64, UInt64) = (0, 0)
        var count = 0
        var position = index
        while position < input.count, count < longest + 1 {
            let byte = input[position]
            let letter: UInt8
            if byte | 0x20 >= UInt8(ascii: "a"), byte | 0x20 <= UInt8(ascii: "z") {
                letter = byte | 0x20
                position += 1
            } else if byte == 0xC3, position + 1 < input.count, let plain = fold(input[position + 1]) {
                letter = plain
                position += 2
            } else {
                break
            }
            withUnsafeMutableBytes(of: &folded) { $0[count] = letter }
            count += 1
        }
        let month = withUnsafeBytes(of: &folded) { letters in
            spellings.first { $0.name.count == count && $0.name.elementsEqual(letters.prefix(count)) }?.month
        }
        guard let month else { return nil }
        if point, position < input.count, input[position] == UInt8(ascii: ".") { position += 1 }
        index = position
        return month
    }

    /// The ASCII letter of the Latin-1 accented letters French month names use, from the second
    /// byte of their UTF-8 (after 0xC3): é è ê ë, û ù ü, ô, â à, î ï, ç, upper or lower case.
    private static func fold(_ byte: UInt8) -> UInt8? {
        switch byte | 0x20 {
        case 0xA8...0xAB: UInt8(ascii: "e")
        case 0xB9...0xBC: UInt8(ascii: "u")
        case 0xB4: UInt8(ascii: "o")
        case 0xA0, 0xA2: UInt8(ascii: "a")
        case 0xAE, 0xAF: UInt8(ascii: "i")
        case 0xA7: UInt8(ascii: "c")
        default: nil
        }
    }
}
