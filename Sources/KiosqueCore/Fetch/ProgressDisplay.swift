import Foundation
import Synchronization

/// A one-line download progress on a terminal (bytes and rate), redrawn a few times a second.
/// Never used in cron: the command line turns it on only when standard error is a terminal.
final class ProgressDisplay: Sendable {
    private let state = Mutex<(last: Double, shown: Bool)>((0, false))

    func update(label: String, bytes: Int64, total: Int64, started: Date) {
        guard let elapsed = due(since: started) else { return }
        let rate = Double(bytes) / elapsed
        let of = total > 0 ? " of \(Self.size(Double(total)))" : ""
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(Self.size(Double(bytes)))\(of), \(Self.size(rate))/s".utf8))
    }

    /// Rows processed so far, on the same line.
    func rows(label: String, count: Int, started: Date) {
        guard let elapsed = due(since: started) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(count) rows, \(Int(Double(count) / elapsed)) rows/s".utf8))
    }

    /// The seconds since `started` when the line is due for a redraw (at most four times a second).
    private func due(since started: Date) -> Double? {
        let now = Date().timeIntervalSince1970
        let draw = state.withLock { state -> Bool in
            guard now - state.last >= 0.25 else { return false }
            state.last = now
            state.shown = true
            return true
        }
        return draw ? max(0.001, now - started.timeIntervalSince1970) : nil
    }

    /// Clears the line once a download is over.
    func clear() {
        let shown = state.withLock { state -> Bool in
            defer { state.shown = false }
            return state.shown
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// A size in decimal units, `21.1 kB`; the site writes French ones as `21,1 ko`.
    static func size(_ bytes: Double, units: [String] = ["B", "kB", "MB", "GB", "TB"], decimalComma: Bool = false,
                     space: String = " ") -> String {
        var value = bytes
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        var number = unit == 0 ? String(Int(value)) : String(format: "%.1f", value)
        if decimalComma { number = number.replacingOccurrences(of: ".", with: ",") }
        return number + space + units[unit]
    }
}
