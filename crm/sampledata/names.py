"""People's names in the fictitious county, by origin, and how a name is drawn and written into an
e-mail address: one list for the demo and the benchmark."""

import unicodedata
from itertools import accumulate
from random import Random
from typing import NamedTuple


def words(text: str) -> list[str]:
    """The words of a text as a list: long lists of names read better as text than one a line."""
    return text.split()


def phrases(text: str) -> list[str]:
    """The comma-separated phrases of a text as a list (names with spaces in them)."""
    return [phrase.strip() for phrase in text.split(",")]


class Origin(NamedTuple):
    """Where a person's name comes from, and the languages (ISO 639) people of it speak."""

    female: list[str]
    male: list[str]
    surnames: list[str]
    languages: tuple[str, ...]


ORIGINS = {
    "deutsch": Origin(
        words(
            """
            Anna Maria Ursula Monika Petra Sabine Claudia Susanne Andrea Birgit Jana Julia Katrin
            Sandra Stefanie Nicole Melanie Christine Heike Karin Renate Gisela Brigitte Ingrid
            Käthe Jutta Dörte Bärbel Hannelore Sophie Lea Lena Mia Emma Hanna Hannah Lina
            Charlotte Ida Frieda Greta Marlene Anna-Lena Marie-Luise Eva-Maria Ann-Kathrin
            Anne-Kathrin Lotte Franziska Annegret Rosemarie Edeltraud Inès Zoë Chloé Doris Elke
            Maike Nadine Tanja Ute Verena Jördis Antje Silke Christiane
            """
        ),
        words(
            """
            Peter Michael Thomas Andreas Stefan Frank Jürgen Jörg Günter Björn Sören Uwe Klaus
            Wolfgang Dieter Manfred Horst Bernd Ralf Dirk Jens Sven Torsten Matthias Christian
            Tobias Florian Sebastian Lukas Jonas Finn Leon Paul Felix Max Moritz Jan-Erik
            Hans-Peter Karl-Heinz Hans-Jürgen Klaus-Dieter Ole Malte Götz Jörn Lüder René André
            Markus Niklas Volker Sönke Jan-Hendrik
            """
        ),
        # By frequency, the commonest first (see GERMAN_SURNAME_WEIGHTS).
        words(
            """
            Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
            Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
            Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler
            Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung
            Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz
            Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher
            Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf
            Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer
            Arnold Wolff Pfeiffer Strauß Nußbaum Süßmuth Großmann Weißenfels Mößner Jürgens Lüdtke
            Bräuer Thüringer Häußler Döring Förster Gärtner Lübke Fuß Vöhringer Brückner Schütz
            Löffler Dürr Haßelbach Österle Zöllner Überall Ährenfeld Müller-Wohlfahrt
            Schulze-Böing Schulte-Böcker Meyer-Rößler
            """
        ),
        ("de",),
    ),
    "arabisch": Origin(
        words(
            """
            Amira Fatima Rania Lina Nour Hiba Rasha Dalia Aisha Mariam Layla Huda Amal Salma
            Yasmin
            """
        ),
        words("Mohammed Ahmad Khaled Omar Yusuf Samir Tarek Bilal Ali Hassan Karim Mahmoud"),
        words(
            """
            Al-Hassan Haddad Khalil Nasser Saleh Darwish Al-Masri Abdullah Al-Khatib Hamdan
            Ibrahim Mansour Al-Ahmad Suleiman Youssef Hamoud Qasim Shaheen
            """
        ),
        ("ar",),
    ),
    "türkisch": Origin(
        words("Ayşe Elif Zeynep Fatma Emine Derya Gül Sibel Hatice Özlem Çağla Büşra Melek"),
        words(
            "Mehmet Mustafa Emre Hüseyin Cem Murat Özgür Serkan Can Ahmet Ömer Yusuf Burak Kerem"
        ),
        words(
            """
            Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Doğan Güneş Yıldız Özdemir Koç Kılıç
            Aslan Çetin Kurt Özkan Şimşek Polat
            """
        ),
        ("tr",),
    ),
    "ukrainisch": Origin(
        words(
            """
            Olena Iryna Oksana Natalija Tetjana Switlana Julija Kateryna Halyna Viktorija
            """
        ),
        words("Oleksandr Andrij Dmytro Serhij Wolodymyr Taras Bohdan Mykola Jurij Wassyl"),
        words(
            """
            Kowalenko Schewtschenko Bondarenko Tkatschenko Krawtschuk Melnyk Petrenko Lyssenko
            Hryhorenko Bojko Kowaltschuk Olijnyk Moros Martschenko Sawtschenko Rudenko
            """
        ),
        ("uk", "ru"),
    ),
    "afghanisch": Origin(
        words(
            """
            Farida Mariam Zahra Soraya Habiba Nilofar Shabnam Fereshta Nargis Sahar Parwana Laila
            Zarghona
            """
        ),
        words(
            """
            Farid Jawad Mirwais Nasir Wahid Hamid Zabihullah Ahmad Mohammad Sayed Naweed
            Rahmatullah Khalid
            """
        ),
        words(
            """
            Ahmadi Hashimi Karimi Rahimi Sultani Popal Noori Wardak Stanikzai Hakimi Hussaini
            Rezaie Mohammadi Azimi Safi Jalali
            """
        ),
        ("prs", "ps", "fa"),
    ),
    "eritreisch": Origin(
        words("Senait Helen Luwam Selam Saba Yordanos"),
        words("Yonas Tesfay Filmon Dawit Samuel Berhane"),
        words("Tesfamariam Ghebremedhin Haile Kidane Woldemichael Gebreyesus"),
        ("ti",),
    ),
    "kurdisch": Origin(
        words("Rojda Berfin Jiyan Dilan Evîn Hêvî"),
        words("Azad Rezan Baran Shivan Dilovan Kawa"),
        words("Ibrahim Murad Osman Hesen Sido Bakr"),
        ("kmr", "ar"),
    ),
}
MIGRANT_ORIGINS = [o for o in ORIGINS if o != "deutsch"]
# The benchmark's mix: three in four German, the rest about as large as the communities are.
ORIGIN_WEIGHTS = {
    "deutsch": 75,
    "türkisch": 7,
    "arabisch": 6,
    "ukrainisch": 5,
    "afghanisch": 4,
    "kurdisch": 2,
    "eritreisch": 1,
}
# Zipf-like and cumulative (for Random.choices): Müller and Schmidt common, the tail rare.
GERMAN_SURNAME_WEIGHTS = list(
    accumulate(1 / (rank + 15) for rank in range(len(ORIGINS["deutsch"].surnames)))
)
# What else people born in Germany speak.
SECOND_LANGUAGES = ("en", "fr", "ru", "tr", "ar", "es", "pl", "it")
TITLES = ("Dr.", "Dr.", "Prof. Dr.")
MAIL_PROVIDERS = ("web", "gmx", "posteo", "mailbox", "t-online", "freenet")  # all .example
DOUBLE_NAMES = 0.04


def surname(rng: Random, origin: str) -> str:
    """A surname of the origin, German ones by frequency; a few joined to a second one."""
    if origin == "deutsch":
        name = rng.choices(ORIGINS["deutsch"].surnames, cum_weights=GERMAN_SURNAME_WEIGHTS)[0]
    else:
        name = rng.choice(ORIGINS[origin].surnames)
    if rng.random() < DOUBLE_NAMES:
        other = rng.choice(ORIGINS[rng.choice(("deutsch", "deutsch", origin))].surnames)
        if "-" not in name + other and other != name:
            name = f"{name}-{other}"
    return name


def draw_name(rng: Random, origin: str) -> tuple[str, str, bool]:
    """First name, surname and whether the person is a woman."""
    female = rng.random() < 0.55
    names = ORIGINS[origin]
    return rng.choice(names.female if female else names.male), surname(rng, origin), female


_MAIL = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ł": "l", "ø": "o"})


def mail_part(text: str) -> str:
    """A name as people write it in an e-mail address: ``Jürgen Groß`` → ``juergen-gross``."""
    lowered = unicodedata.normalize("NFKD", text.lower().translate(_MAIL))
    kept = "".join(
        c if c.isascii() and c.isalnum() else "-"
        for c in lowered
        if c.isascii() or not unicodedata.combining(c)
    )
    return "-".join(p for p in kept.split("-") if p)


def work_email(first: str, last: str, domain: str) -> str:
    return f"{mail_part(first)}.{mail_part(last)}@{domain}"


def private_email(rng: Random, first: str, last: str) -> str:
    """An address at a (fictitious) mail provider, written the ways people choose them."""
    first_, last_ = mail_part(first), mail_part(last)
    pattern = rng.random()
    if pattern < 0.5:
        local = f"{first_}.{last_}"
    elif pattern < 0.75:
        local = f"{first_[0]}.{last_}"
    else:
        local = f"{first_}.{last_}{rng.randint(1, 99)}"
    return f"{local}@{rng.choice(MAIL_PROVIDERS)}.example"
