"""Create a new kommune package (`aktivering new`) and the metadata every package carries."""

from __future__ import annotations

import difflib
import json
import shutil
import tempfile
from pathlib import Path

from . import schemas
from .load import read_kommuner
from .paths import PACKAGES, PUBLISHED_RESOURCES, ROOT
from .problems import Problem
from .slugs import slug

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


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
    """(code, name) for a code ('217', '0217') or a name ('Helsingør', 'helsingoer', 'Helsingør Kommune')."""
    kommuner = read_kommuner()
    wanted = query.strip().lower().removesuffix(" kommune")
    for code, name in zip(kommuner["kommune_code"], kommuner["name"]):
        if wanted in (code, name.lower(), slug(name)) or (wanted.isdigit() and wanted.lstrip("0") == code):
            return code, name
    return None


class ScaffoldRefused(ValueError):
    """No package was created; `problem` says why (Danish and English via Problem.format)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format("da"))
        self.problem = problem


def package_folder(code: str, root: Path = PACKAGES) -> Path | None:
    """The existing package folder of a kommune code, if any."""
    if not root.exists():
        return None
    return next((p for p in sorted(root.iterdir()) if p.is_dir() and p.name.split("-")[0] == code), None)


def create_package(query: str, root: Path = PACKAGES) -> Path:
    """Scaffold a package folder: descriptor, CSVs with their headers, an empty transcripts/.

    It is built in a hidden folder and renamed into place, so a failure leaves nothing behind."""
    found = find_kommune(query)
    if not found:
        names = [f"{n} ({c})" for c, n in zip(read_kommuner()["kommune_code"], read_kommuner()["name"])]
        closest = difflib.get_close_matches(query.strip().title(), names, n=3, cutoff=0) or names[:3]
        raise ScaffoldRefused(Problem("kommune-not-found", "data/reference/kommuner.csv", value=query,
                                      params={"closest": ", ".join(closest)}))
    code, name = found
    existing = package_folder(code, root)
    if existing:
        where = existing.relative_to(ROOT) if existing.is_relative_to(ROOT) else existing
        raise ScaffoldRefused(Problem("package-exists", str(where), value=existing.name,
                                      params={"kommune": f"{name} ({code})"}))
    root.mkdir(parents=True, exist_ok=True)
    folder = root / f"{code}-{slug(name)}"
    building = Path(tempfile.mkdtemp(dir=root, prefix=f".new-{code}-"))
    try:
        (building / "transcripts").mkdir()
        (building / "transcripts" / ".gitkeep").write_text("", encoding="utf-8")  # git keeps no empty folder
        descriptor = descriptor_for(code, name)
        descriptor["resources"] = [schemas.expected_resource(n) for n in PUBLISHED_RESOURCES]
        schemas.write_descriptor(building / "datapackage.json", descriptor)
        for resource in PUBLISHED_RESOURCES:  # commitments and referred_letters too (issue 14)
            header = [f["name"] for f in schemas.canonical(resource)["fields"]]
            (building / f"{resource}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        building.chmod(0o755)  # mkdtemp makes it private; a package folder is an ordinary folder
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return folder


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(descriptor_for("217", "Helsingør"), ensure_ascii=False, indent=2))
