"""The places of the fictitious "Landkreis Lotsenau": its curated municipalities, the parts the
benchmark invents further ones from, and the streets and phone numbers of all of them."""

from random import Random

from ..models.choices import MunicipalityKind
from .names import phrases, words

COUNTY = "Landkreis Lotsenau"
SEAT = "Lotsenau"
KEY_PREFIX = "07399"  # Land 07, a district number no real county uses
PHONE_PREFIX = "06599"

# name, kind, population, postcode, town of the administration (if not the name)
MUNICIPALITIES = [
    ("Lotsenau", MunicipalityKind.CITY, 28_450, "56710", None),
    ("Bad Ahrensfelde", MunicipalityKind.CITY, 14_120, "56714", None),
    ("Großenbrück", MunicipalityKind.MARKET, 7_930, "56718", None),
    ("Mühlhausen am Kleinbach", MunicipalityKind.MUNICIPALITY, 3_410, "56720", None),
    ("Weißenbach", MunicipalityKind.MUNICIPALITY, 2_870, "56722", None),
    ("Kleinlotsenau", MunicipalityKind.MUNICIPALITY, 1_560, "56711", None),
    ("Ober-Ahrdorf", MunicipalityKind.MUNICIPALITY, 980, "56725", None),
    ("Nieder-Ahrdorf", MunicipalityKind.MUNICIPALITY, 1_240, "56725", None),
    ("Sankt Ewald", MunicipalityKind.MUNICIPALITY, 2_105, "56727", None),
    ("Hohenwiese", MunicipalityKind.MUNICIPALITY, 1_730, "56730", None),
    ("Altenmühle", MunicipalityKind.MUNICIPALITY, 640, "56731", None),
    ("Birkenhain", MunicipalityKind.MUNICIPALITY, 2_390, "56733", None),
    ("Rödelsheim", MunicipalityKind.CITY, 9_860, "56735", None),
    (
        "Verbandsgemeinde Rödelsheimer Land",
        MunicipalityKind.ASSOCIATION,
        18_300,
        "56736",
        "Rödelsheim",
    ),
    ("Schönfurt", MunicipalityKind.MUNICIPALITY, 3_020, "56738", None),
    ("Tannenbrück", MunicipalityKind.MARKET, 5_470, "56740", None),
    ("Wiesenhausen", MunicipalityKind.MUNICIPALITY, 1_115, "56742", None),
    ("Straßfeld", MunicipalityKind.MUNICIPALITY, 2_660, "56744", None),
    ("Düsterloh", MunicipalityKind.MUNICIPALITY, 770, "56745", None),
    ("Kirchheim an der Lotse", MunicipalityKind.MUNICIPALITY, 4_380, "56747", None),
    ("Fröhnau", MunicipalityKind.MUNICIPALITY, 1_890, "56749", None),
    ("Eichwald-Süd", MunicipalityKind.MUNICIPALITY, 1_340, "56750", None),
    ("Lützelbach", MunicipalityKind.MUNICIPALITY, 2_215, "56752", None),
    ("Königshöfen", MunicipalityKind.MARKET, 6_040, "56755", None),
]

STREETS = phrases(
    """
    Hauptstraße, Bahnhofstraße, Schulstraße, Kirchgasse, Mühlenweg, Am Marktplatz, Lindenallee,
    Goethestraße, Schillerstraße, Rosenweg, Gartenstraße, Im Wiesengrund, Brückenstraße, Ahornweg,
    Weißdornweg, Am Kleinbach, Talstraße, Bergstraße, Försterstraße, Lotseufer, Kastanienhof, Zur
    Alten Schmiede, Kirchweg, Friedhofstraße, Ringstraße, Dorfstraße, Am Anger, Am Mühlbach,
    Lessingstraße, Feldstraße, Wiesenweg, Jahnstraße, Fröbelstraße, Grüner Weg, Kastanienallee,
    Töpfergasse, Über den Gärten
    """
)

# The benchmark invents its further municipalities from these parts.
PLACE_PREFIXES = [
    "",
    "",
    "",
    "Bad ",
    *words("Ober Nieder Alt Neu Groß Klein Hohen Wüsten Mittel Unter"),
]
PLACE_STEMS = words(
    """
    Eich Buch Lind Mühl Wald Roth Weiß Rosen Kirch Stein Berg Tann Hasel Erlen Birk Fried Lauter
    Schön Grün Kalten Wester Oster Sonnen Fuchs Hirsch Bären Falken Krähen Forst Brunn Elster Saal
    Wolfs Gött Mansel Hett Löb Zörb Kölle Düben Sülz Ahl Bröck Hüt
    """
)
PLACE_SUFFIXES = words(
    """
    dorf bach hausen heim feld stedt au burg ingen rode brück thal hagen leben witz born stadt
    werder
    """
)
PLACE_ADDITIONS = (" an der Lotse", " am See", " (Hunsrück)", " bei Lotsenau")
MOBILE_PREFIXES = ("151", "152", "160", "162", "170", "171", "176", "177", "179")


def invented_place_names(rng: Random, count: int, taken: set[str]) -> list[str]:
    """``count`` names of villages and towns that sound German and are not in ``taken``."""
    names: list[str] = []
    while len(names) < count:
        stem, suffix = rng.choice(PLACE_STEMS), rng.choice(PLACE_SUFFIXES)
        prefix = rng.choice(PLACE_PREFIXES)
        base = stem + suffix
        name = prefix + (base if prefix.endswith(" ") or not prefix else base.lower())
        if rng.random() < 0.04:
            name += rng.choice(PLACE_ADDITIONS)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def official_key(number: int) -> str:
    """The Amtliche Gemeindeschlüssel of the county's ``number``-th municipality (from 0)."""
    return f"{KEY_PREFIX}{number * 4 + 1:03d}"


def street_address(rng: Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 120)}"


def mobile_number(rng: Random) -> str:
    return f"0{rng.choice(MOBILE_PREFIXES)} {rng.randint(1_000_000, 99_999_999)}"
