#!/usr/bin/env python3
"""Writes microdata-tools deliveries (NAME/NAME.json + NAME.csv) for the benchmark's variables,
at any size, so `kohort bench --datastore …` can run while the built-in synthetic source is not
available. Three delivery folders are written, one per datastore:

    OUT/ssb/  BEFOLKNING_KJOENN, BEFOLKNING_FOEDSELS_AAR_MND, BEFOLKNING_KOMMNR_FORMELL,
              NUDB_BU, INNTEKT_WLONN                                      (PERSON)
    OUT/npr/  NPR_EPISODE_KONTAKT (EVENT), NPR_EPISODE_PERSONID          (NPR_EPISODE)
    OUT/krg/  KRG_KJERNE_PERSONID, KRG_KJERNE_DIAGNOSEDATO, KRG_KJERNE_DODSDATO,
              KRG_KJERNE_ALDER_DIAGNOSE, KRG_KJERNE_STADIUM              (KRG_KREFTTILFELLE)

Usage:  python3 Tests/bench/make_store.py OUT --persons 1000000 [--contacts-per-person 7.3]
        [--cases-per-person 0.22] [--seed 1]
then    kohort datastore import OUT/ssb/* --into STORES/ssb --name no.ssb.fdb  (and npr, krg)
(Tests/bench/make_store.sh does both.) Proportions follow issue 10's full size: 5.5 M persons,
about 40 M NPR contacts, about 1.2 M cancer cases. Pure standard library; deterministic per seed.
"""
import argparse, json, os, random

def text(v): return [{"languageCode": "no", "value": v}]

def metadata(temporality, unit, data_type, label, codes=None):
    measure = {"name": text(label), "description": text(label + " (syntetisk, benchmark)"), "dataType": data_type}
    if codes:
        measure["valueDomain"] = {"codeList": [{"code": c, "categoryTitle": text(t), "validFrom": "1900-01-01"} for c, t in codes]}
    else:
        measure["valueDomain"] = {"description": text(label), "measurementType": "QUANTITY",
                                  "measurementUnitDescription": text("antall")}
    return {"temporalityType": temporality, "sensitivityLevel": "PERSON_GENERAL",
            "populationDescription": text("Syntetisk benchmarkpopulasjon"),
            "spatialCoverageDescription": text("Norge"), "subjectFields": [text("BENCHMARK")],
            "dataRevision": {"description": text("Første publisering.")},
            "identifierVariables": [{"unitType": unit}], "measureVariables": [measure]}

def write(root, name, meta, rows):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".json"), "w") as f: json.dump(meta, f, ensure_ascii=False, indent=1)
    with open(os.path.join(d, name + ".csv"), "w") as f:
        f.writelines(rows)

def iso(day):  # days since 1970-01-01
    import datetime
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--contacts-per-person", type=float, default=40.0 / 5.55)
    ap.add_argument("--cases-per-person", type=float, default=1.2 / 5.55)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    n = a.persons
    ids = [10_000_000_000 + i for i in range(n)]
    ssb, npr, krg = (os.path.join(a.out, s) for s in ("ssb", "npr", "krg"))

    kommuner = [f"{k:04d}" for k in list(range(301, 302)) + list(range(1101, 1160)) + list(range(1501, 1580))
                + list(range(3001, 3060)) + list(range(3101, 3160)) + list(range(4601, 4660)) + list(range(5001, 5060))]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(kommuner))]
    nus = [(str(c), f"Nivå {c}") for c in range(0, 9)]
    kjoenn = [rng.choice("12") for _ in range(n)]
    write(ssb, "BEFOLKNING_KJOENN", metadata("FIXED", "PERSON", "STRING", "Kjønn", [("1", "Mann"), ("2", "Kvinne")]),
          (f"{i};{k};;;\n" for i, k in zip(ids, kjoenn)))
    byear = [rng.randint(1920, 2023) for _ in range(n)]
    write(ssb, "BEFOLKNING_FOEDSELS_AAR_MND", metadata("FIXED", "PERSON", "LONG", "Fødselsår og -måned"),
          (f"{i};{y * 100 + rng.randint(1, 12)};;;\n" for i, y in zip(ids, byear)))
    komm = rng.choices(kommuner, weights=weights, k=n)
    write(ssb, "BEFOLKNING_KOMMNR_FORMELL", metadata("STATUS", "PERSON", "STRING", "Bostedskommune", [(k, "Kommune " + k) for k in kommuner]),
          (f"{i};{k};2024-01-01;2024-01-01;\n" for i, k in zip(ids, komm)))
    write(ssb, "NUDB_BU", metadata("EVENT", "PERSON", "STRING", "Utdanningsnivå", nus),
          (f"{i};{rng.choice('012345678')};{y + 16}-08-15;;\n" for i, y in zip(ids, byear) if y <= 2007))
    write(ssb, "INNTEKT_WLONN", metadata("ACCUMULATED", "PERSON", "LONG", "Lønnsinntekter"),
          (f"{i};{0 if rng.random() < 0.3 else int(rng.lognormvariate(12.8, 0.7))};2023-01-01;2023-12-31;\n" for i in ids))

    m = int(n * a.contacts_per_person)
    start2016 = 16801  # 2016-01-01
    persons_of = [ids[min(n - 1, int(rng.paretovariate(1.3) * n / 8) % n)] for _ in range(m)]
    starts = [start2016 + rng.randrange(3653) for _ in range(m)]
    level = rng.choices("123", weights=[0.85, 0.05, 0.10], k=m)
    write(npr, "NPR_EPISODE_KONTAKT", metadata("EVENT", "NPR_EPISODE", "STRING", "Kontakt",
                                                [("1", "Poliklinisk"), ("2", "Dagopphold"), ("3", "Døgnopphold")]),
          (f"{j};{l};{iso(s)};{iso(s + (rng.randint(1, 9) if l == '3' else 0))};\n" for j, (s, l) in enumerate(zip(starts, level), 1)))
    write(npr, "NPR_EPISODE_PERSONID", metadata("FIXED", "NPR_EPISODE", "LONG", "Person (episode)"),
          (f"{j};{p};;;\n" for j, p in enumerate(persons_of, 1)))

    c = int(n * a.cases_per_person)
    case_person = [rng.choice(ids) for _ in range(c)]
    diag = [3653 + rng.randrange(54 * 365) for _ in range(c)]  # 1980 … 2023
    write(krg, "KRG_KJERNE_PERSONID", metadata("FIXED", "KRG_KREFTTILFELLE", "LONG", "Person"),
          (f"{j};{p};;;\n" for j, p in enumerate(case_person, 1)))
    write(krg, "KRG_KJERNE_DIAGNOSEDATO", metadata("FIXED", "KRG_KREFTTILFELLE", "DATE", "Diagnosedato"),
          (f"{j};{iso(d)};;;\n" for j, d in enumerate(diag, 1)))
    write(krg, "KRG_KJERNE_DODSDATO", metadata("FIXED", "KRG_KREFTTILFELLE", "DATE", "Dødsdato"),
          (f"{j};{iso(d + int(rng.expovariate(1 / 3000)))};;;\n" for j, d in enumerate(diag, 1) if rng.random() < 0.45 and d + 3000 < 20088))
    write(krg, "KRG_KJERNE_ALDER_DIAGNOSE", metadata("FIXED", "KRG_KREFTTILFELLE", "LONG", "Alder ved diagnose"),
          (f"{j};{max(0, min(104, int(rng.gauss(68, 13))))};;;\n" for j in range(1, c + 1)))
    write(krg, "KRG_KJERNE_STADIUM", metadata("FIXED", "KRG_KREFTTILFELLE", "STRING", "Stadium",
                                              [("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV"), ("9", "Ukjent")]),
          (f"{j};{rng.choice('12349')};;;\n" for j in range(1, c + 1)))
    print(f"{n} persons, {m} NPR contacts, {c} cancer cases in {a.out}")

if __name__ == "__main__":
    main()
