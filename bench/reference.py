"""The benchmark's reference job in plain CPython (csv, hmac, json), doing what
Pipelines/registre.yml asks of Kiosque: validate every column, pseudonymise the ID with
HMAC-SHA256, keep the year of birth, drop the name, write CSV and JSON.

Usage: reference.py SOURCE OUTPUT_DIR   (the key comes from KIOSQUE_PSEUDONYM_KEY)
"""
import csv
import datetime
import hashlib
import hmac
import json
import os
import re
import sys

source, output = sys.argv[1], sys.argv[2]
key = os.environ["KIOSQUE_PSEUDONYM_KEY"].encode()
os.makedirs(output, exist_ok=True)

ACT = re.compile(r"[0-9]{4}-[0-9]{7}")
ID = re.compile(r"CI[0-9]{9}")
POSTCODE = re.compile(r"[0-9]{5}")
PHONE = re.compile(r"\+?[0-9][0-9 ]{7,16}[0-9]")
COMMUNES = {"Abidjan", "Bouaké", "Yamoussoukro", "San-Pédro", "Korhogo", "Daloa", "Séguéla", "Gagnoa", "Divo",
            "Abengourou", "Odienné", "Bondoukou"}
HEADER = ["numero_acte", "identifiant", "annee_naissance", "commune", "code_postal", "telephone", "sexe", "poids_kg",
          "date_declaration", "frais", "observations"]


def number(text, low, high):
    if text == "":
        return None
    value = float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    if not low <= value <= high:
        raise ValueError
    return text.replace(" ", "").replace("\u00a0", "").replace(",", ".")


def date(text):
    day, month, year = text.split("/")
    return datetime.date(int(year), int(month), int(day)).isoformat()


read = published = invalid = 0
seen = set()
with open(source, encoding="utf-8", newline="") as handle, \
        open(os.path.join(output, "registre.csv"), "w", encoding="utf-8", newline="") as csv_out, \
        open(os.path.join(output, "registre.json"), "w", encoding="utf-8") as json_out:
    reader = csv.reader(handle, delimiter=";")
    next(reader)
    writer = csv.writer(csv_out, lineterminator="\n")
    writer.writerow(HEADER)
    json_out.write("[")
    first = True
    for cells in reader:
        read += 1
        try:
            act, ident, _name, birth, commune, postcode, phone, sex, weight, declared, fees, notes = [c.strip() for c in cells]
            if not ACT.fullmatch(act) or act in seen:
                raise ValueError
            seen.add(act)
            if not ID.fullmatch(ident) or not birth or commune not in COMMUNES or sex not in ("F", "M") or not declared:
                raise ValueError
            if postcode and not POSTCODE.fullmatch(postcode):
                raise ValueError
            if phone and not PHONE.fullmatch(phone):
                raise ValueError
            year = date(birth)[:4]
            weight = number(weight, 0.5, 7)
            declared = date(declared)
            fees = number(fees, 0, 1000000)
        except ValueError:
            invalid += 1
            continue
        pseudonym = hmac.new(key, ident.encode(), hashlib.sha256).hexdigest()[:16]
        row = [act, pseudonym, year, commune, postcode or None, phone or None, sex, weight, declared, fees, notes or None]
        writer.writerow(["" if value is None else value for value in row])
        record = {"numero_acte": act, "identifiant": pseudonym, "annee_naissance": int(year), "commune": commune,
                  "code_postal": row[4], "telephone": row[5], "sexe": sex,
                  "poids_kg": None if weight is None else float(weight), "date_declaration": declared,
                  "frais": None if fees is None else float(fees), "observations": row[10]}
        json_out.write(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        first = False
        published += 1
    json_out.write("\n]\n")
print(json.dumps({"read": read, "published": published, "invalid": invalid}))
