"""Validation problems: one stable code per kind of fault, one table of message templates.

Code and wording are separate (as in frictionless): tests assert codes, readers get the
wording in Danish (default) or English. Frictionless' own error types (type-error,
constraint-error, foreign-key, …) pass through with their own codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# code -> language -> (what is wrong, how to fix). Placeholders come from Problem.params.
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "unsafe-path": {
        "en": ("path {value!r} is not allowed ({reason})",
               "use a relative path to a regular file inside the package folder"),
        "da": ("stien {value!r} er ikke tilladt ({reason})",
               "brug en relativ sti til en almindelig fil inde i pakkens mappe"),
    },
    "not-utf8": {
        "en": ("file is not UTF-8 text ({reason})",
               "save the file as UTF-8 (in Excel: 'CSV UTF-8'), or run `aktivering format`"),
        "da": ("filen er ikke UTF-8-tekst ({reason})",
               "gem filen som UTF-8 (i Excel: 'CSV UTF-8'), eller kør `aktivering format`"),
    },
    "file-too-large": {
        "en": ("file is {value} bytes, more than the limit of {limit} bytes",
               "split the material or remove what does not belong in the package"),
        "da": ("filen er på {value} bytes, mere end grænsen på {limit} bytes",
               "del materialet op eller fjern det, der ikke hører til i pakken"),
    },
    "file-missing": {
        "en": ("file {value!r} does not exist",
               "add the file or correct the path"),
        "da": ("filen {value!r} findes ikke",
               "tilføj filen eller ret stien"),
    },
    "descriptor-invalid": {
        "en": ("datapackage.json cannot be read: {reason}",
               "fix the JSON (a validator such as `python -m json.tool` shows where), or re-create it with `aktivering new`"),
        "da": ("datapackage.json kan ikke læses: {reason}",
               "ret JSON-filen (`python -m json.tool` viser hvor), eller lav den igen med `aktivering new`"),
    },
    "descriptor-too-deep": {
        "en": ("datapackage.json is nested more than {limit} levels deep",
               "a descriptor needs about 7 levels: re-create it with `aktivering new` and `aktivering sync`"),
        "da": ("datapackage.json er indlejret mere end {limit} niveauer dybt",
               "en beskrivelse behøver omkring 7 niveauer: lav den igen med `aktivering new` og `aktivering sync`"),
    },
    "metadata-not-inline": {
        "en": ("{value!r} names a separate file or URL, which is never read",
               "write schemas inline and use a standard profile (tabular-data-resource): run `aktivering sync`"),
        "da": ("{value!r} er en separat fil eller URL, som aldrig læses",
               "skriv skemaer direkte i filen og brug en standardprofil (tabular-data-resource): kør `aktivering sync`"),
    },
    "resource-missing": {
        "en": ("the package has no resource {value!r}",
               "every package needs the resources documents, figures and initiatives; run `aktivering sync`"),
        "da": ("pakken mangler ressourcen {value!r}",
               "alle pakker skal have ressourcerne documents, figures og initiatives; kør `aktivering sync`"),
    },
    "schema-drift": {
        "en": ("the schema of resource {value!r} differs from data/schemas ({reason})",
               "never edit a package's schema by hand: run `aktivering sync`"),
        "da": ("skemaet for ressourcen {value!r} afviger fra data/schemas ({reason})",
               "ret aldrig en pakkes skema i hånden: kør `aktivering sync`"),
    },
    "header-mismatch": {
        "en": ("the columns are {value} but the schema expects {expected}",
               "use exactly the schema's columns in its order (see data/README.md)"),
        "da": ("kolonnerne er {value}, men skemaet forventer {expected}",
               "brug præcis skemaets kolonner i dens rækkefølge (se data/README.md)"),
    },
    "unknown-kommune": {
        "en": ("kommune code {value!r} is not one of the 98 kommuner",
               "use the three-digit code from data/reference/kommuner.csv (e.g. 217, not 0217)"),
        "da": ("kommunekoden {value!r} er ikke en af de 98 kommuner",
               "brug den trecifrede kode fra data/reference/kommuner.csv (fx 217, ikke 0217)"),
    },
    "kommune-mismatch": {
        "en": ("kommune code {value!r} differs from the package's kommune {expected!r}",
               "a package holds one kommune's letters only; move the row or correct the code"),
        "da": ("kommunekoden {value!r} er ikke pakkens kommune {expected!r}",
               "en pakke rummer kun én kommunes breve; flyt rækken eller ret koden"),
    },
    "unknown-term": {
        "en": ("{value!r} is not in the vocabulary {vocabulary}",
               "use one of: {expected}; or propose a new term in data/vocabularies/{vocabulary}.csv"),
        "da": ("{value!r} findes ikke i ordlisten {vocabulary}",
               "brug en af: {expected}; eller foreslå et nyt begreb i data/vocabularies/{vocabulary}.csv"),
    },
    "unit-mismatch": {
        "en": ("unit {value!r} differs from the unit of measure {measure!r}",
               "use the unit {expected!r}, or choose the measure that fits the number"),
        "da": ("enheden {value!r} passer ikke til målet {measure!r}",
               "brug enheden {expected!r}, eller vælg det mål der passer til tallet"),
    },
    "quote-not-found": {
        "en": ("the quote is not found in {transcript}",
               "copy the sentence from the transcript verbatim (spaces and line breaks may differ); nearest passage: {nearest!r}"),
        "da": ("citatet findes ikke i {transcript}",
               "kopier sætningen ordret fra transskriptionen (mellemrum og linjeskift må afvige); nærmeste passage: {nearest!r}"),
    },
    "quote-ambiguous": {
        "en": ("the quote occurs {count} times in {transcript}",
               "quote more of the sentence so that it occurs exactly once"),
        "da": ("citatet står {count} gange i {transcript}",
               "citer mere af sætningen, så den kun står én gang"),
    },
    "percent-out-of-range": {
        "en": ("percentage {value} is outside 0–100",
               "check the number in the letter; a percentage must lie between 0 and 100"),
        "da": ("procenttallet {value} ligger uden for 0–100",
               "tjek tallet i brevet; en procent skal ligge mellem 0 og 100"),
    },
    "range-inverted": {
        "en": ("value_max {value} is smaller than value {expected}",
               "value holds the lower end of the range, value_max the upper"),
        "da": ("value_max {value} er mindre end value {expected}",
               "value er intervallets nedre grænse, value_max den øvre"),
    },
    "date-after-document": {
        "en": ("reference period {value!r} ends after the document's date {expected}",
               "correct the period, or set forecast to true if the letter states a plan or expectation"),
        "da": ("opgørelsesperioden {value!r} slutter efter dokumentets dato {expected}",
               "ret perioden, eller sæt forecast til true, hvis brevet angiver en plan eller forventning"),
    },
    "period-invalid": {
        "en": ("{value!r} is not a valid date or period",
               "write an ISO 8601 date, month, year or interval: 2017-12-12, 2017-07, 2017, 2016-08/2017-07, ../2017-08-18"),
        "da": ("{value!r} er ikke en gyldig dato eller periode",
               "skriv en ISO 8601-dato, -måned, -år eller -interval: 2017-12-12, 2017-07, 2017, 2016-08/2017-07, ../2017-08-18"),
    },
    "breakdown-exceeds-total": {
        "en": ("the parts of {value!r} add up to {total_parts}, more than its total {expected}",
               "check each part and its part_of; record what the letter says and explain a disagreement in note, but do not attach parts to the wrong total"),
        "da": ("delene af {value!r} giver tilsammen {total_parts}, mere end totalen {expected}",
               "tjek hver del og dens part_of; skriv hvad brevet siger og forklar en uoverensstemmelse i note, men knyt ikke dele til den forkerte total"),
    },
    "part-of-missing": {
        "en": ("part_of {value!r} names no figure in this package",
               "use the figure_id of the total row in the same package"),
        "da": ("part_of {value!r} peger ikke på et tal i denne pakke",
               "brug figure_id for totalrækken i samme pakke"),
    },
    "initiative-missing": {
        "en": ("initiative_id {value!r} names no initiative in this package",
               "add the initiative to initiatives.csv or correct the id"),
        "da": ("initiative_id {value!r} peger ikke på et initiativ i denne pakke",
               "tilføj initiativet i initiatives.csv eller ret id'et"),
    },
    "document-missing": {
        "en": ("document {value!r} does not exist in any package",
               "use a document_id from a documents.csv, or leave the cell empty and describe the letter in in_reply_to"),
        "da": ("dokumentet {value!r} findes ikke i nogen pakke",
               "brug et document_id fra en documents.csv, eller lad feltet stå tomt og beskriv brevet i in_reply_to"),
    },
    "duplicate-id": {
        "en": ("id {value!r} is also used in {other}",
               "ids must be unique across all packages; use the package's prefix ({expected})"),
        "da": ("id'et {value!r} bruges også i {other}",
               "id'er skal være unikke på tværs af alle pakker; brug pakkens præfiks ({expected})"),
    },
    "id-prefix": {
        "en": ("id {value!r} does not start with the package prefix {expected!r}",
               "name ids <prefix>-f001, <prefix>-i01, <prefix>-YYYY-MM-DD as data/README.md says"),
        "da": ("id'et {value!r} begynder ikke med pakkens præfiks {expected!r}",
               "navngiv id'er <præfiks>-f001, <præfiks>-i01, <præfiks>-ÅÅÅÅ-MM-DD som data/README.md siger"),
    },
    "transcript-unused": {
        "en": ("transcript {value!r} belongs to no document",
               "add the document to documents.csv or remove the file"),
        "da": ("transskriptionen {value!r} hører ikke til noget dokument",
               "tilføj dokumentet i documents.csv eller fjern filen"),
    },
    # --- spreadsheet-proof CSV (csvformat.py): what `aktivering format` fixes, or will not guess
    "csv-bom": {
        "en": ("the file starts with a byte-order mark (BOM), as Excel's 'CSV UTF-8' saves it",
               "run `aktivering format {package}`, which removes it"),
        "da": ("filen begynder med et byte-order-mærke (BOM), som Excels 'CSV UTF-8' gemmer det",
               "kør `aktivering format {package}`, som fjerner det"),
    },
    "csv-crlf": {
        "en": ("the lines end with CR LF (Windows) instead of LF",
               "run `aktivering format {package}`"),
        "da": ("linjerne slutter med CR LF (Windows) i stedet for LF",
               "kør `aktivering format {package}`"),
    },
    "csv-semicolon": {
        "en": ("the columns are separated by semicolons, as Danish Excel saves CSV; the canonical separator is a comma",
               "run `aktivering format {package}`: it converts separators, decimal commas, SAND/FALSK and Excel dates, and refuses what it cannot be sure of"),
        "da": ("kolonnerne er adskilt med semikolon, som dansk Excel gemmer CSV; det kanoniske skilletegn er komma",
               "kør `aktivering format {package}`: den omsætter skilletegn, decimalkommaer, SAND/FALSK og Excel-datoer og afviser det, den ikke kan være sikker på"),
    },
    "windows-1252": {
        "en": ("the file is Windows-1252 text (as Excel's 'CSV (semikolonsepareret)' saves it), not UTF-8; first such byte: {value}",
               "run `aktivering format {package}`, or save it from Excel as 'CSV UTF-8'"),
        "da": ("filen er Windows-1252-tekst (som Excels 'CSV (semikolonsepareret)' gemmer den), ikke UTF-8; første sådan byte: {value}",
               "kør `aktivering format {package}`, eller gem den fra Excel som 'CSV UTF-8'"),
    },
    "decimal-comma": {
        "en": ("{count} cell(s) in this number column have a decimal comma (the first: {value!r})",
               "the canonical form has a decimal point (12.5); run `aktivering format {package}`"),
        "da": ("{count} celle(r) i denne talkolonne har decimalkomma (den første: {value!r})",
               "den kanoniske form har decimalpunktum (12.5); kør `aktivering format {package}`"),
    },
    "decimal-ambiguous": {
        "en": ("{value!r} may be a number with a thousands separator or one with decimals",
               "write it without a thousands separator (1234) or with a decimal comma (1,234); `aktivering format` does not guess"),
        "da": ("{value!r} kan være et tal med tusindtalsskilletegn eller et decimaltal",
               "skriv tallet uden tusindtalsskilletegn (1234) eller med decimalkomma (1,234); `aktivering format` gætter ikke"),
    },
    "excel-boolean": {
        "en": ("{count} cell(s) in this column say {value!r} (or the like) where the canonical form is true or false",
               "run `aktivering format {package}`"),
        "da": ("{count} celle(r) i denne kolonne siger {value!r} (eller lignende), hvor den kanoniske form er true eller false",
               "kør `aktivering format {package}`"),
    },
    "excel-date": {
        "en": ("{count} date(s) in this column are written the way Excel shows them ({value!r}), not as ISO 8601 (2017-12-01)",
               "run `aktivering format {package}`; in Excel, format date columns as Text so they stay as written"),
        "da": ("{count} dato(er) i denne kolonne står, som Excel viser dem ({value!r}), ikke som ISO 8601 (2017-12-01)",
               "kør `aktivering format {package}`; formatér datokolonner som Tekst i Excel, så de bliver stående som skrevet"),
    },
    "csv-column-order": {
        "en": ("the columns are the schema's, but in another order",
               "run `aktivering format {package}`, which puts them in the schema's order"),
        "da": ("kolonnerne er skemaets, men i en anden rækkefølge",
               "kør `aktivering format {package}`, som sætter dem i skemaets rækkefølge"),
    },
    "csv-unreadable": {
        "en": ("the CSV cannot be parsed: {reason}",
               'a cell holding a comma, a quote or a line break must be wrapped in "…", with quotes inside doubled ("")'),
        "da": ("CSV-filen kan ikke læses: {reason}",
               'en celle med komma, anførselstegn eller linjeskift skal stå i "…", og anførselstegn inde i den skal fordobles ("")'),
    },
    "row-length": {
        "en": ("the row has {value} cells but the header has {expected}",
               "quote a cell that holds the separator, remove stray separators, then run `aktivering format` again"),
        "da": ("rækken har {value} celler, men overskriftsrækken har {expected}",
               "sæt anførselstegn om en celle med skilletegnet i, fjern overskydende skilletegn, og kør `aktivering format` igen"),
    },
    # --- coverage (coverage.py): every number in every letter is accounted for
    "number-unaccounted": {
        "en": ("the number {value!r} is accounted for by no figure, initiative or non_figures row; sentence: {sentence!r}",
               "add a row to figures.csv, or, when it is not a figure (a date, address, case number, limit …), a row to non_figures.csv with the number and this sentence; `aktivering coverage {package}` lists them all"),
        "da": ("tallet {value!r} er ikke redegjort for af noget tal, initiativ eller nogen række i non_figures.csv; sætning: {sentence!r}",
               "tilføj en række i figures.csv, eller, når det ikke er et tal der opgør noget (en dato, adresse, et sagsnummer, en afgrænsning …), en række i non_figures.csv med tallet og denne sætning; `aktivering coverage {package}` viser dem alle"),
    },
    "non-figure-text-not-in-quote": {
        "en": ("the text {value!r} does not occur in the row's quote",
               "text is the number as written inside the quote, e.g. '22. august' or '8400'"),
        "da": ("teksten {value!r} står ikke i rækkens citat",
               "text er tallet, som det står i citatet, fx '22. august' eller '8400'"),
    },
    "non-figure-no-number": {
        "en": ("the text {value!r} holds no number",
               "non_figures.csv lists numbers only: digits, or the number words to–tyve, hundrede, tusind, én, ét, halv, kvart"),
        "da": ("teksten {value!r} indeholder intet tal",
               "non_figures.csv rummer kun tal: cifre eller talordene to–tyve, hundrede, tusind, én, ét, halv, kvart"),
    },
    # --- `aktivering new` (scaffold.py)
    "kommune-not-found": {
        "en": ("{value!r} is neither a kommune code nor a kommune name",
               "write the three-digit code or the name as in data/reference/kommuner.csv; closest: {closest}"),
        "da": ("{value!r} er hverken en kommunekode eller et kommunenavn",
               "skriv den trecifrede kode eller navnet som i data/reference/kommuner.csv; nærmest: {closest}"),
    },
    "package-exists": {
        "en": ("{kommune} already has a package: {value}",
               "add the letter to that package: a row in documents.csv and its transcript in transcripts/"),
        "da": ("{kommune} har allerede en pakke: {value}",
               "tilføj brevet i den pakke: en række i documents.csv og transskriptionen i transcripts/"),
    },
    # issue 11: initiatives as things, letters as mentions
    "same-as-unknown": {
        "en": ("same_as {value!r} is not the first mention of an initiative in an earlier letter of this package",
               "write the initiative_id of the row where the initiative is first described (its own same_as empty, "
               "its letter older than this row's), or leave same_as empty if this is the first mention"),
        "da": ("same_as {value!r} er ikke den første omtale af et initiativ i et tidligere brev i pakken",
               "skriv initiative_id for rækken, hvor initiativet først er beskrevet (dens egen same_as tom, dens "
               "brev ældre end denne rækkes), eller lad same_as være tom, hvis dette er første omtale"),
    },
    "base-unit-mismatch": {
        "en": ("base {value!r} does not fit a number counted in {unit!r}",
               "use 'ikke-en-gruppe' only for numbers that count no people or cases (kroner, days, weeks, years, "
               "mentors hired); for people, cases and shares name the group they are counted in, or 'ikke-oplyst'"),
        "da": ("grundlaget {value!r} passer ikke til et tal i {unit!r}",
               "brug kun 'ikke-en-gruppe' til tal, der ikke tæller borgere eller sager (kroner, dage, uger, år, "
               "ansatte mentorer); for borgere, sager og andele skriv den gruppe, tallet er opgjort for, eller "
               "'ikke-oplyst'"),
    },
}

FRICTIONLESS_FIX = {
    "en": "correct the cell so it matches the schema (see data/README.md and the field description in data/schemas)",
    "da": "ret cellen, så den passer til skemaet (se data/README.md og feltbeskrivelsen i data/schemas)",
}


@dataclass(frozen=True)
class Problem:
    """One fault in one place. `row` counts like a spreadsheet: the header is row 1."""

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: object = None
    params: dict = field(default_factory=dict, compare=False, hash=False)
    # Frictionless' own note, used when the code is not in TEMPLATES.
    note: str | None = None

    def message(self, lang: str = "da") -> str:
        template = TEMPLATES.get(self.code)
        values = {"value": self.value, "expected": self.expected, **self.params}
        if template:
            what, fix = (part.format(**values) for part in template[lang])
        else:
            what, fix = self.note or self.code, FRICTIONLESS_FIX[lang]
        return f"{what}; {'fix' if lang == 'en' else 'sådan retter du'}: {fix}"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)

    def format(self, lang: str = "da") -> str:
        return f"{self.location()}: [{self.code}] {self.message(lang)}"
