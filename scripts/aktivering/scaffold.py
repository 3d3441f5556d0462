"""Create a new kommune package (`aktivering new`) and the metadata every package carries."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from . import schemas
from .load import read_kommuner
from .paths import PACKAGE_RESOURCES, PACKAGES

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def slug(name: str) -> str:
    """'Helsingør' -> 'helsingoer' (Danish transliteration, then ASCII)."""
    text = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def descriptor_for(code: str, name: str) -> dict:
    return {
        "name": f"aktivering-{code}-{slug(name)}",
        "title": f"{name} Kommune: aktivering af aktivitetsparate",
        "description": (f"Tal og initiativer fra {name} Kommunes breve om ret og pligt til aktivering af "
                        "aktivitetsparate modtagere af kontanthjælp, uddannelseshjælp og integrationsydelse, "
                        "hvert tal med det citat det stammer fra."),
        "kommune_code": code,
        "licenses": [LICENSE],
        "sources": [{"title": f"{name} Kommunes breve til Beskæftigelsesministeren (offentlige dokumenter)"}],
        "keywords": ["aktivering", "aktivitetsparate", "kontanthjælp", "ret og pligt", name],
        "resources": [],
    }


def find_kommune(query: str) -> tuple[str, str] | None:
    kommuner = read_kommuner()
    wanted = query.strip().lower().removesuffix(" kommune")
    for code, name in zip(kommuner["kommune_code"], kommuner["name"]):
        if wanted in (code, name.lower(), slug(name)) or wanted.lstrip("0") == code:
            return code, name
    return None


def create_package(query: str, root: Path = PACKAGES) -> Path:
    """Scaffold a package folder; ValueError with a readable message when that is not possible."""
    found = find_kommune(query)
    if not found:
        raise ValueError(f"'{query}' er ikke en af de 98 kommuner i data/reference/kommuner.csv "
                         "(skriv koden, fx 217, eller navnet, fx Helsingør)")
    code, name = found
    existing = [p for p in root.iterdir() if p.is_dir() and p.name.split("-")[0] == code] if root.exists() else []
    if existing:
        raise ValueError(f"{name} ({code}) har allerede en pakke: {existing[0]} — tilføj brevet dér")
    folder = root / f"{code}-{slug(name)}"
    (folder / "transcripts").mkdir(parents=True)
    descriptor = descriptor_for(code, name)
    descriptor["resources"] = [schemas.expected_resource(n) for n in PACKAGE_RESOURCES]
    schemas.write_descriptor(folder / "datapackage.json", descriptor)
    for resource in PACKAGE_RESOURCES:
        header = [f["name"] for f in schemas.canonical(resource)["fields"]]
        (folder / f"{resource}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(descriptor_for("217", "Helsingør"), ensure_ascii=False, indent=2))
