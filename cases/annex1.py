"""Annex 1 of the rules, word for word: the typical conflict situation (six steps, each with its
numbered expected results) and the six atypical situations with every prescribed action, numbered
as the annex numbers them (situation 2 goes 2.1, 2.3: the annex has no 2.2). Rules text, kept in
Latvian as written (content data, like the rules themselves); the labels around it go through
gettext.

Two things differ from the printed text, both listed in docs/RULES.md ("Readings"):
:data:`SPELLING` puts right the letters the text got wrong ("Īauj" for "Ļauj" …), and the
annex's italics (``<i>…</i>``) are shown in „…” quotes, as the rules register shows them.
``tests/cases/test_conflicts.py`` compares this module with the rules text in
``servicedesk/rules_text/`` through :data:`SPELLING`, so neither can drift from the other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: str
    action: str
    results: tuple[str, ...]
    starred: bool = True  # every typical step carries the annex's asterisk

    @property
    def result(self) -> str:
        return " ".join(self.results)


@dataclass(frozen=True)
class Action:
    code: str  # "<situation>.<n>": "dissatisfied.5" is the annex's 5.5
    number: str  # as the annex prints it: "5.5"
    text: str

    @property
    def numbered(self) -> str:
        return f"{self.number}. {self.text}"


@dataclass(frozen=True)
class Situation:
    code: str
    number: str
    title: str
    actions: tuple[Action, ...]
    emergency: tuple[str, ...] = ()  # numbers shown prominently: 113 ambulance, 110/112 police
    starred: bool = False  # the annex's asterisk (situations 1 and 5)


#: The letters the printed annex got wrong, and what the desk shows instead (docs/RULES.md).
SPELLING: tuple[tuple[str, str], ...] = (
    ("Īauj", "Ļauj"),
    ("Ľauj", "Ļauj"),
    ("uzklasīt", "uzklausīt"),
    ("uzskausi", "uzklausi"),
    ("piekrīt", "piekrist"),
    ("pieprasī ", "pieprasi "),
    ("klāji", "klaji"),
    ("nerunājet", "nerunājiet"),
    ("izsaski", "izsaki"),
)

TYPICAL_STEPS: tuple[Step, ...] = (
    Step(
        "1",
        "Pamani konflikta rašanās draudus",
        (
            "Es esmu savlaicīgi pamanījis klienta neapmierinātību, kas izpaužas viņa balss "
            "tonī, žestos, sejas izteiksmē.",
        ),
    ),
    Step(
        "2",
        "Ļauj klientam izteikt iebildumus, nepārtrauc viņu un neiebilsti",
        (
            "2.1. Es esmu uzklausījis klienta izteiktās pretenzijas, nepārtraucot viņu, tā "
            "neizraisot viņā papildus pāridarījuma sajūtu.",
            "2.2. Es zinu, ka tikai emocijas izteicis klients ir gatavs uzklausīt darbinieku.",
        ),
    ),
    Step(
        "3",
        "Izproti klienta viedokli",
        (
            "3.1. Es klientam esmu uzdevis atvērtā tipa jautājumus, lai noskaidrotu problēmas "
            "būtību un faktus, kurus vēlāk (vai, iespēju robežās - uzreiz) pārbaudītu.",
            "3.2. Es neesmu izdarījis pārsteidzīgus secinājumus.",
            "3.3. Es esmu piekritis visam, kam klienta iebildumos var piekrist.",
            "3.4. Es esmu izvairījies attaisnot radušās kļūdas.",
            "3.5. Es atvainojos par radušos situāciju.",
        ),
    ),
    Step(
        "4",
        "Noskaidro situāciju un meklē risinājumu, informējot par to klientu",
        (
            "4.1. Es esmu piedāvājis problēmas risinājumu.",
            "4.2. Ja problēmu nevar atrisināt uz vietas, es esmu informējis klientu par savu "
            "turpmāko rīcību un noskaidrojis, kā labāk ar klientu sazināties (pa telefonu, "
            "elektronisko pastu u.tml.).",
            "4.3. Es esmu pārbaudījis, vai klienta kontaktinformācija ir pareiza, lai "
            "nepieciešamības gadījumā sazinātos ar viņu.",
            "4.4. Ja risinājums nav manā kompetencē vai klientu neapmierina piedāvātie "
            "risinājumi, es esmu sazinājies ar tiešo vadītāju, pirms tam par to informējot "
            "klientu.",
        ),
    ),
    Step(
        "5",
        "Pasaki paldies klientam",
        (
            "5.1. Es esmu klientam pateicis paldies par izteikto pamatoto iebildumu.",
            "5.2. Es esmu atvainojies klientam, ja problēma ir radusies Iestādes vainas dēļ.",
        ),
    ),
    Step(
        "6",
        "Nepieļauj necienīgu izturēšanos pret sevi, valsts varu vai valsts pārvaldi",
        (
            "Ja klients ir klaji aizskarošs un izaicinošs (piemēram, provocē atklāt ar likumu "
            "aizsargātu informāciju vai nicinoši izsakās par valsts varu vai valsts pārvaldi), "
            "melo un apvaino mani, stingrā, noteiktā tonī es esmu brīdinājis klientu, ka "
            "neuzklausīšu tādā veidā izteiktus iebildumus, sakot, piemēram, „Es vēlos jūs "
            "uzklausīt un palīdzēt, bet nerunājiet ar mani tādā tonī.”",
        ),
    ),
)

STEP_NUMBERS = frozenset(s.number for s in TYPICAL_STEPS)


def _situation(
    code: str,
    number: str,
    title: str,
    actions: tuple[tuple[str, str], ...],
    *,
    emergency: tuple[str, ...] = (),
    starred: bool = False,
) -> Situation:
    """A situation with its actions, each coded by its number in the annex (``5.5`` →
    ``dissatisfied.5``)."""
    return Situation(
        code,
        number,
        title,
        tuple(Action(f"{code}.{n.split('.')[1]}", n, text) for n, text in actions),
        emergency,
        starred,
    )


_POLICE = "Izsauc policiju galējas nepieciešamības gadījumā."
_SITUATIONS: tuple[Situation, ...] = (
    _situation(
        "health",
        "1",
        "Ja kādam ir veselības traucējumi",
        (
            ("1.1", "Sniedz palīdzību, ja proti un vari."),
            ("1.2", "Lūdz palīdzību apkārtējiem."),
            ("1.3", "Izsauc neatliekamo medicīnisko palīdzību, zvanot 113."),
        ),
        emergency=("113",),
        starred=True,
    ),
    _situation(
        "mobility",
        "2",
        "Ja klientam ir grūtības pārvietoties",
        (
            ("2.1", "Palīdzi klientam nokļūt klientu apkalpošanas centra telpās."),
            (
                "2.3",
                "Sniedz visu pieejamo palīdzību, lai klients saņemtu viņam nepieciešamo "
                "pakalpojumu.",
            ),
        ),
    ),
    _situation(
        "rude",
        "3",
        "Ja klients izturas rupji",
        (
            ("3.1", "Neatbildi uz rupjību ar rupjību."),
            ("3.2", "Izturies mierīgi un centies noskaidrot šādas izturēšanās cēloni."),
            ("3.3", "Noteiktā balsī pieprasi pārtraukt nepiedienīgo uzvedību."),
            ("3.4", _POLICE),
        ),
        emergency=("110", "112"),
    ),
    _situation(
        "intoxicated",
        "4",
        "Ja klients ir alkohola reibumā",
        (
            ("4.1", "Apkalpo ierastā kārtībā, bet esi uzmanīgs."),
            ("4.2", "Ja ar klientu ir grūti komunicēt, aicini viņu atnākt citreiz."),
            ("4.3", "Nepieciešamības gadījumā lūdz atstāt Iestādes telpas."),
            ("4.4", _POLICE),
        ),
        emergency=("110", "112"),
    ),
    _situation(
        "dissatisfied",
        "5",
        "Ja klients ir neapmierināts",
        (
            (
                "5.1",
                "Nevaino sevi vai klientu, ja viņš kritizē kāda kolēga, ar kuriem ticies "
                "iepriekš, rīcību.",
            ),
            (
                "5.2",
                "Neļaujies provokācijām, ignorē piezīmes, neizrādi savas negatīvās izjūtas "
                "(bailes, nedrošību, dusmas u.tml.), lai neprovocētu sevi piekrist vai "
                "ielaisties diskusijās.",
            ),
            (
                "5.3",
                "Ļauj klientam izteikt savas dusmas, nepārtrauc viņu, neiesaisties ar savām "
                "emocijām.",
            ),
            (
                "5.4",
                "Aktīvi klausies (piebildes, piekrišana, galvas mājieni), tā parādot klientam, ka "
                "saproti, kā viņš jūtas, sakot, piemēram, „Man patiesi žēl, ka tā ir noticis..., "
                "Atvainojiet par radušos situāciju.”",
            ),
            (
                "5.5",
                "Uzdod kādu jautājumu, lai pārliecinātu klientu, ka esi pozitīvi noskaņots, "
                "izproti viņa problēmu, emocijas un joprojām uzklausi viņu mierīgi un ar izpratni.",
            ),
            ("5.6", "Atvainojies, ja problēma radusies Iestādes darbinieka dēļ."),
            (
                "5.7",
                "Kopā ar klientu meklē problēmas risinājumu, sakot, piemēram, „Kā jūs domājat..., "
                "Mēs varētu darīt tā....”",
            ),
            (
                "5.8",
                "Centies iesaistīt klientu un pārliecināt, ka novērtē viņa viedokli, nevis diktē, "
                "kas viņam ir jādara.",
            ),
        ),
        starred=True,
    ),
    _situation(
        "aggressive",
        "6",
        "Ja klients ir agresīvs",
        (
            (
                "6.1",
                "Nekad nesaki klientam, lai viņš nomierinās, tā tu sadusmosi viņu vēl vairāk.",
            ),
            (
                "6.2",
                "Saglabā mieru, neizturies pret klientu ar nicinājumu, pret viņa naidīgumu "
                "jāattiecas nopietni.",
            ),
            (
                "6.3",
                "Centies noskaidrot, kas ir izraisījis klienta dusmas, vai tās ir radušās "
                "konsultācijas gaitā.",
            ),
            (
                "6.4",
                "Savus pieņēmumus izsaki ieinteresētā tonī, piemēram, „Jūs izskatāties ar kaut ko "
                "neapmierināts..., Izklausās, ka Jūs esat sadusmots..., Kas noticis?, Vai es kaut "
                "ko nepareizi pateicu?”",
            ),
            (
                "6.5",
                "Pret apvainojumiem nav jāizturas iecietīgi, brīdini klientu par necienīgu "
                "izturēšanos.",
            ),
            ("6.6", "Nepieciešamības gadījumā lūdz atstāt Iestādes telpas."),
            ("6.7", _POLICE),
        ),
        emergency=("110", "112"),
    ),
)

SITUATIONS: dict[str, Situation] = {s.code: s for s in _SITUATIONS}

ACTION_TEXT: dict[str, str] = {a.code: a.numbered for s in _SITUATIONS for a in s.actions}

#: Which situation each action belongs to ("dissatisfied.5" → "dissatisfied").
SITUATION_OF: dict[str, str] = {a.code: s.code for s in _SITUATIONS for a in s.actions}


def describe(kind: str, code: str) -> str:
    """The text of a logged conflict entry: a step's action, a situation's title or an
    action's numbered text."""
    if kind == "step":
        return next((s.action for s in TYPICAL_STEPS if s.number == code), code)
    if code in SITUATIONS:
        return SITUATIONS[code].title
    return ACTION_TEXT.get(code, code)
