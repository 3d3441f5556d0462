"""Issue 14: commitments and their status, correspondence threads, the letters we are missing.

The status rule is unit-tested per status; the fixture site tests/fixtures/packages/promise-statuses
(København wrote twice, Frederiksberg once) holds one commitment per status, and its built pages are
read back and checked against the data.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest

from aktivering import promises
from aktivering.model import build_site_model
from aktivering.validate import validate

from conftest import FIXTURES
from site_support import build_with_packages

SITE = FIXTURES / "promise-statuses"
LETTER_28_NOVEMBER = """Beskæftigelsesministeren

Kære borgmester

Jeg beder om en opfølgende redegørelse.
"""


# --- the status rule, one case per status --------------------------------------------------------

@pytest.mark.parametrize(("followup", "due", "letter", "sent", "expected"), [
    ("opfyldt", "2018-02-01", "2017-12-10", ["2017-12-10", "2018-03-05"], "opfyldt"),
    ("delvist", "", "2017-12-10", ["2017-12-10", "2018-03-05"], "delvist"),
    ("", "2017-12", "2017-12-10", ["2017-12-10", "2018-03-05"], "ikke-omtalt"),
    ("", "", "2017-12-10", ["2017-12-10", "2018-03-05"], "ikke-omtalt"),
    ("", "../2019-12-31", "2017-12-10", ["2017-12-10", "2018-03-05"], "frist-ikke-naaet"),
    ("", "2018-03", "2017-12-10", ["2017-12-10", "2018-03-05"], "frist-ikke-naaet"),  # March ends after 5 March
    ("", "2017-12", "2017-12-10", ["2017-12-10"], "ingen-senere-brev"),
    ("", "2017-12", "2018-03-05", ["2017-12-10", "2018-03-05"], "ingen-senere-brev"),  # earlier letters don't count
])
def test_status_is_worked_out_from_the_letters_dates(followup, due, letter, sent, expected):
    """Bug guarded: a status that read today's date (every 2018 promise 'overdue' forever) or that
    let a letter before the promise count as a follow-up."""
    assert promises.status(followup, due, letter, sent) == expected


def test_the_ministers_letters_are_not_the_kommunes():
    assert promises.from_minister("Beskæftigelsesministeren Troels Lund Poulsen")
    assert promises.from_minister("Troels Lund Poulsen, Beskæftigelsesministeriet")
    assert not promises.from_minister("Benedikte Kiær, Helsingør Kommune")


def _site(folder):
    problems, packages = validate([str(p) for p in sorted(folder.iterdir())])
    assert problems == []
    return build_site_model(packages)


def test_fixture_site_has_one_commitment_per_status():
    table = promises.commitments(_site(SITE))
    assert dict(zip(table["commitment_id"], table["status"])) == {
        "101-c01": "opfyldt", "101-c02": "delvist", "101-c03": "ikke-omtalt", "101-c04": "frist-ikke-naaet",
        "147-c01": "ingen-senere-brev"}
    followed = table.set_index("commitment_id").loc["101-c01"]
    assert followed["followup_document_id"] == "101-2018-03-05"
    assert followed["followup_page"] == "breve/101-2018-03-05.md"


# --- the real letters ------------------------------------------------------------------------------

def test_the_commitments_named_in_the_issue_are_in_the_data(real_validation):
    """The issue names these promises; each is a commitment with its quote, and the follow-up of
    Helsingør's September account is in its December letter."""
    _, packages = real_validation
    table = promises.commitments(build_site_model(packages))
    quotes = " | ".join(table["quote"])
    for words in ("fra april 2018 overholder ret og pligt", "Pr. 1. marts bliver yderligere en mentor",
                  "mentorstøtten for 80 aktivitetsparate", "i alt 134 aktivitetsparate", "650 udsatte personer",
                  "inden jul", "ved årets udgang", "39 borgere, der i løbet af december og januar",
                  "omfatte 110 borgere", "ca. 25 sager ud af de 40", "i 1. halvår 2019",
                  "Yderligere 2 sager forventes lukket"):
        assert words in quotes, words
    followed = table[table["followup_document_id"] == "217-2017-12-14"]
    assert set(followed["document_id"]) == {"217-2017-09-13"} and set(followed["status"]) == {"opfyldt"}


def test_the_five_missing_letters_named_in_the_issue(real_validation):
    _, packages = real_validation
    missing = {(e["kommune_code"], e["date"], e["from_minister"])
               for e in promises.missing_letters(build_site_model(packages))}
    assert {("217", "2017-08-18", True), ("217", "2017-11-28", True), ("376", "2018-01-26", True),
            ("706", "2018-06-18", True), ("376", "2017-12-14", False)} <= missing


def test_a_missing_letters_inferred_sender_and_recipient_say_so(real_validation):
    """Regression: /mangler/ stated who wrote and received a letter we do not hold as fact, though
    for a letter known from its answer they are the answer's turned round, and for a mentioned
    letter referred_letters.csv's note says what is inferred (Guldborgsund's letter of 14 December
    2017: «Modtageren er udledt …»); neither was shown."""
    _, packages = real_validation
    missing = {(e["kommune_code"], e["date"]): e for e in promises.missing_letters(build_site_model(packages))}
    assert missing[("217", "2017-08-18")]["notes"] == [promises.REPLY_NOTE]
    assert missing[("376", "2017-12-14")]["notes"][0].startswith("Modtageren er udledt")


# --- the built pages -------------------------------------------------------------------------------

def _text(page: str) -> str:
    body = page[page.find("<article"):page.find("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def promise_site(tmp_path_factory):
    return build_with_packages(tmp_path_factory.mktemp("promises"), SITE)


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_loefter_shows_every_commitment_with_its_quote_and_status(promise_site):
    """Each commitment's own list item on /loefter/ holds its quote, its status as worked out from
    the data, and the follow-up's quote when there is one."""
    site, data = promise_site
    table = promises.commitments(_site(data / "packages"))
    page = _page(site, "loefter")
    for c in table.to_dict("records"):
        item = re.search(rf'<li id="loefte-{c["commitment_id"]}".*?</li>', page, re.S)
        assert item, c["commitment_id"]
        text = _text("<article>" + item.group() + "</article>")
        assert c["quote"] in text and promises.STATUSES[c["status"]][0] in text
        assert f'data-status="{c["status"]}"' in item.group()
        if c["followup_quote"]:
            assert c["followup_quote"] in text
    assert "ikke en revision" in _text(page)


def test_each_status_page_lists_only_its_commitments(promise_site):
    site, data = promise_site
    table = promises.commitments(_site(data / "packages"))
    for status in promises.STATUSES:
        page = _page(site, f"loefter/status/{status}")
        shown = set(re.findall(r'data-commitment-id="([^"]+)"', page))
        assert shown == set(table.loc[table["status"] == status, "commitment_id"])
    by_kommune = _page(site, "loefter/kommuner")
    assert set(re.findall(r'data-commitment-id="([^"]+)"', by_kommune)) == set(table["commitment_id"])
    assert "<h2" in by_kommune and "København" in _text(by_kommune)


def test_kommune_page_shows_its_promises_and_its_correspondence(promise_site):
    site, _ = promise_site
    page = _page(site, "kommuner/koebenhavn")
    text = _text(page)
    assert "Det lovede kommunen" in text and "Brevene mellem ministeren og kommunen" in text
    assert set(re.findall(r'data-commitment-id="([^"]+)"', page)) == {"101-c01", "101-c02", "101-c03", "101-c04"}
    thread = text[text.index("Brevene mellem ministeren og kommunen"):]
    assert "Ministerens brev af 28. november 2017" in thread and "ikke i data" in thread
    # in date order: the Minister's letter of 28 November before the reply of 10 December and the next
    assert thread.index("28. nov. 2017") < thread.index("10. dec. 2017") < thread.index("5. mar. 2018")


def test_a_missing_letter_leaves_mangler_when_it_arrives(promise_site, tmp_path):
    """The Minister's letter of 28 November 2017 that København answers is listed on /mangler/
    (with the letter that mentions it) until a package holds it; then it is gone from /mangler/,
    linked in the correspondence, and the feed says a missing letter arrived."""
    site, data = promise_site
    mangler = _page(site, "mangler")
    assert 'id="mangler-101-2017-11-28"' in mangler and "../breve/101-2017-12-10/" in mangler
    assert 'id="mangler-101-2017-11-14"' in mangler  # known only from a sentence in the letter
    answered = mangler[mangler.find('id="mangler-101-2017-11-28"'):]
    assert f"<p>Note: {html.escape(promises.REPLY_NOTE)}</p>" in answered[:answered.find("</section>")]

    packages = tmp_path / "packages"
    shutil.copytree(SITE, packages)
    kbh = packages / "101-koebenhavn"
    with open(kbh / "documents.csv", "a", encoding="utf-8") as handle:
        handle.write("101-2017-11-28,101,2017-11-28,Anmodning om redegørelse,brev,Beskæftigelsesministeren,,"
                     "Københavns Kommune,,,,,,,transcripts/101-2017-11-28.txt,,,\n")
    (kbh / "transcripts" / "101-2017-11-28.txt").write_text(LETTER_28_NOVEMBER, encoding="utf-8")
    after, _ = build_with_packages(tmp_path / "after", packages)
    mangler = _page(after, "mangler")
    assert 'id="mangler-101-2017-11-28"' not in mangler and 'id="mangler-101-2017-11-14"' in mangler
    assert '../../breve/101-2017-11-28/' in _page(after, "kommuner/koebenhavn")
    assert "Manglende brev er kommet: København Kommune, 28. nov. 2017" in (after / "feed.xml").read_text("utf-8")


# --- the downloads ---------------------------------------------------------------------------------

def test_commitments_and_referred_letters_are_in_every_download(built_site, real_validation):
    """Each commitment and referred letter is in the combined CSV, JSON and Excel CSV, in the SQLite
    database and in the workbook exactly once, cell for cell as in the packages."""
    import json
    import sqlite3

    import pandas as pd
    from openpyxl import load_workbook

    _, packages = real_validation
    folder = built_site / "downloads" / "alle"
    for table, key in (("commitments", "commitment_id"), ("referred_letters", "quote")):
        original = pd.concat([p.frame(table) for p in packages], ignore_index=True)
        assert len(original)  # the real data has both
        as_csv = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(as_csv, original)
        as_json = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
        assert sorted(str(r[key]) for r in as_json) == sorted(original[key])
        excel = pd.read_csv(folder / f"{table}-excel.csv", sep=";", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
        assert sorted(excel[key]) == sorted(original[key])
        with sqlite3.connect(folder / "aktivering.db") as db:
            assert sorted(r[0] for r in db.execute(f"SELECT {key} FROM {table}")) == sorted(original[key])
    due = {r["commitment_id"]: r["due"] for r in json.loads((folder / "commitments.json").read_text("utf-8"))}
    assert due["217-c06"] == "../2017-12-24" and due["376-c08"] == "2018-04"
    book = load_workbook(folder / "alle-kommuner.xlsx", read_only=True)
    ids = [row[0] for row in book["Løfter"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(pd.concat([p.frame("commitments") for p in packages])["commitment_id"])
