import Crypto
import Foundation

/// `kiosque verify`: recomputes the checksum of every published file and compares it with
/// `SHA256SUMS`, `versions.json` and the catalogue.
public struct Verifier {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// What `verify` found: every difference, as sentences naming the file (empty when all is
    /// consistent), and how much was checked.
    public struct Verification {
        public var problems: [String]
        public var files: Int
        public var datasets: Int
    }

    /// What to say when there is no output folder at all: a cron job pointed at the wrong folder
    /// must not be told that all is well.
    public static func missingOutput(_ workspace: Workspace) -> String? {
        if FileSystem.isFolder(workspace.output) { return nil }
        return "no output folder at \(RecipeSet.displayPath(workspace.output))\(RecipeSet.whereRelative(workspace.output)); pass the folder kiosque run publishes into with --output, or run kiosque run first"
    }

    /// Verifies without the lock, so that a check never keeps a run from starting, then confirms
    /// under the lock any problem it saw: a run or `kiosque site` switching stable files or pruning
    /// a version while they are read shows differences that are gone once it has finished.
    /// `waiting` is told (holder, problems seen) when another process holds the lock. Where the
    /// lock cannot be made (an output folder mounted read-only), the first reading stands.
    public func verify(waiting: (RunLock.Held, Int) -> Void) -> Verification {
        let first = verify()
        if first.problems.isEmpty { return first }
        guard let lock = try? RunLock(output: workspace.output, wait: true, command: "verify", waiting: { waiting($0, first.problems.count) }) else {
            return first
        }
        return withExtendedLifetime(lock) { verify() }
    }

    public func verify() -> Verification {
        var problems: [String] = []
        var hashes: [String: String] = [:]
        func hash(_ url: URL) -> String? {
            if let known = hashes[url.path] { return known }
            let value = Self.sha256(of: url)
            hashes[url.path] = value
            return value
        }
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetsFolder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        // A run killed during a promotion leaves its intent: until the next run finishes it, the
        // stable files and the catalogue may stand on either side of the switch.
        var pending: [String: PromotionIntent] = [:]
        // Files already reported as changed, so that the same damage is not reported three times.
        var damaged: Set<String> = []
        for id in ids { pending[id] = PromotionIntent.load(workspace, id).flatMap { $0.isStale(workspace) ? nil : $0 } }
        for id in ids {
            let history: VersionHistory
            do {
                guard let loaded = try workspace.loadHistory(id) else {
                    problems.append("datasets/\(id) has no versions.json")
                    continue
                }
                history = loaded
            } catch {
                problems.append("\(error)")
                continue
            }
            if let problem = Recovery.unlistedPublished(id, history: history, workspace, pending: pending[id]?.version) { problems.append(problem) }
            // A withdrawn version back online: a backup or a mirror restored what was taken down.
            for record in history.withdrawn ?? [] where FileSystem.exists(workspace.versionFolder(id, record.version))
                && pending[id]?.pruned.contains(record.version) != true {
                problems.append("datasets/\(id)/\(record.version) is back, a version withdrawn on \(record.withdrawn.prefix(10)) (restored from a backup, or copied back?); run kiosque site to take it down again")
            }
            // Each version's SHA256SUMS as read here, for the stable metadata's check below.
            var sumsByVersion: [String: [String: String]] = [:]
            for entry in history.versions {
                let folder = workspace.versionFolder(id, entry.version)
                if !FileSystem.exists(folder) {
                    // A version the pending promotion or withdrawal takes away.
                    if pending[id]?.pruned.contains(entry.version) == true { continue }
                    problems.append("datasets/\(id)/\(entry.version) is missing, the whole version folder; restore it from a backup of the output folder, or, if it was deleted to take the version down, run kiosque withdraw \(id) \(entry.version) so that the stable files, versions.json, the catalogue and the site stop pointing at it")
                    continue
                }
                guard let listed = Self.sums(in: folder) else {
                    problems.append("datasets/\(id)/\(entry.version)/SHA256SUMS is missing")
                    continue
                }
                sumsByVersion[entry.version] = listed
                for (name, expected) in listed.sorted(by: { $0.key < $1.key }) {
                    let actual = hash(folder.appendingPathComponent(name))
                    if actual == nil {
                        problems.append("datasets/\(id)/\(entry.version)/\(name) is missing; \(Self.remedy(id, entry, name, history))")
                        damaged.insert(folder.appendingPathComponent(name).path)
                    } else if actual != expected {
                        problems.append("datasets/\(id)/\(entry.version)/\(name) does not match SHA256SUMS: it changed after it was published; \(Self.remedy(id, entry, name, history))")
                        damaged.insert(folder.appendingPathComponent(name).path)
                    }
                }
                // A version folder never changes once written: a file it did not have was put
                // there afterwards, and would be served beside the data as if published with it.
                let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                for name in present.sorted() where name != "SHA256SUMS" && !name.hasPrefix(".") && listed[name] == nil {
                    problems.append("datasets/\(id)/\(entry.version)/\(name) is not one of the version's files (SHA256SUMS does not list it): a version folder never changes once written, so it was put there afterwards; remove it unless someone put it there on purpose")
                }
                for file in entry.files where listed[file.name] != file.sha256 {
                    problems.append("datasets/\(id)/\(entry.version)/\(file.name) differs between versions.json and SHA256SUMS")
                }
            }
            if let current = history.current {
                let intent = pending[id]
                for file in current.files {
                    let stable = workspace.datasetFolder(id).appendingPathComponent(file.name)
                    let accepted = Set([file.sha256] + (intent?.stableHashes(named: file.name) ?? []))
                    guard let actual = hash(stable) else {
                        if let intent, !intent.publishes(file.name) { continue }
                        problems.append("datasets/\(id)/\(file.name) (the stable file of \(current.version)) is missing; run kiosque site to put it back")
                        damaged.insert(stable.path)
                        continue
                    }
                    let versionFile = workspace.versionFolder(id, current.version).appendingPathComponent(file.name)
                    if !accepted.contains(actual) {
                        if damaged.contains(versionFile.path), FileSystem.sameFile(stable, versionFile) {
                            damaged.insert(stable.path)  // one file under two names, already reported
                        } else {
                            problems.append("datasets/\(id)/\(file.name) does not match version \(current.version); run kiosque site to put the stable file back")
                            damaged.insert(stable.path)
                        }
                    }
                }
                problems += verifyStableMetadata(id, current: current, intent: intent, sums: sumsByVersion, hash: hash)
            }
        }
        problems += verifyCatalogue(hash, pending: pending, damaged: damaged)
        return Verification(problems: problems, files: hashes.count, datasets: ids.count)
    }

    /// The metadata beside the stable files (the CSV's CSVW metadata, the Data Package) against the
    /// current version's own, or, while a promotion is pending, either side's. A missing Data Package
    /// is no problem (publications older than it have none there, and the page then links the
    /// version's); a missing CSVW file is, since the page links it.
    /// `sums`: the versions' SHA256SUMS already read, by version.
    private func verifyStableMetadata(_ id: String, current: VersionEntry, intent: PromotionIntent?, sums: [String: [String: String]],
                                      hash: (URL) -> String?) -> [String] {
        var names = [(name: PromotionIntent.packageName, required: false)]
        if let csv = current.files.first(where: { $0.format == PublishFormat.csv.rawValue }) {
            names.append(("\(csv.name)-metadata.json", intent == nil))
        }
        // What each version's SHA256SUMS lists: a damaged version file is reported with its version.
        let listed = Set([current.version] + [intent?.version, intent?.previous?.version].compactMap { $0 })
            .compactMap { sums[$0] ?? Self.sums(in: workspace.versionFolder(id, $0)) }
        var problems: [String] = []
        for (name, required) in names {
            guard let actual = hash(workspace.datasetFolder(id).appendingPathComponent(name)) else {
                if required { problems.append("datasets/\(id)/\(name) (the stable file of \(current.version)) is missing; run kiosque site to put it back") }
                continue
            }
            let accepted = listed.compactMap { $0[name] }
            if !accepted.isEmpty, !accepted.contains(actual) {
                problems.append("datasets/\(id)/\(name) does not match version \(current.version); run kiosque site to put the stable file back")
            }
        }
        return problems
    }

    /// What a version folder's `SHA256SUMS` lists: each file's SHA-256 by name; nil when it cannot be read.
    static func sums(in folder: URL) -> [String: String]? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("SHA256SUMS"), encoding: .utf8) else { return nil }
        var listed: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            listed[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        return listed
    }

    /// Each distribution's checksum in the catalogue against the file its download URL names.
    private func verifyCatalogue(_ hash: (URL) -> String?, pending: [String: PromotionIntent], damaged: Set<String>) -> [String] {
        let url = workspace.catalog.appendingPathComponent("catalog.jsonld")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let graph = document["@graph"] as? [[String: Any]] else {
            return ["\(url.path) is not the JSON-LD kiosque writes"]
        }
        var problems: [String] = []
        var distributions: [[String: Any]] = []
        func collect(_ node: [String: Any]) {
            if node["dcat:downloadURL"] != nil { distributions.append(node) }
            for value in node.values {
                for item in (value as? [Any]) ?? [value] {
                    if let child = item as? [String: Any] { collect(child) }
                }
            }
        }
        graph.forEach(collect)
        guard let catalogNode = graph.first, let catalogIRI = catalogNode["@id"] as? String,
              catalogIRI.hasSuffix("catalog") else { return problems }
        let base = String(catalogIRI.dropLast("catalog".count))
        for distribution in distributions {
            guard let download = ((distribution["dcat:downloadURL"] as? [[String: Any]])?.first?["@id"]) as? String,
                  download.hasPrefix(base),
                  let checksum = (distribution["spdx:checksum"] as? [[String: Any]])?.first,
                  let value = ((checksum["spdx:checksumValue"] as? [[String: Any]])?.first?["@value"]) as? String else { continue }
            let relative = String(download.dropFirst(base.count)).removingPercentEncoding ?? ""
            let file = workspace.output.appendingPathComponent(relative)
            let parts = relative.split(separator: "/").map(String.init)
            let intent = parts.count >= 3 && parts[0] == "datasets" ? pending[parts[1]] : nil
            if damaged.contains(file.path) { continue }
            guard let actual = hash(file) else {
                // A version the pending promotion prunes, or a format the new version dropped.
                if let intent, parts.count == 4 ? intent.pruned.contains(parts[2]) : !intent.publishes(parts[2]) { continue }
                problems.append("the catalogue lists \(relative), which is missing; run kiosque site")
                continue
            }
            if actual == value { continue }
            // The catalogue still describes the version before the pending promotion.
            if let intent, parts.count == 3, intent.stableHashes(named: parts[2]).contains(value),
               intent.stableHashes(named: parts[2]).contains(actual) { continue }
            problems.append("the catalogue's checksum of \(relative) does not match the file; run kiosque site")
        }
        return problems
    }

    /// What to do about a damaged file of a version folder. A data file of the current version can
    /// be made again, byte for byte, by `run --force` while the source gives the same rows; any
    /// other file holds the moment of its run (or an older content) and only a backup has it.
    static func remedy(_ id: String, _ entry: VersionEntry, _ name: String, _ history: VersionHistory) -> String {
        let backup = "restore it from a backup of the output folder"
        guard entry.version == history.current?.version else { return backup }
        if name == entry.changes?.file {
            return "\(backup), or run kiosque run --force \(id) to make it again from the CSV files of \(entry.changes?.previous ?? "the previous version") and \(entry.version) if the source still gives the same rows"
        }
        guard entry.files.contains(where: { $0.name == name }) else { return backup }
        return "\(backup), or run kiosque run --force \(id) to write it again from the source if the source still gives the same rows"
    }

    static func sha256(of url: URL) -> String? {
        guard let file = try? ChunkedFile(url) else { return nil }
        var hasher = SHA256()
        while let chunk = try? file.next() { hasher.update(bufferPointer: UnsafeRawBufferPointer(chunk)) }
        return Hex.string(hasher.finalize())
    }
}
