import Crypto
import Foundation

/// The secret keys of `pseudonymise`, read from the environment. A missing or short key is an
/// error that names the variable and never shows its value; there is no unkeyed fallback.
enum PrivacyKeys {
    static let minimumBytes = 32

    /// The key a field's `${env:NAME}` reference designates.
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

    /// Every key problem of a recipe, as diagnostics at the field's `anonymise` key. `run` stops
    /// on any of them. `check` may run where the secrets are not (a recipes repository's CI): there
    /// a key that is not set is a warning, and one that is set but short is still an error.
    static func diagnostics(_ recipe: Recipe, environment: [String: String], missingIsError: Bool = true) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for field in recipe.fields {
            guard case .pseudonymise(let reference, _)? = field.anonymise else { continue }
            let name = variable(in: reference)
            if !missingIsError, (environment[name] ?? "").isEmpty {
                diagnostics.append(Diagnostic(.warning, "field '\(field.name)': the pseudonymisation key variable \(name) is not set here; kiosque run stops until a secret of at least \(minimumBytes) bytes is exported in its environment (for example the output of openssl rand -hex 32)", at: field.anonymiseSpot))
                continue
            }
            do {
                _ = try resolve(reference, field: field.name, environment: environment)
            } catch {
                diagnostics.append(Diagnostic(.error, error.message, at: field.anonymiseSpot))
            }
        }
        return diagnostics
    }
}
