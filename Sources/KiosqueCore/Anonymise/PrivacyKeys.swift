import Crypto
import Foundation

/// The secret keys of `pseudonymise`, read from the environment. A missing or short key is an
/// error that names the variable and never shows its value; there is no unkeyed fallback.
enum PrivacyKeys {
    static let minimumBytes = 32

    /// The environment variable a key's `${env:NAME}` reference names.
    static func variable(in reference: String) -> String {
        EnvReference.names(in: reference)?.first ?? reference
    }

    static func resolve(_ reference: String, field: String, environment: [String: String]) throws(PlanError) -> SymmetricKey {
        let name = variable(in: reference)
        guard let value = environment[name], !value.isEmpty else {
            throw PlanError("field '\(field)': the pseudonymisation key variable \(name) is not set; export a secret of at least \(minimumBytes) bytes (for example the output of openssl rand -hex 32) before running kiosque")
        }
        let bytes = Array(value.utf8)
        guard bytes.count >= minimumBytes else {
            throw PlanError("field '\(field)': the pseudonymisation key in \(name) is \(bytes.count) bytes; it must be at least \(minimumBytes) bytes (for example the output of openssl rand -hex 32)")
        }
        return SymmetricKey(data: bytes)
    }

    /// How many hexadecimal characters a key's identifier has.
    static let identifierLength = 12

    /// A key's identifier: the start of its HMAC-SHA256 over a fixed label, so that it names the key
    /// (in `versions.json`, in a recipe's `key_id`) without telling anything of it or of any value.
    /// Someone guessing keys could test a guess against it, as they could against any pseudonym
    /// of a value they know; a key of 32 random bytes is out of reach of both.
    static func identifier(of key: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("kiosque pseudonymisation key identifier".utf8), using: key)
        return String(Hex.string(code).prefix(identifierLength))
    }

    /// What is wrong when the recipe pins another key than the one the environment holds.
    static func pinProblem(field: String, variable: String, key: SymmetricKey, pinned: String?) -> String? {
        guard let pinned, case let found = identifier(of: key), found != pinned else { return nil }
        return "field '\(field)': the key in \(variable) has the identifier \(found), not the key_id \(pinned) the recipe pins; export the key the recipe was pinned to, or, if this is a new key on purpose, write key_id: \(found) in its pseudonymise settings"
    }

    /// The identifier of each pseudonymised field's key that the environment holds, by field name;
    /// fields whose key is missing or short are left out (`diagnostics` says why).
    static func identifiers(_ recipe: Recipe, environment: [String: String]) -> [String: String] {
        var identifiers: [String: String] = [:]
        for field in recipe.fields {
            guard case .pseudonymise(let reference, _, _)? = field.anonymise,
                  let key = try? resolve(reference, field: field.name, environment: environment) else { continue }
            identifiers[field.name] = identifier(of: key)
        }
        return identifiers
    }

    static func isIdentifier(_ text: String) -> Bool {
        text.utf8.count == identifierLength && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Every key problem of a recipe, as diagnostics at the field's `anonymise` key. `run` stops
    /// on any of them. `check` may run where the secrets are not (a recipes repository's CI): there
    /// a key that is not set is a warning, and one that is set but short is still an error.
    static func diagnostics(_ recipe: Recipe, environment: [String: String], missingIsError: Bool = true) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for field in recipe.fields {
            guard case .pseudonymise(let reference, _, let pinned)? = field.anonymise else { continue }
            let name = variable(in: reference)
            if !missingIsError, (environment[name] ?? "").isEmpty {
                diagnostics.append(Diagnostic(.warning, "field '\(field.name)': the pseudonymisation key variable \(name) is not set here; kiosque run stops until a secret of at least \(minimumBytes) bytes is exported in its environment (for example the output of openssl rand -hex 32)", at: field.anonymiseSpot))
                continue
            }
            do {
                let key = try resolve(reference, field: field.name, environment: environment)
                if let problem = pinProblem(field: field.name, variable: name, key: key, pinned: pinned) {
                    diagnostics.append(Diagnostic(.error, problem, at: field.anonymiseSpot))
                }
            } catch {
                diagnostics.append(Diagnostic(.error, error.message, at: field.anonymiseSpot))
            }
        }
        return diagnostics
    }
}
