import Foundation

/// Real-looking personal data, generated deterministically for the anonymisation tests.
struct PersonalData {
    struct Person {
        var nni: String
        var nom: String
        var prenom: String
        var telephone: String
        var email: String
        var dateNaissance: String
        var age: Int
        var revenu: String
        var codePostal: String
        var commune: String
        var sexe: String
        var commentaire: String
        /// The personal spans inside `commentaire` that `redact` must remove.
        var secrets: [String]
    }

    /// SplitMix64: the same people for the same seed on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(int(0...9))) }) }
    }

    static let noms = ["Kouassi", "N’Guessan", "Traoré", "Koné", "Yao", "Bamba", "Coulibaly", "Ouattara", "Diallo", "Ndiaye",
                       "Benali", "El Amrani", "Trabelsi", "Ben Salah", "Agbodjan", "Mensah", "Dupont", "Lefèvre"]
    static let prenoms = ["Aya", "Adjoua", "Mariam", "Fatou", "Awa", "Aminata", "Moussa", "Ibrahim", "Youssef", "Khadija",
                          "Amine", "Sonia", "Kossi", "Akossiwa", "Émile", "Hélène", "Désiré", "Chloé"]
    static let communes = ["Abidjan", "Bouaké", "Dakar", "Lomé", "Tunis", "Rabat"]

    static func phone(_ random: inout Generator) -> String {
        switch random.int(0...11) {
        case 0: "+225 07 \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 1: "07 \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 2: "+212 6 \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 3: "06 \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 4: "+216 2\(random.digits(1)) \(random.digits(3)) \(random.digits(3))"
        case 5: "9\(random.digits(1)) \(random.digits(3)) \(random.digits(3))"
        case 6: "+228 90 \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 7: "9\(random.digits(1)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        case 8: "+221 77 \(random.digits(3)) \(random.digits(2)) \(random.digits(2))"
        case 9: "77 \(random.digits(3)) \(random.digits(2)) \(random.digits(2))"
        case 10: "+33 6 \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.digits(2))"
        default: "06\(random.digits(8))"
        }
    }

    static func people(count: Int, seed: UInt64 = 2026) -> [Person] {
        var random = Generator(state: seed)
        return (0..<count).map { index in
            let nom = random.pick(noms), prenom = random.pick(prenoms)
            let email = "\(prenom.lowercased().folding(options: .diacriticInsensitive, locale: nil)).\(random.digits(4))@courriel.example"
            let otherPhone = phone(&random)
            let iban = "CI\(random.digits(2)) CI\(random.digits(2)) \(random.digits(4)) \(random.digits(4)) \(random.digits(4)) \(random.digits(4)) \(random.digits(4))"
            let commentaire: String, secrets: [String]
            switch index % 4 {
            case 0: (commentaire, secrets) = ("Contacter \(email) ou au \(otherPhone), merci", [email, otherPhone])
            case 1: (commentaire, secrets) = ("Virement sur \(iban); dossier complet", [iban])
            case 2: (commentaire, secrets) = ("Rappeler le \(otherPhone) avant vendredi", [otherPhone])
            default: (commentaire, secrets) = ("RAS", [])
            }
            let year = random.int(1950...2010)
            return Person(
                nni: "CI\(random.digits(9))",
                nom: nom, prenom: prenom,
                telephone: phone(&random),
                email: email,
                dateNaissance: String(format: "%02d/%02d/%04d", random.int(1...28), random.int(1...12), year),
                age: 2026 - year,
                revenu: "\(random.int(50...900)) \(random.digits(3)),\(random.digits(2))",
                codePostal: "\(random.int(10...99))\(random.digits(3))",
                commune: random.pick(communes),
                sexe: random.pick(["F", "M"]),
                commentaire: commentaire,
                secrets: secrets)
        }
    }

    /// The people as an administration's export: `;`, dd/mm/yyyy, decimal commas, quoted free text.
    static func csv(_ people: [Person]) -> String {
        var lines = ["NNI;Nom;Prénom;Téléphone;Courriel;Date de naissance;Âge;Revenu annuel;Code postal;Commune;Sexe;Commentaire"]
        for person in people {
            let comment = "\"" + person.commentaire.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines.append([person.nni, person.nom, person.prenom, person.telephone, person.email, person.dateNaissance,
                          String(person.age), person.revenu, person.codePostal, person.commune, person.sexe, comment].joined(separator: ";"))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
