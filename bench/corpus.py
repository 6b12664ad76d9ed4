"""Many distinct letters, quickly, for the search benchmark: an archive that looks real.

    .venv/bin/python bench/corpus.py --out /tmp/letters --count 10000 [--seed 1]

Each letter is a plain-text transcript laid out as letters are (letterhead, inside
address, dateline, reference, subject, salutation, body, closing, signatory and role),
in English (seven in ten), German or French. Nothing is copied: people, places and
organisations are put together from parts (thousands of surnames, places and firms, the
commonest recurring as correspondents do), and the bodies draw their words from Debian's
word lists (/usr/share/dict) with a Zipfian distribution, between the language's
function words, so the vocabulary keeps growing with the number of letters as a real
collection's does (Heaps' law). Three letters in ten carry OCR noise at 1-3% of their
characters, with the confusions Tesseract makes: rn/m, l/1/I, e/c, cl/d, split and
joined words, dropped punctuation, stray specks.

Beside the letters, labels.jsonl holds one line a letter with what was written (clean
text, people, place, date, reference, subject, language, noise): the benchmark draws its
queries from it. Same seed, same letters.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
from pathlib import Path

DICT = Path("/usr/share/dict")
WORD_LISTS = {"en": "american-english", "de": "ngerman", "fr": "french"}
LANGUAGE_SHARE = {"en": 0.7, "de": 0.15, "fr": 0.15}
ZIPF_EXPONENT = 1.07      # word frequency ~ 1 / (rank + ZIPF_OFFSET)^s, as in running text
ZIPF_OFFSET = 10          # Mandelbrot's flattening of the top ranks (the function words are apart)
NAME_EXPONENT = 0.9       # correspondents recur, but less steeply than words
NOISY_SHARE = 0.3         # letters read by OCR
NOISE_RATE = (0.01, 0.03)  # character error rate of a noisy letter
LETTERS_PER_FOLDER = 1000

# -- the function words of running text, by language (about half of a letter's words)
FUNCTION_WORDS = {
    "en": "the of and to a in that is was for it with as be on not this by are at from or have an which "
          "we you our your will would been has had all were may should there their they us shall "
          "these those any such into upon also very more other than".split(),
    "de": "der die das und zu in den von mit sich des auf für ist im dem nicht ein eine als auch es an "
          "werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum "
          "war haben nur oder aber vor zur bis mehr durch man sehr wir Ihnen uns unser Ihre".split(),
    "fr": "de la le et les des en un une du que est pour qui dans par au sur pas plus ne nous vous "
          "avec ce il sont se aux ou son sa mais comme été leur cette ont nos vos votre notre être "
          "très bien aussi lors dont".split(),
}

# -- letter furniture, by language
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
SALUTATION = {
    "en": ["Dear {title} {last},", "Dear Sir or Madam,", "Dear {first},", "Dear {title} {last}"],
    "de": ["Sehr geehrte{e_} {title} {last},", "Sehr geehrte Damen und Herren,", "Lieber {first},"],
    "fr": ["{title_fr},", "Messieurs,", "Cher {title_fr},", "Madame, Monsieur,"],
}
CLOSING = {
    "en": ["Yours sincerely,", "Yours faithfully,", "Sincerely,", "With kind regards,", "Yours truly,"],
    "de": ["Mit freundlichen Grüßen", "Hochachtungsvoll", "Mit vorzüglicher Hochachtung", "Freundliche Grüße"],
    "fr": ["Veuillez agréer, {title_fr}, l'expression de nos sentiments distingués.",
           "Je vous prie d'agréer, {title_fr}, mes salutations distinguées.", "Bien cordialement,"],
}
REF_LABEL = {"en": ["Our ref:", "Ref:", "Our reference:"], "de": ["Unser Zeichen:", "Aktenzeichen:"],
             "fr": ["N/Réf. :", "Notre réf. :"]}
SUBJECT_LABEL = {"en": ["Re:", "Subject:"], "de": ["Betreff:", "Betr.:"], "fr": ["Objet :", "Concerne :"]}
SIGNED_LINE = {"en": "(signed)", "de": "(gez.) Unterschrift", "fr": "Signé : signature manuscrite"}
TITLES = {"en": [("Mr", "m"), ("Mrs", "f"), ("Ms", "f"), ("Dr", "m"), ("Professor", "m")],
          "de": [("Herr", "m"), ("Frau", "f"), ("Herr Dr.", "m"), ("Frau Dr.", "f"), ("Herr Direktor", "m")],
          "fr": [("Monsieur", "m"), ("Madame", "f"), ("Maître", "m"), ("Monsieur le Directeur", "m")]}
ROLES = {"en": "Secretary|Director|Manager|Clerk to the Council|Head of Records|Treasurer|Chairman|Archivist|"
               "Town Clerk|Solicitor|Registrar|Editor|Agent".split("|"),
         "de": "Sekretär|Direktor|Prokurist|Geschäftsführer|Vorsteher|Kassier|Präsident|Archivar|"
               "Stadtschreiber|Rechtsanwalt|Bürgermeister".split("|"),
         "fr": "Le Directeur|Le Secrétaire|Le Maire|Le Président|Le Trésorier|L'Archiviste|Le Notaire|"
               "Le Gérant".split("|")}

# -- names and places from parts: the products give thousands of each
FIRST = {
    "en": ("James John William George Thomas Charles Henry Arthur Edward Robert Albert Frederick Walter Harold "
           "Alfred Ernest Samuel Joseph Richard David Peter Michael Andrew Stephen Daniel Hugh Alan Colin Neil "
           "Mary Elizabeth Margaret Alice Florence Edith Dorothy Annie Emily Ellen Grace Helen Jane Ruth Sarah "
           "Catherine Agnes Mabel Violet Ivy Clara Rose Laura Anne Joan Judith Susan Priya Amir Aisha Omar Kwame "
           "Nadia Tariq Mei Hiroshi Olumide").split(),
    "de": ("Hans Karl Heinrich Friedrich Wilhelm Otto Ernst Paul Walter Hermann Rudolf Emil Fritz Werner Kurt "
           "Ludwig Georg Max Gustav Albert Anna Maria Elisabeth Martha Frieda Emma Gertrud Margarete Hedwig "
           "Erna Käthe Luise Klara Ursula Johanna Sophie Verena Regula Beat Urs Reto Jürg").split(),
    "fr": ("Jean Pierre Louis Henri Paul Jacques André Marcel René Georges Émile Lucien Albert Joseph Charles "
           "François Étienne Gaston Maurice Raymond Marie Jeanne Marguerite Louise Madeleine Germaine Suzanne "
           "Yvonne Hélène Camille Lucie Simone Odette Geneviève Florence Claire Colette Thérèse").split(),
}
SURNAME_HEADS = {
    "en": ("Ash Black Brad Brook Bur Cald Castle Clay Crom Dun Elling Fair Fen Gar Gold Green Hal Hart Hather "
           "Hazel Holl Kings Lang Lind Mar Mill Moor Nor Oak Pem Rad Red Ring Rother Sel Shel Stan Stock Thorn "
           "Wal War Wen West Whit Wil Wood Wor Ather Bel Chad Dal").split(),
    "de": ("Bau Berg Brand Eich Fisch Frank Gross Hart Hof Holz Kirch Klein Kolb Lang Mai Neu Ober Reich Rosen "
           "Schön Schwarz Stein Wald Weiss Wolf Zimmer Baum Feld Hage Linden Sonnen Stäh Vogel").split(),
    "fr": ("Beau Bel Bon Chambr Chaum Clair Cour Du Fon Gaill Gir Lacr Lamb Laur Mar Mont Mor Pell Perr Ric "
           "Roch Rouss Sauv Tess Vall Vill Bois Char Dela Lef Mich").split(),
}
SURNAME_TAILS = {
    "en": "ley ton ford well wood field by worth ham combe stone man ridge more shaw son ston cott ing hurst "
          "dale sley brook land wick".split(),
    "de": "mann er berger hofer mayer müller bach huber meier lin egger haus feld ling inger stätter".split(),
    "fr": "champ pont val ier ard ot et in eau ault on elle oux aud ois ville mont".split(),
}
PLACE_HEADS = {
    "en": ("Ash Bar Beck Bright Broad Brom Cold Corn Dover Ely Farn Fox Glen Good Ham Hen High Ilf Kel Ken "
           "Lea Long Lyd Marl Nether New North Oak Pen Red Rich Sand Shep South Stan Sut Sway Tad Thorn Up "
           "Wal Wey Wind").split(),
    "de": ("Alt Bad Bären Burg Dorn Eber Ess Frei Fried Gold Gross Hoch Horn Kirch Königs Lauter Mühl Neu "
           "Nieder Ober Ost Rhein Rosen Salz Schön See Stein Tal Unter Wald Weiss Wil").split(),
    "fr": ("Beau Belle Bois Bourg Chambre Champ Château Clair Fontaine Grand Mont Neuf Pont Roche Saint-Jean "
           "Saint-Martin Sainte-Marie Vaux Ville Mar Loire Chaumont").split(),
}
PLACE_TAILS = {
    "en": "bury ton field ford ham wick mouth borough stead chester minster ley well bridge hampton caster".split(),
    "de": "hausen heim stadt dorf berg bach feld burg au ingen kirchen brunn wil thal".split(),
    "fr": "-sur-Mer -le-Château ville court mont -les-Bains fort -en-Vallée bourg val -sur-Loire".split(),
}
ORG_FORMS = {
    "en": ["{last} & {last2} Ltd", "{place} Borough Council", "The {last} Trading Company", "{place} Historical Society",
           "{last} Brothers", "{place} Rural District Council", "{place} and District Water Board",
           "{last}, {last2} and Partners", "{place} Chamber of Commerce", "The {place} Gazette"],
    "de": ["{last} & Cie. AG", "Verkehrsverein {place}", "Gemeinderat {place}", "{last} Söhne GmbH",
           "Bankhaus {last} & {last2}", "Stadtarchiv {place}", "Handelskammer {place}", "{last} Maschinenfabrik AG"],
    "fr": ["{last} Frères & Cie", "Mairie de {place}", "Société anonyme des Établissements {last}",
           "Chambre de commerce de {place}", "Banque {last} et {last2}", "Archives municipales de {place}",
           "Compagnie des eaux de {place}"],
}
STREETS = {"en": ["{n} {last} Road", "{n} High Street", "{n} {place} Lane", "{n} Market Place"],
           "de": ["{last}strasse {n}", "{place}weg {n}", "Bahnhofstrasse {n}", "Marktplatz {n}"],
           "fr": ["{n}, rue {last}", "{n}, avenue de {place}", "{n}, place de la République", "{n}, quai {last}"]}


class Zipf:
    """Draws items with probability ~ 1 / (rank + offset)^s, the first the commonest."""

    def __init__(self, items: list, exponent: float, offset: float = 0):
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / ((rank + offset) ** exponent)
                                                    for rank in range(1, len(items) + 1)))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random, k: int = 1) -> list:
        return rng.choices(self.items, cum_weights=self.cumulative, k=k)

    def one(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def _word_list(language: str, rng: random.Random) -> list:
    """The language's words in a Zipfian rank order: short words tend to be common, as in
    any language, so the ranks follow length with a wide random spread."""
    path = DICT / WORD_LISTS[language]
    if not path.exists():
        raise SystemExit(f"{path}: word list missing (Debian packages wamerican, wngerman, wfrench)")
    words = [w for w in path.read_text(encoding="utf-8").split() if w.isalpha() and not w.isupper()]
    if language == "en":  # English capitalises only names: keep common nouns and verbs
        words = [w for w in words if w.islower()]
    words = sorted(set(words))
    keyed = [(len(w) + rng.gauss(0, 3), w) for w in words]
    keyed.sort()
    return [w for _, w in keyed]


def _product(heads: list, tails: list, rng: random.Random) -> list:
    names = [h + t for h in heads for t in tails]
    rng.shuffle(names)
    return names


class Builder:
    def __init__(self, seed: int = 1):
        setup = random.Random(seed)
        self.seed = seed
        self.words = {lang: Zipf(_word_list(lang, setup), ZIPF_EXPONENT, ZIPF_OFFSET) for lang in WORD_LISTS}
        self.first = {lang: Zipf(sorted(names), NAME_EXPONENT) for lang, names in FIRST.items()}
        self.surnames = {lang: Zipf(_product(SURNAME_HEADS[lang], SURNAME_TAILS[lang], setup), NAME_EXPONENT)
                         for lang in SURNAME_HEADS}
        self.places = {lang: Zipf(_product(PLACE_HEADS[lang], PLACE_TAILS[lang], setup), NAME_EXPONENT)
                       for lang in PLACE_HEADS}
        self.languages = list(LANGUAGE_SHARE)
        self.language_weights = list(LANGUAGE_SHARE.values())

    # -- the parts of a letter
    def person(self, lang: str, rng: random.Random) -> dict:
        title, sex = rng.choice(TITLES[lang])
        first = self.first[lang].one(rng)
        last = self.surnames[lang].one(rng)
        if rng.random() < 0.1:  # double-barrelled, or a middle initial
            last = f"{last}-{self.surnames[lang].one(rng)}" if lang != "en" else f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        return {"first": first, "last": last.split()[-1], "name": f"{first} {last}", "title": title, "sex": sex}

    def place(self, lang: str, rng: random.Random) -> str:
        return self.places[lang].one(rng)

    def organisation(self, lang: str, rng: random.Random) -> str:
        form = rng.choice(ORG_FORMS[lang])
        return form.format(last=self.surnames[lang].one(rng), last2=self.surnames[lang].one(rng),
                           place=self.place(lang, rng))

    def street(self, lang: str, rng: random.Random) -> str:
        return rng.choice(STREETS[lang]).format(n=rng.randint(1, 240), last=self.surnames[lang].one(rng),
                                                 place=self.place(lang, rng))

    def sentence(self, lang: str, rng: random.Random, people: list, places: list) -> str:
        length = rng.randint(7, 22)
        content = self.words[lang].draw(rng, length)
        function = FUNCTION_WORDS[lang]
        out = []
        for word in content:
            if rng.random() < 0.5:
                out.append(rng.choice(function))
            out.append(word)
        roll = rng.random()
        if roll < 0.12 and people:  # a letter names people and places in its text
            out.insert(rng.randrange(len(out)), rng.choice(people))
        elif roll < 0.22 and places:
            out.insert(rng.randrange(len(out)), rng.choice(places))
        elif roll < 0.3:  # a sum, a number, a year
            out.insert(rng.randrange(len(out)), str(rng.choice([rng.randint(2, 99), rng.randint(1850, 2025),
                                                               rng.randint(100, 99999)])))
        if rng.random() < 0.15 and len(out) > 6:
            out.insert(rng.randrange(3, len(out) - 2), out.pop(rng.randrange(3, len(out) - 2)) + ",")
        text = " ".join(out)
        return text[0].upper() + text[1:] + rng.choice(".....?;")[:1].replace(";", ".")

    def date_line(self, lang: str, day: dt.date, place: str, rng: random.Random) -> str:
        month = MONTHS[lang][day.month - 1]
        if lang == "en":
            return rng.choice([f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}",
                               f"Date: {day.day} {month} {day.year}"])
        if lang == "de":
            return rng.choice([f"{place}, den {day.day}. {month} {day.year}", f"{place}, {day.day}. {month} {day.year}"])
        return f"{place}, le {'1er' if day.day == 1 else day.day} {month} {day.year}"

    def letter(self, n: int) -> tuple:
        """(transcript, label) of letter n: the same n and seed give the same letter."""
        rng = random.Random(self.seed * 1_000_003 + n)
        lang = rng.choices(self.languages, self.language_weights)[0]
        sender, addressee = self.person(lang, rng), self.person(lang, rng)
        sender_org, addressee_org = self.organisation(lang, rng), self.organisation(lang, rng)
        place, addressee_place = self.place(lang, rng), self.place(lang, rng)
        day = dt.date(1850, 1, 1) + dt.timedelta(days=rng.randrange(176 * 365))
        initials = "".join(w[0] for w in sender_org.split() if w[0].isupper())[:4] or "X"
        ref = f"{initials}/{day.year}/{rng.randint(1, 999):03d}"
        subject_words = " ".join(self.words[lang].draw(rng, rng.randint(2, 5)))
        subject = subject_words[0].upper() + subject_words[1:]
        mentioned_people = [self.person(lang, rng)["name"] for _ in range(rng.randint(0, 3))]
        mentioned_places = [self.place(lang, rng) for _ in range(rng.randint(0, 3))]
        paragraphs = [" ".join(self.sentence(lang, rng, mentioned_people, mentioned_places)
                               for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(2, 5))]
        if lang == "de":
            paragraphs[0] = paragraphs[0][0].lower() + paragraphs[0][1:]  # after "Sehr geehrter ...,"
        fill = {"title": addressee["title"], "last": addressee["last"], "first": addressee["first"],
                "e_": "r" if addressee["sex"] == "m" else "", "title_fr": addressee["title"]}
        lines = [sender_org, self.street(lang, rng) + f", {place}", ""]
        address = [f"{addressee['title']} {addressee['name']}", addressee_org, self.street(lang, rng), addressee_place]
        dateline = self.date_line(lang, day, place, rng)
        if lang == "en":
            lines += [dateline, ""] + address + [""]
        else:
            lines += address + ["", dateline, ""]
        lines += [f"{rng.choice(REF_LABEL[lang])} {ref}", ""]
        if rng.random() < 0.7:
            lines += [f"{rng.choice(SUBJECT_LABEL[lang])} {subject}", ""]
        else:
            subject = None
        lines += [rng.choice(SALUTATION[lang]).format(**fill), ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines += [rng.choice(CLOSING[lang]).format(**fill), ""]
        signed = rng.random() < 0.6
        if signed:
            lines += [SIGNED_LINE[lang], ""]
        lines += [sender["name"], rng.choice(ROLES[lang])]
        clean = "\n".join(lines) + "\n"
        noise = rng.uniform(*NOISE_RATE) if rng.random() < NOISY_SHARE else 0.0
        text = ocr_noise(clean, noise, rng) if noise else clean
        label = {"file": letter_path(n), "lang": lang, "text": clean, "noise": round(noise, 4),
                 "sender": sender["name"], "addressee": addressee["name"], "sender_org": sender_org,
                 "addressee_org": addressee_org, "place": place, "places": [place, addressee_place] + mentioned_places,
                 "people": [sender["name"], addressee["name"]] + mentioned_people,
                 "date": day.isoformat(), "ref": ref, "subject": subject, "signed": signed}
        return text, label


def letter_path(n: int) -> str:
    return f"{n // LETTERS_PER_FOLDER:03d}/{n:06d}.txt"


# -- OCR noise

# What Tesseract misreads, each way round where it goes both ways
CONFUSIONS = [("rn", "m"), ("m", "rn"), ("l", "1"), ("l", "I"), ("I", "l"), ("1", "l"), ("e", "c"), ("c", "e"),
              ("cl", "d"), ("d", "cl"), ("h", "b"), ("u", "n"), ("n", "u"), ("ri", "n"), ("a", "o"), ("o", "a"),
              ("f", "t"), ("t", "f"), ("S", "5"), ("O", "0"), ("B", "8"), ("i", "l"), ("vv", "w"), ("w", "vv"),
              ("ü", "ii"), ("é", "e"), ("è", "e"), ("ä", "a"), ("ö", "o"), ("fi", "f"), ("y", "v"), ("g", "q")]
SPECKS = [".", ",", "'", "`", "~", "·", "-", ":"]
PUNCTUATION = set(".,;:!?'\"()")


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    """The text as OCR might read it: about rate * len(text) misreadings, each a confusion,
    a word split or joined, punctuation dropped or a speck added."""
    chars = list(text)
    count = max(1, round(rate * len(chars)))
    for at in sorted(rng.sample(range(len(chars)), min(count, len(chars))), reverse=True):
        c = chars[at]
        if c in "\n\f":
            continue
        roll = rng.random()
        if c in PUNCTUATION and roll < 0.6:
            chars[at] = ""  # dropped
        elif c == " " and roll < 0.5:
            chars[at] = ""  # two words joined
        elif roll < 0.65:
            pair = "".join(chars[at:at + 2])
            options = [(a, b) for a, b in CONFUSIONS if pair.startswith(a)]
            if options:
                a, b = rng.choice(options)
                chars[at:at + len(a)] = [b] + [""] * (len(a) - 1)
            elif c.isalpha():
                chars[at] = rng.choice("ecilnrmu")  # a misread letter
        elif roll < 0.8 and c.isalpha():
            chars[at] = c + " "  # a word split
        elif roll < 0.9:
            chars[at] = c + rng.choice(SPECKS)  # a speck
        elif c.isalpha():
            chars[at] = c.swapcase() if c.lower() in "cosuvwxz" else c
    return "".join(chars)


_WORD = re.compile(r"[^\W\d_]+")


def build(out: Path, count: int, seed: int = 1, meta: Path = None) -> list:
    """Write letters 0..count-1 under out (folders of a thousand), and in meta (out unless
    given) labels.jsonl and stats.json (how many distinct words the letters use, as
    written and OCR'd); the labels."""
    builder = Builder(seed)
    labels, words = [], set()
    meta = meta or out
    out.mkdir(parents=True, exist_ok=True)
    meta.mkdir(parents=True, exist_ok=True)
    with (meta / "labels.jsonl").open("w", encoding="utf-8") as label_file:
        for n in range(count):
            text, label = builder.letter(n)
            path = out / label["file"]
            if n % LETTERS_PER_FOLDER == 0:
                path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            words.update(_WORD.findall(text.lower()))
            label_file.write(json.dumps(label, ensure_ascii=False) + "\n")
            labels.append(label)
    (meta / "stats.json").write_text(json.dumps({"letters": count, "seed": seed, "distinct_words": len(words)}))
    return labels


def read_labels(meta: Path) -> list:
    with (meta / "labels.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    labels = build(args.out, args.count, args.seed)
    seconds = time.perf_counter() - started
    langs = {lang: sum(lab["lang"] == lang for lab in labels) for lang in LANGUAGE_SHARE}
    noisy = sum(bool(lab["noise"]) for lab in labels)
    print(f"{len(labels)} letters in {seconds:.1f} s into {args.out}: {langs}, {noisy} with OCR noise",
          file=sys.stderr)
    print(f"distinct words: {json.loads((args.out / 'stats.json').read_text())['distinct_words']}", file=sys.stderr)


if __name__ == "__main__":
    main()
