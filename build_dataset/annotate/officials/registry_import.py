"""Registry entries from a Wikidata query result, merged into an officials registry.

``resources/wikidata_officials.rq`` asks Wikidata for positions held (P39) with their start (P580) and end (P582)
dates; the query service returns the standard SPARQL JSON result (``{"head": ..., "results": {"bindings": [...]}}``),
one row per person, position and alias. This module turns those rows into entries of the same shape as
``resources/officials.yaml`` (one per person, several offices) and merges them into an existing registry: a person
is matched by ``wikidata_id``, then by a spelling of the name in the same country; new offices and aliases are
appended, empty ids and dates are filled in, and nothing already in the registry is dropped or changed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pycountry
import yaml

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEFAULT_REGISTRY = RESOURCES / "officials.yaml"
QUERY = RESOURCES / "wikidata_officials.rq"
ENTITY_PREFIX = "http://www.wikidata.org/entity/"
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
# ISO 3166-1 alpha-2 codes, the only country values the dataset's schema accepts (no "EU", no "XK").
COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)
# wikibase:timePrecision -> how many characters of "YYYY-MM-DD" are known.
PRECISION_CHARS = {9: 4, 10: 7, 11: 10}
ROLE_FILLER = frozenset({"of", "for", "the", "and", "to", "s"})
ENTRY_KEYS = ("name", "country", "aliases", "offices", "wikidata_id", "source")


# --- SPARQL JSON rows -> entries -------------------------------------------------------------------------------


def _value(row: dict, key: str) -> str | None:
    cell = row.get(key)
    return cell.get("value") if cell else None


def _qid(uri: str | None) -> str | None:
    return uri.rsplit("/", 1)[-1] if uri and uri.startswith(ENTITY_PREFIX) else None


def _date(row: dict, key: str) -> str | None:
    """An ISO time value cut to its precision: "2025-06-04", "2025-06" or "2025" (day precision when unknown)."""
    value = _value(row, key)
    if not value:
        return None
    precision = int(_value(row, key + "Precision") or 11)
    return value.lstrip("+")[: PRECISION_CHARS.get(precision, 10)]


def _role(position_label: str, country_label: str | None) -> str:
    """The position's label without its country: "President of South Korea" -> "President",
    "United States Secretary of State" -> "Secretary of State", "Minister for Foreign Affairs (Japan)" -> ..."""
    role = position_label.strip()
    if country_label:
        name = re.escape(country_label)
        role = re.sub(rf"\s*\((?:the )?{name}\)$|\s+(?:of|in) (?:the )?{name}$|^(?:the )?{name}(?:'s)?\s+", "", role)
    return role[:1].upper() + role[1:]


def _country(row: dict) -> str | None:
    code = (_value(row, "countryCode") or "").upper()
    return code if code in COUNTRY_CODES else None


def _office(row: dict) -> dict:
    role = _role(_value(row, "positionLabel") or _qid(_value(row, "position")) or "", _value(row, "countryLabel"))
    return {"role": role, "start": _date(row, "start"), "end": _date(row, "end")}


def _new_person(row: dict, qid: str) -> dict:
    return {
        "name": _value(row, "personLabel") or qid,
        "aliases": [],
        "offices": [],
        "countries": [],
        "wikidata_id": qid,
        "source": _value(row, "article") or WIKIDATA_PAGE + qid,
    }


def _aliases(row: dict) -> list[str]:
    """One alias per row (``alias``), or several joined by "|" (``aliases``, from a GROUP_CONCAT query)."""
    found = [_value(row, "alias") or ""] + (_value(row, "aliases") or "").split("|")
    return [alias.strip() for alias in found if alias.strip()]


def _add_row(people: dict[str, dict], row: dict) -> None:
    qid = _qid(_value(row, "person"))
    country = _country(row)
    if qid is None or country is None:
        return
    person = people.setdefault(qid, _new_person(row, qid))
    office = _office(row)
    if office["role"] and office not in person["offices"]:
        person["offices"].append(office)
        person["countries"].append((office["start"] or "", country))
    person["aliases"] += [a for a in _aliases(row) if a != person["name"] and a not in person["aliases"]]


def _office_key(office: dict) -> tuple:
    return (office.get("start") or "", office.get("end") or "9999", office.get("role") or "")


def _finish(person: dict) -> dict:
    """A registry entry: the country of the latest office, offices by date, aliases sorted."""
    country = max(person["countries"])[1]
    return {
        "name": person["name"],
        "country": country,
        "aliases": sorted(person["aliases"], key=str.casefold),
        "offices": sorted(person["offices"], key=_office_key),
        "wikidata_id": person["wikidata_id"],
        "source": person["source"],
    }


def _entry_order(entry: dict) -> tuple:
    return (entry["country"], entry["name"].casefold(), entry.get("wikidata_id") or "")


def entries_from_result(result: dict) -> list[dict]:
    """One entry per person in a SPARQL JSON result, ordered by country, name and QID (not by row order)."""
    people: dict[str, dict] = {}
    for row in (result.get("results") or {}).get("bindings") or []:
        _add_row(people, row)
    entries = [_finish(person) for person in people.values() if person["offices"]]
    return sorted(entries, key=_entry_order)


# --- merging into an existing registry -------------------------------------------------------------------------


def _fold(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _role_words(role: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", role.casefold())) - ROLE_FILLER


def _same_day(a: str | None, b: str | None) -> bool:
    """Dates agree at the coarser of their precisions ("2025-06" and "2025-06-04" do); two unknowns agree."""
    if not a or not b:
        return not a and not b
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _same_office(old: dict, new: dict) -> bool:
    """The same office in other words: same start, and one role's words contain the other's
    ("Minister of Foreign Affairs" = "Minister for Foreign Affairs"; "President" = "President of Korea")."""
    if not _same_day(old.get("start"), new.get("start")):
        return False
    a, b = _role_words(old.get("role") or ""), _role_words(new.get("role") or "")
    return a <= b or b <= a


def _spellings(entry: dict) -> set[str]:
    return {_fold(name) for name in [entry["name"], *(entry.get("aliases") or [])]}


def _match(entries: list[dict], new: dict) -> dict | None:
    """The existing entry for ``new``: same QID, else (when it has no other QID) a shared spelling in one country."""
    qid = new.get("wikidata_id")
    found = next((e for e in entries if qid and e.get("wikidata_id") == qid), None)
    if found is not None:
        return found
    spellings = _spellings(new)
    same_name = (e for e in entries if e.get("wikidata_id") in (None, qid) and _spellings(e) & spellings)
    return next((e for e in same_name if e["country"] == new["country"]), None)


def _merge_offices(offices: list[dict], new_offices: list[dict]) -> list[dict]:
    merged = [dict(o) for o in offices]
    for new in new_offices:
        same = next((o for o in merged if _same_office(o, new)), None)
        if same is None:
            merged.append(dict(new))
            continue
        for key in ("start", "end"):
            if same.get(key) is None and new.get(key) is not None:
                same[key] = new[key]
    return merged


def _merge_entry(old: dict, new: dict) -> dict:
    """``old`` with what ``new`` adds: its QID if ``old`` has none, new aliases and new offices appended."""
    merged = {key: old.get(key) for key in ENTRY_KEYS} | {k: v for k, v in old.items() if k not in ENTRY_KEYS}
    merged["wikidata_id"] = old.get("wikidata_id") or new.get("wikidata_id")
    known = _spellings(old)
    merged["aliases"] = list(old.get("aliases") or []) + [a for a in new["aliases"] if _fold(a) not in known]
    merged["aliases"] = list(dict.fromkeys(merged["aliases"]))
    if _fold(new["name"]) not in known:
        merged["aliases"].append(new["name"])
    merged["offices"] = _merge_offices(old.get("offices") or [], new["offices"])
    return merged


def merge_entries(existing: list[dict], imported: list[dict]) -> list[dict]:
    """``existing`` in its order, each updated from its imported match, then the unmatched imported entries sorted
    by country, name and QID. Never drops an entry, an alias, an office or a set value."""
    merged = [dict(entry) for entry in existing]
    added: list[dict] = []
    for new in imported:
        old = _match(merged + added, new)
        if old is None:
            added.append(dict(new))
            continue
        target = merged if any(old is e for e in merged) else added
        target[next(i for i, e in enumerate(target) if e is old)] = _merge_entry(old, new)
    return merged + sorted(added, key=_entry_order)


# --- files -----------------------------------------------------------------------------------------------------


def load_entries(path: Path) -> list[dict]:
    """The ``officials`` list of a registry file (empty when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("officials") or []


def import_wikidata(result_json_path, existing_registry_path) -> list[dict]:
    """The registry at ``existing_registry_path`` merged with the entries of a saved query result."""
    result = json.loads(Path(result_json_path).read_text(encoding="utf-8"))
    if not isinstance(result, dict) or "results" not in result:
        raise ValueError(f"{result_json_path}: not a SPARQL JSON result (no 'results' key)")
    return merge_entries(load_entries(existing_registry_path), entries_from_result(result))


def _scalar(value) -> str:
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def _source(url: str) -> str:
    return url if re.fullmatch(r"https?://[^\s#\"]+", url or "") else _scalar(url)


def _qid_text(qid: str | None) -> str:
    return qid if re.fullmatch(r"Q\d+", qid or "") else _scalar(qid)


def _entry_lines(entry: dict) -> list[str]:
    offices = [
        "      - {" + ", ".join(f"{k}: {_scalar(o.get(k))}" for k in ("role", "start", "end")) + "}"
        for o in entry.get("offices") or []
    ]
    extra = [f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items() if k not in ENTRY_KEYS]
    return [
        f"  - name: {_scalar(entry['name'])}",
        f"    country: {entry['country']}",
        "    aliases: [" + ", ".join(_scalar(a) for a in entry.get("aliases") or []) + "]",
        "    offices:" if offices else "    offices: []",
        *offices,
        f"    wikidata_id: {_qid_text(entry.get('wikidata_id'))}",
        f"    source: {_source(entry['source'])}",
        *extra,
    ]


def dump_registry(entries: list[dict], header: str = "") -> str:
    """The registry file text in the layout of ``officials.yaml`` (one flow mapping per office)."""
    lines = [line for entry in entries for line in _entry_lines(entry)]
    return header + "officials:\n" + "\n".join(lines) + "\n"


def registry_header(path: Path) -> str:
    """The comment lines before ``officials:`` in an existing registry file, kept when it is rewritten."""
    path = Path(path)
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^officials:", text, re.MULTILINE)
    return text[: found.start()] if found else ""


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The arguments of ``build-dataset registry import-wikidata`` (also this module's own command line)."""
    parser.add_argument("result", type=Path, help="the query result saved as JSON (SPARQL JSON results format)")
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry to merge into")
    parser.add_argument("--output", type=Path, help="where to write the merged registry (default: --registry)")
    return parser


DESCRIPTION = f"Merge a saved Wikidata query result (the JSON of {QUERY.name}) into an officials registry."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build-dataset registry import-wikidata", description=DESCRIPTION)
    return run(add_arguments(parser).parse_args(argv))


def run(args: argparse.Namespace) -> int:
    before = load_entries(args.registry)
    merged = import_wikidata(args.result, args.registry)
    output = args.output or args.registry
    output.write_text(dump_registry(merged, registry_header(args.registry)), encoding="utf-8")
    changed = sum(1 for old, new in zip(before, merged) if old != new)
    print(f"{output}: {len(merged)} officials, {len(merged) - len(before)} new, {changed} updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
