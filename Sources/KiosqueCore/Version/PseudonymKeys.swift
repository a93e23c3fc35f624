import Foundation

/// The keys a run pseudonymises under, held against the ones the current version was published
/// under. Pseudonyms link records across versions only while the key stays the same: a run whose
/// environment holds another key (cron's, a new server's) would republish every pseudonym changed,
/// for good. That is refused unless the recipe pins the new key with `key_id`, and a version made
/// under a pinned new key says so in its notes.
struct PseudonymKeys {
    /// The identifier of each pseudonymised field's key in this run, by field name.
    var identifiers: [String: String]
    /// The fields whose key the recipe pinned anew since the current version.
    var rekeyed: [String]

    /// The run's keys against `history`'s current version. Throws, naming each field, when a key
    /// differs and the recipe does not pin it; its message shows the keys' identifiers, never a key.
    static func check(_ recipe: Recipe, identifiers: [String: String], history: VersionHistory,
                      historyPath: String) throws(PublishError) -> PseudonymKeys {
        let found = compare(recipe, identifiers: identifiers, history: history)
        guard found.problems.isEmpty else {
            throw PublishError(found.problems.map(\.message).joined(separator: "; ") + "; nothing was published (\(historyPath) lists the identifiers of the keys each version was published under)")
        }
        return PseudonymKeys(identifiers: identifiers, rekeyed: found.rekeyed)
    }

    /// The fields published under another key than the current version's: pinned anew in the
    /// recipe (`rekeyed`), or not (`problems`: one for the fields that share a key, with what to do).
    static func compare(_ recipe: Recipe, identifiers: [String: String], history: VersionHistory)
        -> (rekeyed: [String], problems: [(fields: [FieldSpec], message: String)]) {
        guard let current = history.current, let published = current.pseudonymKeys else { return ([], []) }
        var rekeyed: [String] = []
        // By variable and the two keys' identifiers, in the recipe's order.
        var groups: [(variable: String, now: String, before: String, fields: [FieldSpec])] = []
        for field in recipe.fields {
            guard case .pseudonymise(let reference, _, let pinned)? = field.anonymise,
                  let now = identifiers[field.name], let before = published[field.name], now != before else { continue }
            if pinned == now {
                rekeyed.append(field.name)
                continue
            }
            let variable = PrivacyKeys.variable(in: reference)
            if let index = groups.firstIndex(where: { $0.variable == variable && $0.now == now && $0.before == before }) {
                groups[index].fields.append(field)
            } else {
                groups.append((variable, now, before, [field]))
            }
        }
        let problems = groups.map { group in
            let names = group.fields.map { "'\($0.name)'" }.joined(separator: ", ")
            let message = "\(group.fields.count == 1 ? "field" : "fields") \(names): the key in \(group.variable) (identifier \(group.now)) is not the key version \(current.version) was published under (identifier \(group.before)), so every pseudonym would change and reusers could no longer link its records to the published ones. If this environment (cron's, another server's) holds another value of \(group.variable) than the runs before, give it the key they used; if the key was changed on purpose, pin the new one with key_id: \(group.now) in the pseudonymise settings of \(group.fields.count == 1 ? "the field" : "each of these fields")"
            return (group.fields, message)
        }
        return (rekeyed, problems)
    }
}
