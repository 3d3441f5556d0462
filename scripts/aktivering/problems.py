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
    # issue 10: the gate holds (validator side): numbers from their quotes, breakdown trees,
    # invisible and illegal characters, absurd numbers and dates, package identity, bounds, inputs
    "path-too-long": {
        "en": ("the path {value!r} is longer than a file system allows ({limit} bytes per name, {total} in all)",
               "give the file a short name, as data/README.md says: transcripts/<document_id>.txt"),
        "da": ("stien {value!r} er længere end et filsystem tillader ({limit} byte pr. navn, {total} i alt)",
               "giv filen et kort navn, som data/README.md siger: transcripts/<document_id>.txt"),
    },
    "hard-link": {
        "en": ("{value!r} is a hard link (the same file under a second name, possibly outside the repository); its content is not read",
               "replace it by an ordinary copy of the file: `cp --remove-destination` or save it again"),
        "da": ("{value!r} er et hårdt link (samme fil under et andet navn, måske uden for repositoriet); indholdet læses ikke",
               "erstat det med en almindelig kopi af filen: `cp --remove-destination` eller gem den igen"),
    },
    "char-illegal": {
        "en": ("the text holds the control character {char} ({char_name}), which XML and the site cannot carry",
               "delete it; it is usually debris from copying out of a PDF or a spreadsheet"),
        "da": ("teksten indeholder kontroltegnet {char} ({char_name}), som XML og siden ikke kan bære",
               "slet det; det er som regel rester fra kopiering ud af en PDF eller et regneark"),
    },
    "char-invisible": {
        "en": ("the text holds the invisible character {char} ({char_name}); it can reverse or hide what a reader sees",
               "delete it (an editor that shows invisible characters finds it); never use it to format text"),
        "da": ("teksten indeholder det usynlige tegn {char} ({char_name}); det kan vende eller skjule det, læseren ser",
               "slet det (en editor, der viser usynlige tegn, finder det); brug det aldrig til at formatere tekst"),
    },
    "cr-line-endings": {
        "en": ("the lines end with CR alone (as old Mac Excel saves), so the file reads as one line",
               "save it again with LF line endings, or run `aktivering format {package}`"),
        "da": ("linjerne slutter kun med CR (som gammel Mac-Excel gemmer), så filen læses som én linje",
               "gem den igen med LF-linjeskift, eller kør `aktivering format {package}`"),
    },
    "number-not-finite": {
        "en": ("{value!r} is not a finite number",
               "write the number from the letter with digits and a decimal point (12.5); no NaN, Infinity or exponent"),
        "da": ("{value!r} er ikke et endeligt tal",
               "skriv tallet fra brevet med cifre og decimalpunktum (12.5); ikke NaN, Infinity eller eksponent"),
    },
    "number-too-long": {
        "en": ("{value!r} has more than {expected} digits; no letter writes such a number",
               "write the number exactly as the letter does"),
        "da": ("{value!r} har mere end {expected} cifre; intet brev skriver et sådant tal",
               "skriv tallet præcis som brevet gør"),
    },
    "number-form": {
        "en": ("{value!r} is not written as plain digits with a decimal point",
               "write 12.5 or 1200: ASCII digits, an optional minus and decimal point; no exponent (1e3), plus sign or other digits"),
        "da": ("{value!r} er ikke skrevet med almindelige cifre og decimalpunktum",
               "skriv 12.5 eller 1200: almindelige cifre, evt. minus og decimalpunktum; ingen eksponent (1e3), plustegn eller andre cifre"),
    },
    "date-out-of-range": {
        "en": ("the date or period {value!r} lies outside {first} – {last}",
               "check the year: the letters are from 2017–2018 and what they report on lies within those years"),
        "da": ("datoen eller perioden {value!r} ligger uden for {first} – {last}",
               "tjek årstallet: brevene er fra 2017–2018, og det de beretter om, ligger inden for de år"),
    },
    "too-many-columns": {
        "en": ("the file has {value} columns; at most {expected} are read",
               "keep the schema's columns only (data/README.md); delete the rest"),
        "da": ("filen har {value} kolonner; højst {expected} læses",
               "behold kun skemaets kolonner (data/README.md); slet resten"),
    },
    "too-many-rows": {
        "en": ("the file has {value} rows; at most {expected} are read",
               "a letter has tens of figures, not thousands: check that the file is the right one"),
        "da": ("filen har {value} rækker; højst {expected} læses",
               "et brev har titals tal, ikke tusinder: tjek at det er den rigtige fil"),
    },
    "too-many-resources": {
        "en": ("the descriptor lists {value} resources; at most {expected} are read",
               "list the package's four resources only: documents, figures, initiatives, non_figures (`aktivering sync` writes them)"),
        "da": ("beskrivelsen angiver {value} ressourcer; højst {expected} læses",
               "angiv kun pakkens fire ressourcer: documents, figures, initiatives, non_figures (`aktivering sync` skriver dem)"),
    },
    "resource-unknown": {
        "en": ("the descriptor lists a resource {value!r} that is not one of {expected}",
               "remove it; a package holds exactly these resources (`aktivering sync` writes them)"),
        "da": ("beskrivelsen angiver ressourcen {value!r}, som ikke er en af {expected}",
               "fjern den; en pakke rummer netop disse ressourcer (`aktivering sync` skriver dem)"),
    },
    "cell-too-long": {
        "en": ("the cell holds {value} characters; at most {expected} are allowed",
               "quote one sentence, and keep notes short; a longer text belongs in the transcript"),
        "da": ("cellen har {value} tegn; højst {expected} er tilladt",
               "citer én sætning, og hold noter korte; en længere tekst hører hjemme i transskriptionen"),
    },
    "label-too-long": {
        "en": ("this text is shown as a heading or chart label and holds {value} characters; at most {expected} are allowed",
               "shorten it to the letter's own few words; explain more in note"),
        "da": ("teksten vises som overskrift eller diagrametiket og har {value} tegn; højst {expected} er tilladt",
               "forkort den til brevets egne få ord; forklar mere i note"),
    },
    "value-not-in-quote": {
        "en": ("the number {value} does not occur in the row's quote",
               "write the number as the quote writes it (12,5 is 12.5, 10.000 is 10000, ti is 10), or quote the sentence that holds it"),
        "da": ("tallet {value} står ikke i rækkens citat",
               "skriv tallet, som citatet skriver det (12,5 er 12.5, 10.000 er 10000, ti er 10), eller citer den sætning, der rummer det"),
    },
    "value-bound-elsewhere": {
        "en": ("the number {value} stands in the quote only where it belongs to another figure (another benefit, category or unit, such as 'pct.' or 'borgere')",
               "check that value, unit, benefit and category come from the same part of the sentence; two figures from one sentence must not swap numbers"),
        "da": ("tallet {value} står kun i citatet, hvor det hører til et andet tal (en anden ydelse, kategori eller enhed, fx 'pct.' eller 'borgere')",
               "tjek at value, enhed, ydelse og kategori stammer fra samme led af sætningen; to tal fra én sætning må ikke bytte tal"),
    },
    "participants-not-in-quote": {
        "en": ("the participant count {value} occurs neither in the initiative's quote nor as a deltagere_antal figure of the initiative",
               "quote the sentence with the count, or add the count as a figures.csv row (measure deltagere_antal, this initiative_id) quoting its sentence"),
        "da": ("deltagertallet {value} står hverken i initiativets citat eller som et deltagere_antal-tal for initiativet",
               "citer sætningen med tallet, eller tilføj tallet som en række i figures.csv (mål deltagere_antal, dette initiative_id) med dens sætning"),
    },
    "qualifier-has-number": {
        "en": ("the qualifier {value!r} holds a number",
               "qualifier is the qualifying word only (ca., godt, mere end); the number belongs in value"),
        "da": ("kvalifikatoren {value!r} indeholder et tal",
               "qualifier er kun det kvalificerende ord (ca., godt, mere end); tallet hører til i value"),
    },
    "part-of-self": {
        "en": ("the figure {value!r} is named as its own total",
               "part_of names the figure_id of the total this part belongs to, never the row itself"),
        "da": ("tallet {value!r} er angivet som sin egen total",
               "part_of er figure_id for den total, delen hører til, aldrig rækken selv"),
    },
    "part-of-cycle": {
        "en": ("part_of {value!r} leads back to {expected!r}: the parts form a cycle",
               "a breakdown is a tree: a total is not a part of its own parts; remove part_of from the total"),
        "da": ("part_of {value!r} fører tilbage til {expected!r}: delene danner en ring",
               "en opdeling er et træ: en total er ikke en del af sine egne dele; fjern part_of fra totalen"),
    },
    "part-unit-mismatch": {
        "en": ("a part in {value!r} cannot belong to the total {total!r} in {expected!r}",
               "a part measures what its total measures (a share is not part of a count); correct part_of or the measure"),
        "da": ("en del i {value!r} kan ikke høre til totalen {total!r} i {expected!r}",
               "en del måler det samme som sin total (en andel er ikke en del af et antal); ret part_of eller målet"),
    },
    "non-figure-quote-too-long": {
        "en": ("the quote holds {value} characters or more than one sentence; a non_figures row quotes one sentence of at most {expected} characters",
               "quote only the sentence (or line) the number stands in"),
        "da": ("citatet har {value} tegn eller mere end én sætning; en række i non_figures.csv citerer én sætning på højst {expected} tegn",
               "citer kun den sætning (eller linje), tallet står i"),
    },
    "non-figure-text-repeated": {
        "en": ("the text {value!r} occurs {count} times in the row's quote; a row accounts for one occurrence",
               "make text longer so that it occurs once (e.g. '22. august 2017'), with one row per occurrence"),
        "da": ("teksten {value!r} står {count} gange i rækkens citat; en række redegør for én forekomst",
               "gør text længere, så den kun står én gang (fx '22. august 2017'), med én række pr. forekomst"),
    },
    "national-undeclared": {
        "en": ("the package has no kommune_code and does not declare itself the national package",
               'set kommune_code to the kommune\'s three-digit code; only the one national package has "national": true'),
        "da": ("pakken har ingen kommune_code og erklærer sig ikke som den nationale pakke",
               'sæt kommune_code til kommunens trecifrede kode; kun den ene nationale pakke har "national": true'),
    },
    "national-conflict": {
        "en": ("the descriptor mixes the national package and a kommune's: {value!r} does not fit",
               'the national package has "national": true, no kommune_code and "id_prefix": "dk"; a kommune\'s package has its kommune_code and no "national"'),
        "da": ("beskrivelsen blander den nationale pakke og en kommunes: {value!r} passer ikke",
               'den nationale pakke har "national": true, ingen kommune_code og "id_prefix": "dk"; en kommunes pakke har sin kommune_code og intet "national"'),
    },
    "id-prefix-foreign": {
        "en": ("id_prefix {value!r} differs from the package's kommune code {expected!r}",
               "remove id_prefix: a kommune's ids begin with its own code"),
        "da": ("id_prefix {value!r} er ikke pakkens kommunekode {expected!r}",
               "fjern id_prefix: en kommunes id'er begynder med dens egen kode"),
    },
    "package-folder-name": {
        "en": ("the package folder {value!r} should be named {expected!r}",
               "name the folder <kommune_code>-<name> as `aktivering new` makes it (national: national); rename it with `git mv`"),
        "da": ("pakkemappen {value!r} skal hedde {expected!r}",
               "navngiv mappen <kommunekode>-<navn>, som `aktivering new` laver den (national: national); omdøb den med `git mv`"),
    },
    "kommune-duplicate": {
        "en": ("kommune {value!r} already has a package: {other}",
               "one package per kommune: add the letter to that package instead"),
        "da": ("kommune {value!r} har allerede en pakke: {other}",
               "én pakke pr. kommune: tilføj brevet i den pakke i stedet"),
    },
    "package-file-unknown": {
        "en": ("{value!r} does not belong in a package folder",
               "a package holds datapackage.json, documents.csv, figures.csv, initiatives.csv, non_figures.csv and transcripts/*.txt only; remove the rest"),
        "da": ("{value!r} hører ikke hjemme i en pakkemappe",
               "en pakke rummer kun datapackage.json, documents.csv, figures.csv, initiatives.csv, non_figures.csv og transcripts/*.txt; fjern resten"),
    },
    "too-many-files": {
        "en": ("the folder holds {value} files; at most {expected} are read",
               "keep one transcript per letter in transcripts/"),
        "da": ("mappen rummer {value} filer; højst {expected} læses",
               "behold én transskription pr. brev i transcripts/"),
    },
    "input-unreadable": {
        "en": ("the schemas, vocabularies or kommuner in data/ cannot be read as the rules need them ({reason})",
               "restore the columns and JSON of data/schemas, data/vocabularies and data/reference (git diff shows what changed)"),
        "da": ("skemaerne, ordlisterne eller kommunerne i data/ kan ikke læses, som reglerne kræver ({reason})",
               "genskab kolonnerne og JSON i data/schemas, data/vocabularies og data/reference (git diff viser, hvad der er ændret)"),
    },
    "national-duplicate": {
        "en": ("a second package declares itself national; the national package is {other}",
               'there is one national package: remove "national" here, or add the letter to that package'),
        "da": ("endnu en pakke erklærer sig national; den nationale pakke er {other}",
               'der er én national pakke: fjern "national" her, eller tilføj brevet i den pakke'),
    },
    # issue 10: the build trusts nothing in the tree; spreadsheet-bound text (output, cache and CI side)
    "build-file-tracked": {
        "en": ("git tracks {value!r}, in a folder only the build writes ({folder})",
               "remove it from the repository with `git rm --cached {value}`: caches and built pages are never "
               "taken from the checkout"),
        "da": ("git følger {value!r}, i en mappe som kun bygningen skriver ({folder})",
               "fjern den fra repositoriet med `git rm --cached {value}`: mellemlagre og byggede sider tages "
               "aldrig fra arbejdskopien"),
    },
    "docs-symlink": {
        "en": ("{value!r} in docs/ is a symbolic link (to {target!r}); the site would publish what it points to",
               "put the file itself in docs/, or remove the link"),
        "da": ("{value!r} i docs/ er et symbolsk link (til {target!r}); sitet ville udgive det, linket peger på",
               "læg selve filen i docs/, eller fjern linket"),
    },
    "build-folder-unusable": {
        "en": ("the build cannot write its output folder {value!r} ({reason})",
               "remove what is in the way or make the folder writable, or point AKTIVERING_BUILD_DIR at "
               "another folder, and build again"),
        "da": ("bygningen kan ikke skrive sin mappe {value!r} ({reason})",
               "fjern det, der står i vejen, eller gør mappen skrivbar, eller peg AKTIVERING_BUILD_DIR på en "
               "anden mappe, og byg igen"),
    },
    "formula-like-text": {
        "en": ("warning: the text {value!r} begins with {start!r}, which a spreadsheet reads as the start of a "
               "formula",
               "if the letter writes it so, leave it (the spreadsheet downloads put a ' in front of it); "
               "otherwise remove the character"),
        "da": ("advarsel: teksten {value!r} begynder med {start!r}, som et regneark læser som starten på en "
               "formel",
               "skriver brevet det sådan, så lad det stå (regnearksfilerne sætter et ' foran); ellers fjern "
               "tegnet"),
    },
    # issue 16: from a letter's PDF to a pull request (pdfimport.py, suggest.py, contributor's path)
    "pdf-unreadable": {
        "en": ("the file cannot be read as a PDF ({reason})",
               "open it in a PDF reader; if it opens, print it again to a new PDF (\"Print to PDF\") and import that file"),
        "da": ("filen kan ikke læses som PDF ({reason})",
               "åbn den i en PDF-læser; kan den åbnes, så udskriv den igen til en ny PDF (\"Udskriv til PDF\") og importér den fil"),
    },
    "not-a-pdf": {
        "en": ("the file is not a PDF (it does not start with %PDF)",
               "give the letter's PDF file; a Word document or a web page: print it to PDF first (\"Print to PDF\")"),
        "da": ("filen er ikke en PDF (den begynder ikke med %PDF)",
               "angiv brevets PDF-fil; et Word-dokument eller en webside: udskriv den først til PDF (\"Udskriv til PDF\")"),
    },
    "pdf-no-text": {
        "en": ("the PDF's {pages} page(s) hold no text, only images (a scan)",
               "ask the sender for the letter as a PDF with text, or type the letter into transcripts/ by hand (CONTRIBUTING.md, step 2); there is no OCR here"),
        "da": ("PDF'ens {pages} side(r) rummer ingen tekst, kun billeder (en scanning)",
               "bed afsenderen om brevet som PDF med tekst, eller skriv brevet af i transcripts/ i hånden (CONTRIBUTING.md, trin 2); her er ingen tekstgenkendelse (OCR)"),
    },
    "letter-date-unknown": {
        "en": ("no date of the letter was found in its first lines",
               "give the date written in the letter: `aktivering import LETTER.pdf --kommune K --date 2017-12-20`"),
        "da": ("brevets dato blev ikke fundet i de første linjer",
               "angiv datoen, der står i brevet: `aktivering import BREV.pdf --kommune K --date 2017-12-20`"),
    },
    "transcript-exists": {
        "en": ("{value} already exists; nothing was written",
               "to import again, delete or rename that file first; for a second letter of the same day use `--date 2017-12-20b`"),
        "da": ("{value} findes allerede; intet er skrevet",
               "vil du importere igen, så slet eller omdøb filen først; til et andet brev fra samme dag brug `--date 2017-12-20b`"),
    },
    "draft-unreviewed": {
        "en": ("row {value} is a draft from `aktivering suggest` (its note starts with 'KLADDE:'), not yet reviewed",
               "check every cell against the letter (measure, benefit, period, who counted, quote), correct or delete the row, then delete 'KLADDE:' from note"),
        "da": ("rækken {value} er en kladde fra `aktivering suggest` (note begynder med 'KLADDE:') og er ikke gennemgået",
               "tjek hver celle mod brevet (mål, ydelse, periode, hvem der har talt, citat), ret eller slet rækken, og slet så 'KLADDE:' i note"),
    },
    "characters-lost": {
        "en": ("the cell reads {value!r}, but the committed version reads {expected!r}: saving in an 8-bit encoding (Windows-1252, Excel's 'CSV (semikolonsepareret)') turned {lost!r} into '?'",
               "save the file from the spreadsheet as 'CSV UTF-8' instead, or take back the committed file with `git checkout -- FILE` and make the change again; then run `aktivering format`"),
        "da": ("cellen lyder {value!r}, men den version, der er i git, lyder {expected!r}: da filen blev gemt i en 8-bit-tegnsætning (Windows-1252, Excels 'CSV (semikolonsepareret)'), blev {lost!r} til '?'",
               "gem filen fra regnearket som 'CSV UTF-8' i stedet, eller hent den version, der er i git, med `git checkout -- FIL` og lav ændringen igen; kør så `aktivering format`"),
    },
    "xlsx-not-csv": {
        "en": ("this file is an Excel workbook (.xlsx) saved under a .csv name, not CSV text",
               "run `aktivering format {package}`: it converts the workbook's first sheet into the CSV (or save from Excel as 'CSV UTF-8')"),
        "da": ("filen er en Excel-projektmappe (.xlsx) gemt med navnet .csv, ikke CSV-tekst",
               "kør `aktivering format {package}`: den omdanner projektmappens første ark til CSV-filen (eller gem fra Excel som 'CSV UTF-8')"),
    },
    "xlsx-in-package": {
        "en": ("{value} is a spreadsheet workbook, which is never read: only the CSV files are data",
               "run `aktivering format {package}` (it writes the CSV from the workbook's first sheet), check the CSV, then move {value} out of the package folder before you commit"),
        "da": ("{value} er en regnearksfil (projektmappe), som aldrig læses: kun CSV-filerne er data",
               "kør `aktivering format {package}` (den skriver CSV-filen ud fra projektmappens første ark), tjek CSV-filen, og flyt så {value} ud af pakkens mappe, før du committer"),
    },
    "xlsx-unreadable": {
        "en": ("the workbook cannot be read ({reason})",
               "open it in Excel and save it again as 'Excel-projektmappe (.xlsx)', or as 'CSV UTF-8' under the CSV's name"),
        "da": ("projektmappen kan ikke læses ({reason})",
               "åbn den i Excel og gem den igen som 'Excel-projektmappe (.xlsx)', eller som 'CSV UTF-8' med CSV-filens navn"),
    },
    "xlsx-sheets": {
        "en": ("the workbook has {value} sheets; which one is the table?",
               "keep only the table's sheet (right-click the others → Delete), save, and run `aktivering format` again"),
        "da": ("projektmappen har {value} ark; hvilket er tabellen?",
               "behold kun tabellens ark (højreklik på de andre → Slet), gem, og kør `aktivering format` igen"),
    },
    "xlsx-older-than-csv": {
        "en": ("{value} was changed after this workbook was saved; converting would overwrite those changes",
               "make the changes in the workbook and save it again, or move the workbook out of the package folder to keep the CSV"),
        "da": ("{value} er ændret, efter projektmappen blev gemt; en omdannelse ville overskrive de ændringer",
               "lav ændringerne i projektmappen og gem den igen, eller flyt projektmappen ud af pakkens mappe for at beholde CSV-filen"),
    },
    "decimal-comma-unquoted": {
        "en": ("the row has one cell too many: {value} in {column} looks like one number with a decimal comma, split in two by the comma",
               "write {expected} (a dot as decimal separator), or quote the cell: \"{value}\"; then run `aktivering format`"),
        "da": ("rækken har en celle for meget: {value} i {column} ligner ét tal med decimalkomma, som kommaet har delt i to",
               "skriv {expected} (punktum som decimaltegn), eller sæt cellen i anførselstegn: \"{value}\"; kør så `aktivering format`"),
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
    # issue 14: commitments (promises, plans, expectations) and the letters the letters mention
    "optional-resource-unlisted": {
        "en": ("the package holds {value} but its datapackage.json does not list it, so nothing in it is checked or shown",
               "run `aktivering sync`, which lists it, then `aktivering validate`"),
        "da": ("pakken har {value}, men datapackage.json nævner den ikke, så intet i den bliver tjekket eller vist",
               "kør `aktivering sync`, som tilføjer den, og derefter `aktivering validate`"),
    },
    "commitment-due-invalid": {
        "en": ("the due date {value!r} is not a date or period between {first} and {last}",
               "write it in ISO form like reference_period (2018-03-01, 2018-04, 2018-07/2018-12, ../2017-12-24), "
               "or leave it empty when the letter names no time"),
        "da": ("fristen {value!r} er ikke en dato eller periode mellem {first} og {last}",
               "skriv den i ISO-form som reference_period (2018-03-01, 2018-04, 2018-07/2018-12, ../2017-12-24), "
               "eller lad feltet stå tomt, når brevet ikke nævner noget tidspunkt"),
    },
    "commitment-due-before-letter": {
        "en": ("the due date {value!r} ends before the letter that makes the promise ({expected})",
               "a promise points ahead: check the year; what already happened is a figure or a follow-up, not a commitment"),
        "da": ("fristen {value!r} slutter før brevet med løftet ({expected})",
               "et løfte peger frem: tjek årstallet; det, der allerede er sket, er et tal eller en opfølgning, ikke et løfte"),
    },
    "commitment-due-text-not-in-quote": {
        "en": ("due_text {value!r} does not occur in the quote",
               "copy the letter's own words for when ('inden jul', 'fra april 2018') from the quote, or leave it empty"),
        "da": ("due_text {value!r} står ikke i citatet",
               "kopier brevets egne ord for hvornår ('inden jul', 'fra april 2018') fra citatet, eller lad feltet stå tomt"),
    },
    "commitment-link-unknown": {
        "en": ("{value!r} is not in this package's {expected}",
               "use an id from this package's own {expected} (a follow-up is a later letter of the same kommune), or leave the cell empty"),
        "da": ("{value!r} findes ikke i pakkens {expected}",
               "brug et id fra pakkens egen {expected} (en opfølgning er et senere brev fra samme kommune), eller lad feltet stå tomt"),
    },
    "commitment-figure-not-forecast": {
        "en": ("figure {value!r} is not a forecast (forecast = true) of the same letter {expected}",
               "link only the figures the promise states; a count reported later belongs in followup_quote"),
        "da": ("tallet {value!r} er ikke en forventning (forecast = true) fra samme brev {expected}",
               "henvis kun til de tal, løftet selv nævner; et tal, der senere blev opgjort, hører til i followup_quote"),
    },
    "followup-incomplete": {
        "en": ("the follow-up is incomplete: {expected} go together",
               "fill in all three (the later letter, opfyldt or delvist, the sentence) or leave all three empty"),
        "da": ("opfølgningen er ufuldstændig: {expected} hører sammen",
               "udfyld alle tre (det senere brev, opfyldt eller delvist, sætningen) eller lad alle tre stå tomme"),
    },
    "followup-not-later": {
        "en": ("the follow-up letter {value!r} is not later than the letter with the promise ({expected})",
               "name a letter the kommune wrote after the promise, or leave the follow-up empty"),
        "da": ("opfølgningsbrevet {value!r} er ikke senere end brevet med løftet ({expected})",
               "angiv et brev, kommunen skrev efter løftet, eller lad opfølgningen stå tom"),
    },
    "forecast-without-commitment": {
        "en": ("figure {value!r} is a forecast (forecast = true) that no commitment in commitments.csv states",
               "add a commitments.csv row with this figure in figure_ids, or set forecast to false if it is a count"),
        "da": ("tallet {value!r} er en forventning (forecast = true), som intet løfte i commitments.csv nævner",
               "tilføj en række i commitments.csv med tallet i figure_ids, eller sæt forecast til false, hvis det er en opgørelse"),
    },
    "referred-letter-not-earlier": {
        "en": ("the letter mentioned is dated {value}, not before the letter that mentions it ({expected})",
               "check the date (a year the text leaves out is the one before the mention, say so in note)"),
        "da": ("det nævnte brev er dateret {value}, ikke før brevet, der nævner det ({expected})",
               "tjek datoen (et årstal, teksten udelader, er det før omtalen; skriv det i note)"),
    },
    # issue 15, item 7: what the versions page (aendringer/) cannot show; notices, the build goes on
    "history-not-git": {
        "en": ("the data is not in a git checkout (or git is missing), so its versions and changes cannot be read",
               "build from a clone of the repository (git clone) to list the versions and publish their zips"),
        "da": ("data ligger ikke i en git-kopi (eller git mangler), så versionerne og ændringerne kan ikke læses",
               "byg fra en klon af depotet (git clone) for at vise versionerne og udgive deres zip-filer"),
    },
    "history-shallow": {
        "en": ("the clone is shallow: versions before {value} and the changes in {value} are missing",
               "fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"),
        "da": ("klonen er afkortet (shallow): versioner før {value} og ændringerne i {value} mangler",
               "hent hele historikken (git fetch --unshallow, eller fetch-depth: 0 i actions/checkout)"),
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
        else:  # frictionless' own error: said in the contributor's language from its details
            from .frictionless_text import explain

            what, fix = explain(self, lang)
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
