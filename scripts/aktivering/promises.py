"""Promises and the letters around them (issue 14): each commitment's status as the letters tell
it, each kommune's correspondence in order, and the letters the data mentions but does not hold.

Nothing here reads the clock. A status is worked out from the dates of the letters in the data:
it says what the letters say, not whether the kommune kept its word.

- `opfyldt` / `delvist`: curated. A later letter of the same kommune reports on the commitment
  (commitments.csv `followup_*`), and the curator wrote down what it reports.
- `ingen-senere-brev`: derived. The data holds no letter from the kommune after the one with the promise.
- `frist-ikke-naaet`: derived. Later letters exist, but the due date ends after the latest of them.
- `ikke-omtalt`: derived. Later letters exist, the due date has passed by the latest, and no
  follow-up is recorded: the later letters do not mention it.
"""

from __future__ import annotations

import re

import pandas as pd

from . import periods
from .load import Package, records
from .model import reader_note

# status id -> (label for readers, what it means, in plain Danish). Order: the order of the pages.
STATUSES = {
    "opfyldt": ("Opfyldt ifølge kommunen",
                "Et senere brev fra kommunen skriver, at det er sket."),
    "delvist": ("Delvist opfyldt ifølge kommunen",
                "Et senere brev fra kommunen skriver, at en del af det er sket."),
    "ikke-omtalt": ("Ikke omtalt siden",
                    "Fristen er passeret i kommunens seneste brev, og de senere breve nævner det ikke."),
    "frist-ikke-naaet": ("Frist ikke nået",
                         "Kommunen har skrevet senere, men fristen ligger efter dens seneste brev."),
    "ingen-senere-brev": ("Intet senere brev",
                          "Der er ikke noget senere brev fra kommunen i data, som kunne sige, hvordan det gik."),
}
CURATED = ("opfyldt", "delvist")


def from_minister(sender: str) -> bool:
    """A letter the Minister (or the ministry) sent, not the kommune: its sender names the minister."""
    return "minist" in sender.lower()


def status(followup_status: str, due: str, letter_date: str, kommune_dates: list[str]) -> str:
    """A commitment's status as of the latest letter from its kommune (see the module text).

    followup_status: the curated `opfyldt`/`delvist`, or ''; due: the ISO period or '';
    letter_date: the date of the letter with the promise; kommune_dates: the dates of every letter
    the kommune sent that the data holds."""
    if followup_status:
        return followup_status
    later = [d for d in kommune_dates if d > letter_date]
    if not later:
        return "ingen-senere-brev"
    if due and periods.bounds(due)[1].isoformat() > max(later):
        return "frist-ikke-naaet"
    return "ikke-omtalt"


def due_da(due: str, due_text: str, approximate: str) -> str:
    """When, as readers see it: the letter's words first, then the period read from them."""
    if not due:
        return f"«{due_text}»" if due_text else "ingen frist nævnt"
    when = periods.format_da(due)
    if due.startswith("../"):
        when = "senest " + periods.format_da(due[3:])
    if due_text:
        return f"«{due_text}» ({'omtrent ' if approximate == 'true' else ''}{when})"
    return ("omtrent " if approximate == "true" else "") + when


# --- the tables pages read ---------------------------------------------------------------------

def commitments(site) -> pd.DataFrame:
    """Every commitment with its kommune, letter, status and follow-up, ordered by due date."""
    return site.once("commitments", lambda: _commitments(site))


def _commitments(site) -> pd.DataFrame:
    documents = {d["document_id"]: d for d in records(site.documents)}
    figures = {f["figure_id"]: f for f in records(site.figures)}
    initiatives = {i["initiative_id"]: i for i in records(site.initiatives)}
    labels = {d: f"{v['kind'].capitalize()} {v['date_da']}" for d, v in documents.items()}
    names = {i: v["name"] for i, v in initiatives.items()}
    values = {f: v["value_da"] for f, v in figures.items()}
    rows = []
    for package in site.packages:
        sent = [d["date"] for d in package.rows("documents") if not from_minister(d.get("sender", ""))]
        for c in records(package.frame("commitments")):
            letter = documents.get(c["document_id"], {})
            followup = documents.get(c["followup_document_id"], {})
            code = status(c["followup_status"], c["due"], letter.get("date", ""), sent)
            initiative = initiatives.get(c["initiative_id"], {})
            rows.append({
                **c,
                "package": package.name,
                "kommune_name": letter.get("kommune_name", ""),
                "kommune_page": letter.get("kommune_page", ""),
                "letter_date": letter.get("date", ""),
                "letter_label": f"{letter.get('kind', 'brev')} af {letter.get('date_da', '')}",
                "letter_page": letter.get("page", ""),
                "due_da": due_da(c["due"], c["due_text"], c["due_approximate"]),
                "due_end": periods.bounds(c["due"])[1].isoformat() if c["due"] else "9999",
                "status": code,
                "status_label": STATUSES[code][0],
                "status_text": STATUSES[code][1],
                "later_letters": sum(d > letter.get("date", "") for d in sent),
                "followup_label": f"{followup['kind']} af {followup['date_da']}" if followup else "",
                "followup_page": followup.get("page", ""),
                "figures_da": [figures[f]["value_da"] for f in c["figure_ids"].split() if f in figures],
                "initiative_name": initiative.get("name", ""),
                "note_text": reader_note(c["note"], labels, names, values),
            })
    frame = pd.DataFrame(rows, columns=[*COMMITMENT_COLUMNS, *(rows[0] if rows else {})])
    frame = frame.loc[:, ~frame.columns.duplicated()]
    return frame.sort_values(["due_end", "kommune_name", "commitment_id"], kind="stable", ignore_index=True)


COMMITMENT_COLUMNS = ("commitment_id", "document_id", "promise", "due", "due_text", "due_approximate",
                      "figure_ids", "initiative_id", "quote", "followup_document_id", "followup_status",
                      "followup_quote", "note", "package", "kommune_name", "status", "due_end")


def _held(documents: list[dict], kommune_code: str, day: str, minister: bool) -> dict | None:
    """The letter in the data of that date, from the Minister (or from the kommune), if any."""
    for d in documents:
        if d["date"] == day and from_minister(d["sender"]) == minister \
                and d["kommune_code"] in (kommune_code, ""):
            return d
    return None


# A letter known only because another answers it: who wrote and received it is the answer's
# recipient and sender turned round, which the answer may not say in so many words.
REPLY_NOTE = "Afsender og modtager står ikke i et brev, vi har: de er udledt af svaret, der går den modsatte vej."


def referred_letters(site) -> list[dict]:
    """Every letter the data mentions: those the letters answer (documents.csv in_reply_to) and those
    their text names (referred_letters.csv), one entry per letter with every place it is mentioned,
    and the letter itself (`held`) when the data holds it. In date order."""
    return site.once("referred_letters", lambda: _referred_letters(site))


def _referred_letters(site) -> list[dict]:
    documents = records(site.documents)
    by_id = {d["document_id"]: d for d in documents}
    found: dict[tuple, dict] = {}

    def add(kommune_code, day, sender, recipient, description, mentioned, quote, held_id="", note=""):
        minister = from_minister(sender)
        key = (kommune_code, day, minister)
        entry = found.setdefault(key, {
            "kommune_code": kommune_code, "date": day, "date_da": periods.format_da(day), "sender": sender,
            "recipient": recipient, "description": description, "from_minister": minister,
            "mentions": [], "held": None, "notes": []})
        if note and note not in entry["notes"]:
            entry["notes"].append(note)
        entry["mentions"].append({"document_id": mentioned["document_id"], "page": mentioned["page"],
                                  "label": f"{mentioned['kind']} af {mentioned['date_da']}",
                                  "kommune_name": mentioned["kommune_name"], "quote": quote})
        held = by_id.get(held_id) or _held(documents, kommune_code, day, minister)
        if held and not entry["held"]:
            entry["held"] = held

    for d in documents:
        if d["in_reply_to_date"]:
            add(d["kommune_code"], d["in_reply_to_date"], d["recipient"], d["sender"], d["in_reply_to"], d,
                "", d["in_reply_to_document_id"], REPLY_NOTE)
    for package in site.packages:
        for r in records(package.frame("referred_letters")):
            mentioned = by_id.get(r["document_id"])
            if mentioned:
                add(mentioned["kommune_code"], r["date"], r["sender"], r["recipient"], r["description"],
                    mentioned, r["quote"], note=r["note"])
    return sorted(found.values(), key=lambda e: (e["date"], e["kommune_code"], e["sender"]))


def missing_letters(site) -> list[dict]:
    """The letters the data mentions but does not hold (the /mangler/ page)."""
    return [e for e in referred_letters(site) if e["held"] is None]


def thread(site, package: Package) -> list[dict]:
    """A kommune's correspondence in date order: its letters, the Minister's letters to all kommuner,
    and the letters known only because one of these mentions them (no page: `missing`). Every
    package's, made once per Site (a kommune page's key reads it: 99 passes over every letter were
    0.05 s of every serve rebuild at 98 kommuner, issue 17). Shared: read only."""
    kept = site.once("threads", lambda: _threads(site)).get(package.name)
    return kept[1] if kept is not None and kept[0] is package else _thread(site, package, None)


def _threads(site) -> dict[str, tuple[Package, list[dict]]]:
    documents = site.once("documents", lambda: records(site.documents))
    own: dict[str, list[int]] = {}
    national = []  # the letters of no kommune (the Minister's to all kommuner)
    for i, d in enumerate(documents):
        own.setdefault(d["package"], []).append(i)
        if d["kommune_code"] == "":
            national.append(i)
    return {p.name: (p, _thread(site, p, sorted({*own.get(p.name, ()), *(national if p.kommune_code else ())})))
            for p in site.packages}


def _thread(site, package: Package, positions: list[int] | None) -> list[dict]:
    """thread(): the letters at these positions of the documents table (None: look at every letter)."""
    code = package.kommune_code or ""
    items = []
    documents = site.once("documents", lambda: records(site.documents))
    for d in documents if positions is None else (documents[i] for i in positions):
        if d["package"] == package.name or (code and d["kommune_code"] == "" and d["package"] != package.name):
            items.append({"date": d["date"], "date_da": d["date_da"], "sender": d["sender"], "kind": d["kind"],
                          "sender_role": d["sender_role"],
                          "recipient": d["recipient"], "title": d["title"], "page": d["page"],
                          "from_minister": from_minister(d["sender"]), "missing": False,
                          "answers": d["in_reply_to_document_id"], "document_id": d["document_id"]})
    if code:
        for e in missing_letters(site):
            if e["kommune_code"] == code:
                items.append({"date": e["date"], "date_da": e["date_da"], "sender": e["sender"], "kind": "brev",
                              "sender_role": "",
                              "recipient": e["recipient"], "title": e["description"], "page": "",
                              "from_minister": e["from_minister"], "missing": True, "answers": "",
                              "document_id": "", "mentions": e["mentions"]})
    return sorted(items, key=lambda i: (i["date"], i["missing"]))


def slug(status_id: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", status_id)
