import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM: the run stops at the next row, abandons the dataset it was working on without
/// publishing, releases the lock and exits 130 or 143. Nothing already published is touched.
public enum Interruption {
    private static let received = Atomic<Int32>(0)
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Catches the signals (once per process). SIGXFSZ is ignored too, so that a file-size limit is an
    /// error to report, not a kill.
    public static func install() {
        guard sources.isEmpty else { return }
        unblockSignals()
        Glibc.signal(SIGXFSZ, SIG_IGN)
        Glibc.signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.store(number, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// A parent (a test runner, a supervisor's thread) may have blocked SIGINT and SIGTERM, and a
    /// blocked mask survives exec: every command takes them back first, so that `site`, `verify`
    /// or `withdraw` waiting for the lock can be stopped like any process. Their default action,
    /// ending the process, is safe there: those commands write through temporary files and renames.
    public static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal received, or 0.
    public static var signal: Int32 { received.load(ordering: .relaxed) }

    public static var requested: Bool { signal != 0 }

    /// Throws once a signal has come.
    @inline(__always)
    static func check() throws(Interrupted) {
        let number = received.load(ordering: .relaxed)
        if number != 0 { throw Interrupted(signal: number) }
    }

    /// Sleeps, but wakes early when a signal comes.
    static func sleep(_ seconds: Double) throws(Interrupted) {
        var remaining = seconds
        while remaining > 0 {
            try check()
            let step = min(remaining, 0.05)
            Thread.sleep(forTimeInterval: step)
            remaining -= step
        }
        try check()
    }

    /// For the tests: forget a signal.
    static func reset() {
        received.store(0, ordering: .relaxed)
    }
}

public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public var signal: Int32
    public var description: String {
        "interrupted by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"); nothing was published for this dataset"
    }
}
