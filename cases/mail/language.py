"""Which language an incoming e-mail is written in (4.6; docs/mail.md, "Foreign language"):
a small heuristic without dependencies, enough to tell Latvian from Russian, English and the
rest. It flags; an employee decides (the e-mail's page offers the 4.6 path).

1. Too few letters to tell (under :data:`MIN_LETTERS`): unknown (``""``), never "foreign".
2. Mostly Cyrillic letters: Russian (Ukrainian, Belarusian and the like count as Russian
   here; the employee sees the text).
3. Latvian letters with diacritics (ā, č, ē, ģ, ī, ķ, ļ, ņ, š, ū, ž) count for Latvian, and
   so do common Latvian words, with and without their diacritics ("labdien", "lūdzu" /
   "ludzu", "paldies"): a Latvian written on a keyboard without them is still Latvian.
4. Common English words count for English. The higher score wins; a text with neither
   (German, Lithuanian, …) is "other" when it has enough words to tell, else unknown."""

from __future__ import annotations

import re

from cases.models.choices import Language

#: Fewer letters than this: the language is not guessed.
MIN_LETTERS = 12
LATVIAN_LETTERS = frozenset("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")
#: Letters other alphabets have and Latvian has not: a text full of them is not Latvian.
FOREIGN_LETTERS = frozenset("äöüßåøæõéèêàçñúóáíąęėįųłřěůťďľĺŕ")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common Latvian words, also as they are written without diacritics.
LATVIAN_WORDS = _words(
    """
    un ir ar par uz no lai kā ka vai kas kad kur bet arī ari tas tā ta šo so to man mans mana
    mums jums jūs jus es mēs mes viņš vins viņa vina nav bija būs bus būtu butu var varu varat
    vēlos velos gribu lūdzu ludzu paldies labdien sveiki cieņu cienu jautājums
    jautajums iesniegums rēķins rekins rēķinu rekinu līgums ligums līgumu ligumu adrese dzīvoklis
    dzivoklis mājas majas māja maja kāpēc kapec tiks tiek jau vēl vel nevaru lūgums lugums
    informāciju informaciju atbildi atbilde pakalpojums pakalpojuma sakarā sakara gada laikā
    laika kopš kops tikai ļoti loti labi labu dienu diena
    """
)
ENGLISH_WORDS = _words(
    """
    the and is are was were to of in for on with you your i my me we our this that it be have
    has had please hello hi dear thank thanks regards would could should will can not do does
    what when where why how about from as at by an or if there their they which who
    """
)
WORD = re.compile(r"[^\W\d_]+")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def detect_language(text: str) -> str:
    """The language of ``text`` as a :class:`cases.models.choices.Language` value, or ``""``
    when there is too little to tell (the steps in the module's docstring)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return ""
    cyrillic = sum(1 for c in letters if _is_cyrillic(c))
    if cyrillic / len(letters) > 0.5:
        return Language.RUSSIAN.value
    words = [w.lower() for w in WORD.findall(text)]
    latvian = sum(1 for w in words if w in LATVIAN_WORDS)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    marked = sum(1 for c in letters if c in LATVIAN_LETTERS)
    foreign = sum(1 for c in letters if c.lower() in FOREIGN_LETTERS)
    # A letter with a Latvian diacritic is strong evidence; two of them weigh as a word.
    latvian_score = latvian + marked / 2 - foreign
    if latvian_score > english and latvian_score >= 1:
        return Language.LATVIAN.value
    if english > latvian_score and english >= 2:
        return Language.ENGLISH.value
    if cyrillic / len(letters) > 0.2:
        return Language.RUSSIAN.value
    return Language.OTHER.value if len(words) >= 4 else ""
