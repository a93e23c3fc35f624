import Synchronization

/// The dictionary keys met so far, kept in `SortedJSON.precedes` order with each key's position,
/// so that sorting a dictionary's keys compares integers: a key costs a few comparisons through
/// ICU once per process instead of at every sort (sorting keys had been a fifth of rendering a
/// catalogue of 150 datasets). `precedes` is a total order, so the order of the positions is the
/// order it gives any subset. Past `capacity` keys, new keys are sorted the slow way.
final class KeyOrder: Sendable {
    static let shared = KeyOrder(capacity: 4096)

    private struct State {
        var keys: [String] = []
        var position: [String: Int] = [:]
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// `keys` (distinct) in `SortedJSON.precedes` order.
    func sorted(_ keys: some Collection<String>) -> [String] {
        state.withLock { state in
            for key in keys where state.position[key] == nil {
                guard state.keys.count < capacity else { return keys.sorted(by: SortedJSON.precedes) }
                var low = 0
                var high = state.keys.count
                while low < high {
                    let middle = (low + high) / 2
                    if SortedJSON.precedes(state.keys[middle], key) { low = middle + 1 } else { high = middle }
                }
                state.keys.insert(key, at: low)
                for index in low..<state.keys.count { state.position[state.keys[index]] = index }
            }
            return keys.map { (state.position[$0]!, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
