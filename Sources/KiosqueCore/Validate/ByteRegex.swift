/// A regular expression compiled to a byte automaton and matched against whole values, with a DFA
/// built lazily from the NFA: each value costs one table lookup per byte.
///
/// It covers what recipes' patterns use: literals (any UTF-8), `.`, classes (`[A-Z0-9_-]`, negated,
/// with non-ASCII members), `\d` (Western and Arabic-Indic digits), `\s`, `\D`, `\S`, groups,
/// alternation and the quantifiers `* + ? {n} {n,} {n,m}` (lazy forms match the same whole values).
/// Anything else (`\w`, `\b`, look-arounds, back-references, flags) is refused with
/// `Unsupported`, and `Pattern` then uses Foundation's engine.
final class ByteRegex {
    struct Unsupported: Error {}

    // MARK: Syntax

    /// A set of characters: ASCII bytes in a bitmap, plus multi-byte characters listed, or all of them.
    struct CharacterSet {
        var ascii = [Bool](repeating: false, count: 128)
        var sequences: [[UInt8]] = []
        /// Every multi-byte character (for `.` and negated ASCII-only classes).
        var anyMultibyte = false

        mutating func insert(_ scalar: Unicode.Scalar) {
            if scalar.isASCII { ascii[Int(scalar.value)] = true } else { sequences.append(Array(String(scalar).utf8)) }
        }

        mutating func insertRange(_ low: UInt8, _ high: UInt8) {
            guard low <= high else { return }
            for byte in low...high { ascii[Int(byte)] = true }
        }

        mutating func formUnion(_ other: CharacterSet) {
            for index in 0..<128 where other.ascii[index] { ascii[index] = true }
            sequences += other.sequences
            anyMultibyte = anyMultibyte || other.anyMultibyte
        }

        static var digits: CharacterSet {
            var set = CharacterSet()
            set.insertRange(48, 57)
            for value in 0x660...0x669 { set.insert(Unicode.Scalar(UInt32(value))!) }
            for value in 0x6F0...0x6F9 { set.insert(Unicode.Scalar(UInt32(value))!) }
            return set
        }

        static var spaces: CharacterSet {
            var set = CharacterSet()
            for byte: UInt8 in [9, 10, 11, 12, 13, 32] { set.ascii[Int(byte)] = true }
            for value in [0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000] + Array(0x2000...0x200A) {
                set.insert(Unicode.Scalar(UInt32(value))!)
            }
            return set
        }

        /// The complement, when only ASCII needs complementing: every multi-byte character is in it.
        func negated() throws(Unsupported) -> CharacterSet {
            guard sequences.isEmpty, !anyMultibyte else { throw Unsupported() }
            var set = CharacterSet()
            for index in 0..<128 { set.ascii[index] = !ascii[index] }
            set.anyMultibyte = true
            return set
        }
    }

    indirect enum Node {
        case empty
        case set(CharacterSet)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        mutating func parse() throws(Unsupported) -> Node {
            let node = try alternation()
            guard position == scalars.count else { throw Unsupported() }
            return node
        }

        private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        private mutating func alternation() throws(Unsupported) -> Node {
            var branches = [try sequence()]
            while current == "|" {
                position += 1
                branches.append(try sequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func sequence() throws(Unsupported) -> Node {
            var items: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                var atom = try self.atom()
                while let quantifier = current, "*+?{".unicodeScalars.contains(quantifier) {
                    atom = try repeated(atom)
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        private mutating func repeated(_ atom: Node) throws(Unsupported) -> Node {
            let scalar = current!
            position += 1
            let node: Node
            switch scalar {
            case "*": node = .repeated(atom, min: 0, max: nil)
            case "+": node = .repeated(atom, min: 1, max: nil)
            case "?": node = .repeated(atom, min: 0, max: 1)
            default:
                var low = 0, high: Int? = nil, digits = 0
                while let value = current.map({ Int($0.value) - 48 }), (0...9).contains(value) {
                    low = low * 10 + value
                    digits += 1
                    position += 1
                }
                guard digits > 0 else { throw Unsupported() }
                if current == "," {
                    position += 1
                    var upper = 0, upperDigits = 0
                    while let value = current.map({ Int($0.value) - 48 }), (0...9).contains(value) {
                        upper = upper * 10 + value
                        upperDigits += 1
                        position += 1
                    }
                    high = upperDigits > 0 ? upper : nil
                } else {
                    high = low
                }
                guard current == "}", high.map({ $0 >= low }) ?? true, low <= 1000, (high ?? 0) <= 1000 else { throw Unsupported() }
                position += 1
                node = .repeated(atom, min: low, max: high)
            }
            // Lazy and possessive suffixes accept the same whole values.
            if current == "?" || current == "+" { position += 1 }
            return node
        }

        private mutating func atom() throws(Unsupported) -> Node {
            let scalar = current!
            position += 1
            switch scalar {
            case "(":
                if current == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else { throw Unsupported() }
                    position += 2
                }
                let inner = try alternation()
                guard current == ")" else { throw Unsupported() }
                position += 1
                return inner
            case "[":
                return .set(try characterClass())
            case ".":
                var set = CharacterSet()
                for index in 0..<128 where index != 10 && index != 13 { set.ascii[index] = true }
                set.anyMultibyte = true
                return .set(set)
            case "^":
                guard position == 1 else { throw Unsupported() }
                return .empty
            case "$":
                guard position == scalars.count else { throw Unsupported() }
                return .empty
            case "\\":
                return .set(try escape(inClass: false))
            case "*", "+", "?", "{", ")", "]":
                if scalar == "]" || scalar == "}" { return .set(Self.single(scalar)) }
                throw Unsupported()
            default:
                return .set(Self.single(scalar))
            }
        }

        static func single(_ scalar: Unicode.Scalar) -> CharacterSet {
            var set = CharacterSet()
            set.insert(scalar)
            return set
        }

        private mutating func escape(inClass: Bool) throws(Unsupported) -> CharacterSet {
            guard let scalar = current else { throw Unsupported() }
            position += 1
            switch scalar {
            case "d": return .digits
            case "D": return try CharacterSet.digits.asciiOnly().negated()
            case "s": return .spaces
            case "S": return try CharacterSet.spaces.asciiOnly().negated()
            case "t": return Self.single("\t")
            case "n": return Self.single("\n")
            case "r": return Self.single("\r")
            case "f": return Self.single("\u{0C}")
            case "v": return Self.single("\u{0B}")
            default:
                // Escaped punctuation stands for itself; letters and digits name features not covered here.
                guard scalar.isASCII, !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) else { throw Unsupported() }
                return Self.single(scalar)
            }
        }

        private mutating func characterClass() throws(Unsupported) -> CharacterSet {
            var negated = false
            if current == "^" {
                negated = true
                position += 1
            }
            var set = CharacterSet()
            var first = true
            while let scalar = current, scalar != "]" || first {
                first = false
                position += 1
                var low: CharacterSet
                var lowScalar: Unicode.Scalar?
                if scalar == "\\" {
                    low = try escape(inClass: true)
                    let escaped = scalars[position - 1]
                    lowScalar = escaped.isASCII && !escaped.properties.isAlphabetic ? escaped : nil
                    if "tnrfv".unicodeScalars.contains(escaped) { lowScalar = nil }
                } else if scalar == "[" {
                    throw Unsupported()  // POSIX classes and nested sets
                } else {
                    low = Self.single(scalar)
                    lowScalar = scalar
                }
                if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]", let start = lowScalar {
                    position += 1
                    var end = scalars[position]
                    position += 1
                    if end == "\\" {
                        guard let escaped = current, escaped.isASCII, !escaped.properties.isAlphabetic else { throw Unsupported() }
                        end = escaped
                        position += 1
                    }
                    guard start.isASCII, end.isASCII, start.value <= end.value else { throw Unsupported() }
                    low = CharacterSet()
                    low.insertRange(UInt8(start.value), UInt8(end.value))
                }
                set.formUnion(low)
            }
            guard current == "]" else { throw Unsupported() }
            position += 1
            return negated ? try set.negated() : set
        }
    }

    // MARK: Automaton

    /// NFA states: a byte test with one successor, or up to two epsilon successors.
    private struct State {
        var bytes: [Bool]?  // 256 entries when this state consumes a byte
        var next: [Int] = []
    }

    private var states: [State] = []
    private let start: Int
    private let accept: Int
    /// Lazy DFA: each DFA state's NFA state set, its transitions (-2: not computed, -1: dead) and acceptance.
    private var dfaSets: [[Int]] = []
    private var dfaIndex: [[Int]: Int32] = [:]
    private var table: [Int32] = []
    private var accepting: [Bool] = []
    private static let maxDFAStates = 4096

    init(_ pattern: String) throws(Unsupported) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        let node = try parser.parse()
        var builder = Builder()
        let fragment = try builder.compile(node)
        let final = builder.add(State())
        builder.states[fragment.end].next.append(final)
        states = builder.states
        start = fragment.start
        accept = final
        _ = dfaState(for: closure([start]))
    }

    private struct Builder {
        var states: [State] = []

        mutating func add(_ state: State) -> Int {
            states.append(state)
            return states.count - 1
        }

        /// A fragment: entry state and exit state (an epsilon state the caller links onward).
        mutating func compile(_ node: Node) throws(Unsupported) -> (start: Int, end: Int) {
            guard states.count < 20_000 else { throw Unsupported() }
            switch node {
            case .empty:
                let state = add(State())
                return (state, state)
            case .set(let set):
                let end = add(State())
                return (try byteChain(set, end: end), end)
            case .sequence(let items):
                guard let head = try items.first.map({ item throws(Unsupported) in try compile(item) }) else {
                    let state = add(State())
                    return (state, state)
                }
                let first = head.start
                var last = head.end
                for item in items.dropFirst() {
                    let next = try compile(item)
                    states[last].next.append(next.start)
                    last = next.end
                }
                return (first, last)
            case .alternation(let branches):
                let entry = add(State()), exit = add(State())
                for branch in branches {
                    let fragment = try compile(branch)
                    states[entry].next.append(fragment.start)
                    states[fragment.end].next.append(exit)
                }
                return (entry, exit)
            case .repeated(let inner, let minimum, let maximum):
                let entry = add(State())
                var last = entry
                for _ in 0..<minimum {
                    let fragment = try compile(inner)
                    states[last].next.append(fragment.start)
                    last = fragment.end
                }
                let exit = add(State())
                if let maximum {
                    for _ in minimum..<maximum {
                        let fragment = try compile(inner)
                        states[last].next.append(fragment.start)
                        states[last].next.append(exit)
                        last = fragment.end
                    }
                    states[last].next.append(exit)
                } else {
                    let fragment = try compile(inner)
                    states[last].next.append(fragment.start)
                    states[last].next.append(exit)
                    states[fragment.end].next.append(fragment.start)
                    states[fragment.end].next.append(exit)
                }
                return (entry, exit)
            }
        }

        /// States that consume one character of `set` and end in `end`.
        mutating func byteChain(_ set: CharacterSet, end: Int) throws(Unsupported) -> Int {
            let entry = add(State())
            var ascii = [Bool](repeating: false, count: 256)
            for index in 0..<128 where set.ascii[index] { ascii[index] = true }
            let single = add(State(bytes: ascii, next: [end]))
            states[entry].next.append(single)
            for sequence in set.sequences {
                var previous = entry
                for (position, byte) in sequence.enumerated() {
                    var bytes = [Bool](repeating: false, count: 256)
                    bytes[Int(byte)] = true
                    let state = add(State(bytes: bytes, next: position == sequence.count - 1 ? [end] : []))
                    states[previous].next.append(state)
                    previous = state
                }
            }
            if set.anyMultibyte {
                // Any well-formed multi-byte UTF-8 character: a lead byte, then its continuation bytes.
                func range(_ low: Int, _ high: Int) -> [Bool] { (0..<256).map { $0 >= low && $0 <= high } }
                for (lead, count) in [((0xC2, 0xDF), 1), ((0xE0, 0xEF), 2), ((0xF0, 0xF4), 3)] {
                    var previous = add(State(bytes: range(lead.0, lead.1), next: []))
                    states[entry].next.append(previous)
                    for index in 0..<count {
                        let state = add(State(bytes: range(0x80, 0xBF), next: index == count - 1 ? [end] : []))
                        states[previous].next.append(state)
                        previous = state
                    }
                }
            }
            return entry
        }
    }

    private func closure(_ seeds: [Int]) -> [Int] {
        var seen = [Bool](repeating: false, count: states.count)
        var stack = seeds
        var result: [Int] = []
        while let state = stack.popLast() {
            guard !seen[state] else { continue }
            seen[state] = true
            if states[state].bytes != nil || state == accept { result.append(state) }
            if states[state].bytes == nil { stack.append(contentsOf: states[state].next) }
        }
        return result.sorted()
    }

    private func dfaState(for set: [Int]) -> Int32 {
        if let index = dfaIndex[set] { return index }
        let index = Int32(dfaSets.count)
        dfaSets.append(set)
        dfaIndex[set] = index
        table.append(contentsOf: repeatElement(-2, count: 256))
        accepting.append(set.contains(accept))
        return index
    }

    private func step(_ state: Int32, _ byte: UInt8) -> Int32 {
        var seeds: [Int] = []
        for nfa in dfaSets[Int(state)] {
            if let bytes = states[nfa].bytes, bytes[Int(byte)] { seeds.append(contentsOf: states[nfa].next) }
        }
        let next: Int32 = seeds.isEmpty ? -1 : (dfaSets.count < Self.maxDFAStates ? dfaState(for: closure(seeds)) : -3)
        if next != -3 { table[Int(state) * 256 + Int(byte)] = next }
        return next
    }

    /// Whether the whole of `bytes` matches.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var state: Int32 = 0
        var index = 0
        while true {
            // Transitions already computed: one load and one sign test a byte.
            let stop = table.withUnsafeBufferPointer { table in
                while index < bytes.count {
                    let next = table[Int(state) << 8 | Int(bytes[index])]
                    if next < 0 { return next }
                    state = next
                    index += 1
                }
                return 0
            }
            guard stop == -2 else { return stop == 0 ? accepting[Int(state)] : false }
            // A transition not computed yet (-2): compute it, then go on.
            let next = step(state, bytes[index])
            if next == -3 { return matchesSlowly(bytes) }
            if next < 0 { return false }
            state = next
            index += 1
        }
    }

    /// NFA simulation, when the DFA would grow too large.
    private func matchesSlowly(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var current = closure([start])
        for byte in bytes {
            var seeds: [Int] = []
            for nfa in current {
                if let set = states[nfa].bytes, set[Int(byte)] { seeds.append(contentsOf: states[nfa].next) }
            }
            if seeds.isEmpty { return false }
            current = closure(seeds)
        }
        return current.contains(accept)
    }
}

extension ByteRegex.CharacterSet {
    /// The ASCII part alone, for `\D` and `\S` whose non-ASCII members are approximated as all outside.
    fileprivate func asciiOnly() -> ByteRegex.CharacterSet {
        var set = ByteRegex.CharacterSet()
        set.ascii = ascii
        return set
    }
}
