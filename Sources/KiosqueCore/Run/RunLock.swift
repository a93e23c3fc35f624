import Foundation

/// The lock that keeps two runs from publishing at once: `flock` on `Output/.kiosque.lock`.
/// The kernel releases it when the holder dies, so a killed run never leaves a stale lock.
/// `run` and `site` hold it while they write; `verify` takes it only to confirm problems it saw.
public final class RunLock {
    public struct Held: Error, Sendable, CustomStringConvertible {
        /// Who holds it, as its note says: `kiosque run (pid 12, started 2026-11-21T08:00:00Z)`.
        public var holder: String
        public var description: String {
            "\(holder) holds the lock; wait for it to finish, or pass --wait"
        }
    }

    private let descriptor: Int32

    /// Takes the lock, waiting for it when `wait` is true, else failing at once with `Held`.
    /// `command` names the holder in the note a second process reads when it finds the lock taken.
    /// `waiting` is told who holds it when this one starts to wait, so that a person at a terminal
    /// is not left before a command that says nothing.
    public init(output: URL, wait: Bool, command: String = "run", waiting: (Held) -> Void = { _ in }) throws {
        try FileSystem.createFolder(output)
        let path = output.appendingPathComponent(".kiosque.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError.cannotCreate(path, errno) }
        // Waiting polls, so that a signal can still stop a run that waits for the lock.
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if wait, !Interruption.requested {
                if !told {
                    waiting(Held(holder: Self.readHolder(descriptor)))
                    told = true
                }
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            let holder = Self.readHolder(descriptor)
            close(descriptor)
            throw Held(holder: holder)
        }
        let note = "kiosque \(command) (pid \(getpid()), started \(RunClock.timestamp(Date())))\n"
        ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readHolder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        if text.isEmpty { return "another kiosque run (holder unknown)" }
        // The note of an earlier release was `pid 12, started …`.
        return text.hasPrefix("kiosque ") ? text : "another kiosque run (\(text))"
    }
}
