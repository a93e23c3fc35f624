"""Writes a civil-registry extract for the benchmark, the same bytes for the same seed.

Usage: generate_registry.py ROWS OUTPUT [SEED]

12 columns, ';'-separated UTF-8 with French-style values: dd/mm/yyyy dates, decimal commas,
accented place names, phone numbers of several countries, a free-text column with quoted ';',
quotes and line breaks. 0.5 % of rows carry exactly one defect each.
"""
import random
import sys

rows, output = int(sys.argv[1]), sys.argv[2]
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)

COMMUNES = [("Abidjan", "01"), ("Bouaké", "21"), ("Yamoussoukro", "31"), ("San-Pédro", "41"), ("Korhogo", "51"),
            ("Daloa", "61"), ("Séguéla", "71"), ("Gagnoa", "81"), ("Divo", "82"), ("Abengourou", "91"),
            ("Odienné", "92"), ("Bondoukou", "93")]
NOMS = ["Kouassi", "N'Guessan", "Traoré", "Koné", "Yao", "Bamba", "Coulibaly", "Ouattara", "Diallo", "Konan",
        "Kouadio", "Touré", "Cissé", "Fofana", "Aka", "Brou"]
PRENOMS = ["Aya", "Adjoua", "Mariam", "Fatou", "Awa", "Moussa", "Ibrahim", "Émile", "Hélène", "Désiré", "Chloé", "Koffi"]
NOTES = ["", "", "", "", "Naissance gémellaire", "Déclaration tardive; jugement supplétif n° 12",
         'Mention "à vérifier" portée au registre', "Né à domicile\nDéclaré par le chef de village", "RAS"]


def phone():
    kind = random.randrange(5)
    if kind == 0:
        return "+225 07 %02d %02d %02d %02d" % tuple(random.randrange(100) for _ in range(4))
    if kind == 1:
        return "07%08d" % random.randrange(10 ** 8)
    if kind == 2:
        return "+221 77 %03d %02d %02d" % (random.randrange(1000), random.randrange(100), random.randrange(100))
    if kind == 3:
        return "+212 6 %02d %02d %02d %02d" % tuple(random.randrange(100) for _ in range(4))
    return "+33 6 %02d %02d %02d %02d" % tuple(random.randrange(100) for _ in range(4))


def quote(text):
    if any(c in text for c in ';"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


DEFECTS = ["id", "date", "enum", "range", "required", "postcode", "phone", "decimal", "duplicate"]

with open(output, "w", encoding="utf-8", newline="") as out:
    out.write("N° acte;Identifiant national;Nom;Date de naissance;Commune;Code postal;Téléphone;Sexe;Poids (kg);"
              "Date de déclaration;Frais (FCFA);Observations\r\n")
    previous = None
    for index in range(1, rows + 1):
        commune, prefix = random.choice(COMMUNES)
        day, month, year = random.randint(1, 28), random.randint(1, 12), random.randint(1950, 2025)
        cells = [
            "%d-%07d" % (2025, index),
            "CI%09d" % random.randrange(10 ** 9),
            "%s %s" % (random.choice(NOMS), random.choice(PRENOMS)),
            "%02d/%02d/%04d" % (day, month, year),
            commune,
            prefix + "%03d" % random.randrange(1000),
            phone(),
            random.choice("FM"),
            "%d,%d" % (random.randint(2, 4), random.randrange(10)),
            "%02d/%02d/%04d" % (random.randint(1, 28), random.randint(1, 12), 2025),
            "%d %03d,%02d" % (random.randint(1, 99), random.randrange(1000), random.randrange(100)),
            random.choice(NOTES),
        ]
        if index % 200 == 0:  # 0.5 % of rows, one defect each
            defect = DEFECTS[(index // 200) % len(DEFECTS)]
            if defect == "id":
                cells[1] = "CI-%d" % index
            elif defect == "date":
                cells[3] = "31/02/%04d" % year
            elif defect == "enum":
                cells[7] = "X"
            elif defect == "range":
                cells[8] = "19,5"
            elif defect == "required":
                cells[9] = ""
            elif defect == "postcode":
                cells[5] = "ABCDE"
            elif defect == "phone":
                cells[6] = "12345"
            elif defect == "decimal":
                cells[10] = "beaucoup"
            elif defect == "duplicate" and previous:
                cells[0] = previous
        previous = cells[0]
        out.write(";".join(quote(cell) for cell in cells) + "\r\n")
