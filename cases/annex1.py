"""Annex 1 of the rules: the typical conflict situation (six steps with expected results) and
the atypical situations with their prescribed actions. Rules text, kept in Latvian as written
(content data, like the rules themselves); the labels around it go through gettext."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: str
    action: str
    result: str


@dataclass(frozen=True)
class Action:
    code: str
    text: str


@dataclass(frozen=True)
class Situation:
    code: str
    title: str
    actions: tuple[Action, ...]
    emergency: tuple[str, ...] = ()  # numbers shown prominently: 113 ambulance, 110/112 police


TYPICAL_STEPS: tuple[Step, ...] = (
    Step(
        "1",
        "Pamani konflikta rašanās draudus",
        "Es esmu savlaicīgi pamanījis klienta neapmierinātību, kas izpaužas viņa balss tonī, "
        "žestos, sejas izteiksmē.",
    ),
    Step(
        "2",
        "Ļauj klientam izteikt iebildumus, nepārtrauc viņu un neiebilsti",
        "Es esmu uzklausījis klienta izteiktās pretenzijas, nepārtraucot viņu, tā neizraisot "
        "viņā papildus pāridarījuma sajūtu. Es zinu, ka tikai emocijas izteicis klients ir "
        "gatavs uzklausīt darbinieku.",
    ),
    Step(
        "3",
        "Izproti klienta viedokli",
        "Es klientam esmu uzdevis atvērtā tipa jautājumus, lai noskaidrotu problēmas būtību un "
        "faktus; neesmu izdarījis pārsteidzīgus secinājumus; esmu piekritis visam, kam var "
        "piekrist; esmu izvairījies attaisnot radušās kļūdas; atvainojos par radušos situāciju.",
    ),
    Step(
        "4",
        "Noskaidro situāciju un meklē risinājumu, informējot par to klientu",
        "Es esmu piedāvājis problēmas risinājumu; ja to nevar atrisināt uz vietas, informējis "
        "klientu par turpmāko rīcību un saziņas veidu; pārbaudījis klienta kontaktinformāciju; "
        "ja risinājums nav manā kompetencē, sazinājies ar tiešo vadītāju, par to informējot "
        "klientu.",
    ),
    Step(
        "5",
        "Pasaki paldies klientam",
        "Es esmu klientam pateicis paldies par izteikto pamatoto iebildumu un atvainojies, ja "
        "problēma radusies Iestādes vainas dēļ.",
    ),
    Step(
        "6",
        "Nepieļauj necienīgu izturēšanos pret sevi, valsts varu vai valsts pārvaldi",
        "Ja klients ir klaji aizskarošs un izaicinošs, melo un apvaino mani, stingrā, noteiktā "
        "tonī es esmu brīdinājis klientu, ka neuzklausīšu tādā veidā izteiktus iebildumus, "
        "sakot, piemēram: “Es vēlos jūs uzklausīt un palīdzēt, bet nerunājiet ar mani tādā "
        "tonī.”",
    ),
)

STEP_NUMBERS = frozenset(s.number for s in TYPICAL_STEPS)

_SITUATIONS: tuple[Situation, ...] = (
    Situation(
        "health",
        "Klientam ir veselības traucējumi",
        (
            Action("health.1", "Sniedz palīdzību, ja proti un vari."),
            Action("health.2", "Lūdz palīdzību apkārtējiem."),
            Action("health.3", "Izsauc neatliekamo medicīnisko palīdzību, zvanot 113."),
        ),
        emergency=("113",),
    ),
    Situation(
        "mobility",
        "Klientam ir grūtības pārvietoties",
        (
            Action("mobility.1", "Palīdzi klientam nokļūt klientu apkalpošanas centra telpās."),
            Action(
                "mobility.2",
                "Sniedz visu pieejamo palīdzību, lai klients saņemtu nepieciešamo pakalpojumu.",
            ),
        ),
    ),
    Situation(
        "rude",
        "Klients izturas rupji",
        (
            Action("rude.1", "Neatbildi uz rupjību ar rupjību."),
            Action("rude.2", "Izturies mierīgi un centies noskaidrot šādas izturēšanās cēloni."),
            Action("rude.3", "Noteiktā balsī pieprasi pārtraukt nepiedienīgo uzvedību."),
            Action("rude.4", "Izsauc policiju galējas nepieciešamības gadījumā."),
        ),
        emergency=("110", "112"),
    ),
    Situation(
        "intoxicated",
        "Klients ir alkohola reibumā",
        (
            Action("intoxicated.1", "Apkalpo ierastā kārtībā, bet esi uzmanīgs."),
            Action("intoxicated.2", "Ja ar klientu ir grūti komunicēt, aicini atnākt citreiz."),
            Action("intoxicated.3", "Nepieciešamības gadījumā lūdz atstāt Iestādes telpas."),
            Action("intoxicated.4", "Izsauc policiju galējas nepieciešamības gadījumā."),
        ),
        emergency=("110", "112"),
    ),
    Situation(
        "dissatisfied",
        "Klients ir neapmierināts",
        (
            Action("dissatisfied.1", "Nevaino sevi vai klientu; neļaujies provokācijām."),
            Action("dissatisfied.2", "Ļauj klientam izteikt dusmas, nepārtrauc viņu."),
            Action("dissatisfied.3", "Aktīvi klausies un parādi, ka saproti, kā viņš jūtas."),
            Action("dissatisfied.4", "Atvainojies, ja problēma radusies Iestādes darbinieka dēļ."),
            Action("dissatisfied.5", "Kopā ar klientu meklē problēmas risinājumu."),
        ),
    ),
    Situation(
        "aggressive",
        "Klients ir agresīvs",
        (
            Action("aggressive.1", "Nekad nesaki klientam, lai viņš nomierinās."),
            Action("aggressive.2", "Saglabā mieru, izturies pret naidīgumu nopietni."),
            Action("aggressive.3", "Centies noskaidrot, kas izraisījis klienta dusmas."),
            Action("aggressive.4", "Brīdini klientu par necienīgu izturēšanos."),
            Action("aggressive.5", "Nepieciešamības gadījumā lūdz atstāt Iestādes telpas."),
            Action("aggressive.6", "Izsauc policiju galējas nepieciešamības gadījumā (110 / 112)."),
        ),
        emergency=("110", "112"),
    ),
)

SITUATIONS: dict[str, Situation] = {s.code: s for s in _SITUATIONS}

ACTION_TEXT: dict[str, str] = {a.code: a.text for s in _SITUATIONS for a in s.actions}


def describe(kind: str, code: str) -> str:
    """The text of a logged conflict entry: a step's action, a situation's title or an
    action's text."""
    if kind == "step":
        return next((s.action for s in TYPICAL_STEPS if s.number == code), code)
    if code in SITUATIONS:
        return SITUATIONS[code].title
    return ACTION_TEXT.get(code, code)
