"""Derive councils/data/authorities.csv from mySociety's "UK local authority names and codes".

Run by hand when the source changes (the app never reads the source file):

    .venv/bin/python councils/data/build_authorities_csv.py path/to/uk_local_authorities.csv

It keeps the columns the register needs, applies the corrections listed in README.md (ONS code
changes, the North East and the new combined authorities), maps the source's type codes onto
Authority.Type, and sets each current strategic authority's starting tier. Output is sorted by
register code so a re-run on the same source gives a byte-identical file.
"""

import argparse
import csv
import sys
from pathlib import Path

from django.utils.text import slugify

OUTPUT = Path(__file__).resolve().parent / "authorities.csv"
COLUMNS = [
    "code",
    "name",
    "official_name",
    "slug",
    "gss_code",
    "former_gss_codes",
    "type",
    "nation",
    "region",
    "tier",
    "county",
    "strategic_authority",
    "population",
    "latitude",
    "longitude",
    "start_date",
    "end_date",
    "replaced_by",
    "is_current",
]

# The source's type codes that differ from Authority.Type.
TYPE_MAP = {"SRA": "GLA"}
# Combined county authorities, which the source files under its combined-authority code.
COMBINED_COUNTY = {"EMCA", "GLCA", "DTCA", "LCCA"}

# Starting tiers under the English Devolution and Community Empowerment Act 2026. Researchers
# edit tiers in the admin afterwards; the loader only applies these when it creates a record.
TIERS = {
    "GMCA": "established_mayoral",
    "WMCA": "established_mayoral",
    "GLA": "mayoral",
    "CPCA": "mayoral",
    "EMCA": "mayoral",
    "GLCA": "mayoral",
    "HYCA": "mayoral",
    "LCR": "mayoral",
    "SCR": "mayoral",
    "TVCA": "mayoral",
    "WECA": "mayoral",
    "WYCA": "mayoral",
    "YNYC": "mayoral",
    "NEMC": "mayoral",
    # Established in February 2026 as mayoral combined authorities; first mayors not yet elected.
    "CMCA": "mayoral",
    "CWCA": "mayoral",
    "DTCA": "foundation",
    "LCCA": "foundation",
}

# Strategic authorities missing from the source (see README.md for the evidence).
NEW_AUTHORITIES = [
    {
        "code": "NEMC",
        "name": "North East",
        "official_name": "North East Combined Authority",
        "gss_code": "E47000014",
        "type": "COMB",
        "region": "North East",
        "start_date": "2024-05-07",
        "members": ["DUR", "GAT", "NBL", "NET", "NTY", "STY", "SND"],
    },
    {
        "code": "DTCA",
        "name": "Devon and Torbay CCA",
        "official_name": "Devon and Torbay Combined County Authority",
        "gss_code": "E47000015",
        "type": "CCA",
        "region": "South West",
        # Plymouth is not a constituent member.
        "members": ["DEV", "TOB"],
    },
    {
        "code": "LCCA",
        "name": "Lancashire CCA",
        "official_name": "Lancashire Combined County Authority",
        "gss_code": "E47000018",
        "type": "CCA",
        "region": "North West",
        "members": ["LAN", "BBD", "BPL"],
    },
    {
        # GSS code not confirmed by ONS: left blank rather than guessed.
        "code": "CMCA",
        "name": "Cumbria",
        "official_name": "Cumbria Combined Authority",
        "gss_code": "",
        "type": "COMB",
        "region": "North West",
        "members": ["CBD", "WAF"],
    },
    {
        "code": "CWCA",
        "name": "Cheshire and Warrington",
        "official_name": "Cheshire and Warrington Combined Authority",
        "gss_code": "",
        "type": "COMB",
        "region": "North West",
        "members": ["CHE", "CHW", "WRT"],
    },
]

# Corrections to rows the source has, keyed by register code.
ABOLISHED = {
    "NECA": {"end_date": "2024-05-07", "replaced_by": "NEMC"},
    "NTCA": {"end_date": "2024-05-07", "replaced_by": "NEMC"},
}
RENAMED = {
    "HYCA": {
        "name": "Hull and East Yorkshire",
        "official_name": "Hull and East Yorkshire Combined Authority",
    },
}
NEW_GSS_CODES = {"BNS": "E08000038", "SHF": "E08000039"}


def source_to_row(src: dict) -> dict:
    code = src["local-authority-code"]
    row = {
        "code": code,
        "name": src["nice-name"],
        "official_name": src["official-name"],
        "slug": src["gov-uk-slug"],
        "gss_code": src["gss-code"],
        "former_gss_codes": src["former-gss-codes"],
        "type": TYPE_MAP.get(src["local-authority-type"], src["local-authority-type"]),
        "nation": src["nation"],
        "region": src["region"],
        "tier": "",
        "county": src["county-la"],
        "strategic_authority": src["combined-authority"],
        "population": str(int(float(src["pop-2020"]))) if src["pop-2020"] else "",
        "latitude": f"{float(src['lat']):.6f}" if src["lat"] else "",
        "longitude": f"{float(src['long']):.6f}" if src["long"] else "",
        "start_date": src["start-date"],
        "end_date": src["end-date"],
        "replaced_by": src["replaced-by"],
        "is_current": src["current-authority"],
    }
    if code in COMBINED_COUNTY:
        row["type"] = "CCA"
    return row


def new_row(spec: dict) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update({k: v for k, v in spec.items() if k in COLUMNS})
    row.update({"nation": "England", "is_current": "True"})
    return row


def apply_corrections(rows: dict[str, dict]) -> None:
    for spec in NEW_AUTHORITIES:
        rows[spec["code"]] = new_row(spec)
        for member in spec["members"]:
            rows[member]["strategic_authority"] = spec["code"]
    for code, changes in ABOLISHED.items():
        rows[code].update(changes, is_current="False")
    for code, changes in RENAMED.items():
        rows[code].update(changes)
    for code, gss in NEW_GSS_CODES.items():
        row = rows[code]
        former = [c for c in row["former_gss_codes"].split(",") if c]
        row["former_gss_codes"] = ",".join([*former, row["gss_code"]])
        row["gss_code"] = gss
    for code, tier in TIERS.items():
        rows[code]["tier"] = tier


def fill_population(rows: dict[str, dict]) -> None:
    """A strategic authority with no population gets the sum of its current members'."""
    for row in rows.values():
        if row["population"] or row["type"] not in {"COMB", "CCA"} or row["is_current"] != "True":
            continue
        members = [
            r
            for r in rows.values()
            if r["strategic_authority"] == row["code"] and r["is_current"] == "True"
        ]
        if members and all(m["population"] for m in members):
            row["population"] = str(sum(int(m["population"]) for m in members))


def assign_slugs(rows: dict[str, dict]) -> None:
    """GOV.UK's slug where there is one; otherwise from the name (the official name for
    strategic authorities). A former authority whose slug clashes with a current one gets its
    register code appended, so current authorities keep the obvious address."""
    for row in rows.values():
        if not row["slug"]:
            strategic = row["type"] in {"COMB", "CCA", "GLA"}
            row["slug"] = slugify(row["official_name"] if strategic else row["name"])
        # GOV.UK's slugs are not all URL slugs ("st.-helens"); keep them to [a-z0-9-].
        row["slug"] = slugify(row["slug"])
    ordered = sorted(rows.values(), key=lambda r: (r["is_current"] != "True", r["code"]))
    seen = set()
    for row in ordered:
        if row["slug"] in seen:
            row["slug"] = f"{row['slug']}-{slugify(row['code'])}"
        seen.add(row["slug"])


def check(rows: dict[str, dict]) -> None:
    for row in rows.values():
        for column in ("county", "strategic_authority"):
            if row[column] and row[column] not in rows:
                raise SystemExit(f"{row['code']}: unknown {column} {row[column]}")
        for code in filter(None, row["replaced_by"].split(",")):
            if code not in rows:
                raise SystemExit(f"{row['code']}: unknown replaced_by {code}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="mySociety's uk_local_authorities.csv")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    with args.source.open(newline="", encoding="utf-8") as f:
        rows = {r["local-authority-code"]: source_to_row(r) for r in csv.DictReader(f)}
    apply_corrections(rows)
    fill_population(rows)
    assign_slugs(rows)
    check(rows)

    with args.output.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows.values(), key=lambda r: r["code"]))
    print(f"Wrote {len(rows)} authorities to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
