"""Content of the demo desk (``demo_contacts``): Latvian names, addresses, what clients ask
about, and the knowledge-base articles. Content data, Latvian as-is (like the rules text)."""

from __future__ import annotations

from django.conf import settings

# Topic names as ``demo_data`` creates them.
WASTE_COLLECTION = "Atkritumu izvešana"
BILLING = "Rēķini un maksājumi"
CONTAINERS = "Konteineri"
CONTRACTS = "Līgumi"
SORTED = "Šķirotie atkritumi"
BULKY = "Lielgabarīta atkritumi"
LANDFILL = "Poligons “Cinīši”"
CONSTRUCTION = "Būvniecības atkritumi"
POLLUTION = "Vides piesārņojums un nelegālas izgāztuves"

# How often each topic comes up at the desk.
TOPIC_WEIGHTS = {
    WASTE_COLLECTION: 26,
    BILLING: 22,
    CONTAINERS: 14,
    CONTRACTS: 13,
    SORTED: 8,
    BULKY: 7,
    LANDFILL: 4,
    CONSTRUCTION: 3,
    POLLUTION: 3,
}

FEMALE_FIRST = [
    "Anna", "Inese", "Ilze", "Līga", "Kristīne", "Dace", "Sandra", "Anita", "Ināra", "Vija",
    "Skaidrīte", "Ruta", "Olga", "Jeļena", "Tatjana", "Ludmila", "Marija", "Aija", "Daiga",
    "Zane", "Evija", "Baiba", "Ilona", "Valentīna", "Svetlana", "Ērika",
]  # fmt: skip
MALE_FIRST = [
    "Jānis", "Andris", "Pēteris", "Aivars", "Valdis", "Juris", "Edgars", "Māris", "Sergejs",
    "Aleksandrs", "Vladimirs", "Ivars", "Guntis", "Artūrs", "Raimonds", "Viktors", "Staņislavs",
    "Jāzeps", "Antons", "Igors", "Kārlis", "Normunds",
]  # fmt: skip
# (male, female) forms of the surname.
SURNAMES = [
    ("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"),
    ("Jansons", "Jansone"), ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"),
    ("Pētersons", "Pētersone"), ("Vanags", "Vanaga"), ("Līcis", "Līce"), ("Lācis", "Lāce"),
    ("Stikuts", "Stikute"), ("Ivanovs", "Ivanova"), ("Petrovs", "Petrova"),
    ("Vasiļjevs", "Vasiļjeva"), ("Romanovskis", "Romanovska"), ("Strods", "Strode"),
    ("Rubens", "Rubene"), ("Skrindževskis", "Skrindževska"), ("Meikšāns", "Meikšāne"),
    ("Upenieks", "Upeniece"), ("Šņepsts", "Šņepste"), ("Vucāns", "Vucāne"),
    ("Laizāns", "Laizāne"), ("Kursītis", "Kursīte"), ("Bogdanovs", "Bogdanova"),
    ("Zeltiņš", "Zeltiņa"),
]  # fmt: skip

LEGAL_PERSONS = [
    ("Dzīvokļu īpašnieku biedrība “Cietokšņa 60”", "birojs@cietoksna60.lv"),
    ("SIA “Krāslavas nami”", "info@kraslavasnami.lv"),
    ("SIA “Līvānu māja”", "livanumaja@inbox.lv"),
    ("SIA “Latgales maiznieks”", "gramatvediba@latgalesmaiznieks.lv"),
    ("Z/S “Ozolkalni”", "ozolkalni@apollo.lv"),
    ("SIA “Aglonas viesu nams”", "rezervacija@aglonasviesunams.lv"),
    ("SIA “Dubnas krasts”", "dubnaskrasts@gmail.com"),
    ("IK “Līvānu kokamatnieks”", "kokamatnieks@inbox.lv"),
    ("DzĪB “Jātnieku 87”", "jatnieku87@gmail.com"),
    ("SIA “Preiļu auto serviss”", "serviss@preiluauto.lv"),
]

# Town → (streets, postcode and county as written in an address).
TOWNS = {
    "Daugavpils": (
        [
            "Rīgas iela", "Saules iela", "Vienības iela", "Cietokšņa iela", "18. novembra iela",
            "Jātnieku iela", "Stacijas iela", "Varšavas iela", "Valkas iela", "Smilšu iela",
            "Arhitektu iela", "Kandavas iela",
        ],
        "Daugavpils, LV-54{:02d}",
    ),
    "Krāslava": (
        ["Rīgas iela", "Brīvības iela", "Pils iela", "Raiņa iela", "Sauleskalns"],
        "Krāslava, Krāslavas nov., LV-5601",
    ),
    "Preiļi": (
        ["Raiņa bulvāris", "Talsu iela", "Rēzeknes iela", "Liepu iela", "Daugavpils iela"],
        "Preiļi, Preiļu nov., LV-5301",
    ),
    "Līvāni": (
        ["Rīgas iela", "Domes iela", "Stacijas iela", "Zaļā iela", "Fabrikas iela"],
        "Līvāni, Līvānu nov., LV-5316",
    ),
    "Aglona": (
        ["Somersētas iela", "Daugavpils iela", "Ezera iela", "Tartu iela"],
        "Aglona, Aglonas pag., Preiļu nov., LV-5304",
    ),
}  # fmt: skip
TOWN_WEIGHTS = {"Daugavpils": 50, "Krāslava": 15, "Preiļi": 13, "Līvāni": 14, "Aglona": 8}

# Clients abroad who call from a foreign number (4.3.1: no phone callback to them).
FOREIGN_PHONES = ["+49 151 23456789", "+353 87 123 4567", "+370 612 34567"]
MAIL_DOMAINS = ["gmail.com", "inbox.lv", "apollo.lv", "tvnet.lv", "outlook.com"]

SUMMARIES = {
    WASTE_COLLECTION: [
        "Jautā, kāpēc šonedēļ netika izvesti sadzīves atkritumi; pārbaudīts izvešanas grafiks.",
        "Vēlas mainīt izvešanas biežumu no reizes nedēļā uz reizi divās nedēļās.",
        "Interesējas par izvešanas grafiku svētku nedēļā.",
        "Ziņo, ka atkritumu mašīna nevar piebraukt pie konteinera aizsnigušā ceļa dēļ.",
        "Lūdz uz laiku apturēt izvešanu, kamēr māja netiek apdzīvota.",
        "Jautā, kurā nedēļas dienā atkritumus izved viņa ielā.",
        "Lūdz vienreizēju papildu izvešanu pēc ģimenes svētkiem.",
    ],
    BILLING: [
        "Neskaidrs rēķins par iepriekšējo mēnesi: izskaidrota maksas aprēķināšana.",
        "Lūdz rēķinus turpmāk saņemt e-pastā, nevis papīra formātā.",
        "Jautā par pārmaksas atgriešanu pēc līguma izbeigšanas.",
        "Informē, ka samaksa veikta ar nepareizu maksājuma mērķi; lūdz sasaistīt ar rēķinu.",
        "Jautā, kāpēc no 1. janvāra mainījies tarifs.",
        "Lūdz parāda samaksu sadalīt vairākos maksājumos.",
        "Nav saņēmis rēķinu; pārbaudīta e-pasta adrese līgumā.",
    ],
    CONTAINERS: [
        "Konteineram salauzts vāks; lūdz nomainīt.",
        "Vēlas papildu konteineru vasaras sezonai.",
        "Jautā par konteinera tilpuma maiņu no 240 l uz 120 l.",
        "Konteiners pēc izvešanas pazudis; lūdz noskaidrot.",
        "Lūdz konteinera mazgāšanu.",
    ],
    CONTRACTS: [
        "Vēlas noslēgt līgumu par atkritumu apsaimniekošanu mantotajā īpašumā.",
        "Pārreģistrē līgumu uz jauno īpašnieku pēc dzīvokļa pārdošanas.",
        "Jautā, kādi dokumenti vajadzīgi līguma noslēgšanai.",
        "Lūdz izbeigt līgumu, jo īpašums pārdots.",
        "Vēlas līgumā nomainīt kontakttālruni un e-pasta adresi.",
    ],
    SORTED: [
        "Jautā, kur atrodas tuvākais šķiroto atkritumu laukums.",
        "Interesējas, vai stikla taru drīkst mest dzeltenajā konteinerā.",
        "Ziņo, ka šķiroto atkritumu konteiners ir pārpildīts.",
        "Jautā par bioloģisko atkritumu konteinera piešķiršanu.",
    ],
    BULKY: [
        "Vēlas nodot vecu dīvānu un skapi; izskaidrota lielgabarīta atkritumu nodošana.",
        "Jautā par pavasara lielgabarīta atkritumu savākšanas akciju.",
        "Piesaka lielgabarīta atkritumu izvešanu no daudzdzīvokļu mājas pagalma.",
    ],
    LANDFILL: [
        "Jautā par poligona “Cinīši” darba laiku sestdienās.",
        "Interesējas par maksu par būvgružu pieņemšanu poligonā.",
        "Jautā, vai poligonā pieņem vieglo automašīnu riepas.",
    ],
    CONSTRUCTION: [
        "Vēlas pasūtīt būvgružu konteineru uz divām nedēļām.",
        "Jautā, kā nodot azbestu saturošas šīfera loksnes.",
    ],
    POLLUTION: [
        "Ziņo par nelegālu izgāztuvi meža malā pie Kalupes ceļa.",
        "Sūdzas, ka kaimiņš pagalmā dedzina atkritumus.",
        "Ziņo par izmestiem atkritumu maisiem pie autobusa pieturas.",
    ],
}
GENERIC_SUMMARY = "Jautā par atkritumu apsaimniekošanas pakalpojumu; sniegta atbilde."

SPECIALIST_REASONS = [
    "Rēķina korekcija ir finanšu nodaļas kompetencē; klientu apkalpošanas centrā to nevar izdarīt.",
    "Vajadzīgs speciālista vērtējums uz vietas; pirmais darbinieks to nevar sniegt.",
    "Līguma juridiskais jautājums: atbild juriste.",
    "Tehnisks jautājums par konteineru novietni: atbild ekspluatācijas speciālists.",
]
INSTITUTION_REASONS = [
    "Nelegālu izgāztuvju un atkritumu dedzināšanas uzraudzība nav AADSO kompetencē.",
    "Maksas apmēru nosaka pašvaldības saistošie noteikumi; jautājums pašvaldībai.",
    "Patērētāju tiesību jautājums: līguma noteikumu izvērtēšana.",
]
CONSULTATIONS = [
    (
        "Vai klientam var piešķirt otru konteineru bez līguma grozījumiem?",
        "Nē, vajadzīgi līguma grozījumi; iesniegumu var uzrakstīt klientu centrā.",
    ),
    (
        "Kad nākamā lielgabarīta atkritumu savākšanas akcija Līvānos?",
        "Maija otrajā nedēļā; grafiks būs mājaslapā nedēļu iepriekš.",
    ),
    (
        "Vai poligonā pieņem azbestu saturošus materiālus no privātpersonām?",
        "Jā, iepakotus un ar iepriekšēju pieteikumu; maksa pēc cenrāža.",
    ),
    (
        "Kāpēc maršrutā Krāslava–Indra kavējās izvešana?",
        "Mašīna bija remontā; izvešana veikta nākamajā darba dienā.",
    ),
    (
        "Vai bioloģisko atkritumu konteineru var novietot koplietošanas laukumā?",
        "Var, ja piekrīt mājas pārvaldnieks; lūdzam rakstisku saskaņojumu.",
    ),
    (
        "Vai rēķinu var pārrēķināt, ja īpašums divus mēnešus nav apdzīvots?",
        "Var, ja klients to pieteica iepriekš; atpakaļejoši — tikai ar pierādījumiem.",
    ),
]
ORDER_ISSUES = [
    "Atkritumi nav izvesti kopš pagājušās nedēļas, lai gan grafikā izvešana bija.",
    "Pēc izvešanas konteiners atstāts uz brauktuves.",
    "Izvešanas laikā bojāts klienta žogs.",
    "Šķiroto atkritumu konteiners nav iztukšots divas reizes pēc kārtas.",
    "Konteiners pēc iztukšošanas nav aizvērts; atkritumus izvazā putni.",
]
REPLIES = [
    "Atbilde sniegta: izvešanas grafiks precizēts, klients informēts.",
    "Atbilde sniegta: rēķins pārrēķināts, kredītrēķins nosūtīts.",
    "Atbilde sniegta: līguma grozījumi sagatavoti parakstīšanai.",
    "Atbilde sniegta: konteiners nomainīts.",
]

FOREIGN_CALLBACK_SUMMARY = (
    "Klients zvana no ārvalstu numura un lūdz atzvanīt. Uz ārvalstu numuru neatzvanām "
    "(4.3.1.); atbildi nosūtīsim e-pastā."
)
ROAMING_SUMMARY = (
    "Klients atrodas ārzemēs (viesabonēšanā) un lūdz atzvanīt. Atzvanīšana netiek veikta "
    "(4.3.1.); atbilde tiks sūtīta e-pastā."
)
FOREIGN_LANGUAGE_SUMMARY = (
    "Klients vēlējās sarunu svešvalodā; latviski paskaidrots, ka jautājumu var iesniegt "
    "e-pastā vai dokumentā (4.5.)."
)
FOREIGN_EMAIL_SUMMARY = "E-pasts svešvalodā par rēķinu; pārsūtīts lietvedībai (4.6.)."
OFFER_SUMMARY = (
    "Ilga saruna par līguma un rēķinu vēsturi; piedāvāts ierasties klātienē vai iesniegt "
    "rakstisku iesniegumu (4.2.)."
)
OUR_ERROR_SUMMARY = (
    "Rēķins aprēķināts nepareizi mūsu kļūdas dēļ; atvainojāmies un informējām par tiesībām "
    "iesniegt sūdzību (2.1.1.2.)."
)
WARNING_SUMMARY = (
    "Klients lamājās un aizskāra darbinieku; brīdināts, ka saruna tiks pārtraukta, pēc tam "
    "saruna pārtraukta (4.12.2.)."
)
ABUSIVE_EMAIL_SUMMARY = (
    "E-pastā aizskaroši izteicieni pret darbiniekiem; klientam nosūtīta atbilde, ka jautājums "
    "netiek izskatīts (4.12.3.)."
)
CONFLICT_SUMMARIES = [
    "Klients klātienē ļoti neapmierināts ar neizvestiem atkritumiem; konflikts atrisināts "
    "pēc 1. pielikuma soļiem.",
    "Klients klātienē kļuva agresīvs; brīdināts par necienīgu izturēšanos, pēc tam aizgāja.",
]
DRAFT_TEXT = (
    "Lūdzu pārskatīt atkritumu apsaimniekošanas maksu par manu īpašumu, jo īpašums kopš "
    "{month} netiek apdzīvots. Pielikumā — izziņa par deklarēto dzīvesvietu."
)


def _submission_text() -> str:
    reply = settings.SUBMISSION_REPLY_WORKING_DAYS
    months = settings.SUBMISSION_EXTENDED_MONTHS
    forward = settings.SUBMISSION_FORWARD_WORKING_DAYS
    return (
        "Iesniegumu var iesniegt klātienē klientu apkalpošanas centrā, nosūtīt pa pastu, "
        "e-pastā (parakstītu ar drošu elektronisko parakstu) vai uz oficiālo elektronisko "
        "adresi.\n\n"
        f"Atbildi pēc būtības sniedzam {reply} darbdienu laikā no iesnieguma saņemšanas. Ja "
        "jāiegūst papildu informācija vai jāsazinās ar citām iestādēm, termiņu var pagarināt "
        f"līdz {months} mēnesim; par to iesniedzējam paziņojam rakstiski.\n\n"
        "Ja jautājums nav AADSO kompetencē, iesniegumu pārsūtām kompetentajai iestādei "
        f"{forward} darbdienu laikā un par to informējam iesniedzēju.\n\n"
        "Atbildi sūtām tā, kā iesniedzējs lūdzis: pa pastu, e-pastā vai uz oficiālo "
        "elektronisko adresi."
    )


# slug → (title, topic name or "", visibility, summary, body)
ARTICLES: dict[str, tuple[str, str, str, str, str]] = {
    "ka-pieteikt-atkritumu-izvesanu": (
        "Kā pieteikt atkritumu izvešanu",
        WASTE_COLLECTION,
        "public",
        "Līgums, izvešanas biežums un grafiks: kā sākt saņemt pakalpojumu.",
        "Lai pieteiktu sadzīves atkritumu izvešanu, jānoslēdz līgums ar AADSO. Līgumu var "
        "noslēgt klientu apkalpošanas centrā (Rīgas ielā 2A, Daugavpilī), e-pastā "
        "info@aadso.lv vai uz oficiālo elektronisko adresi.\n\n"
        "Vajadzīgs: īpašuma adrese, īpašnieka vai lietotāja vārds, uzvārds vai nosaukums, "
        "kontakttālrunis un vēlamais konteinera tilpums (120 l, 240 l vai 1,1 m³).\n\n"
        "Izvešanas biežumu izvēlas klients, ievērojot pašvaldības saistošos noteikumus. "
        "Izvešanas grafiku nosūtām pēc līguma noslēgšanas; izmaiņas svētku nedēļās "
        "publicējam mājaslapā.",
    ),
    "iesniegumu-izskatisanas-kartiba": (
        "Iesniegumu izskatīšanas kārtība",
        CONTRACTS,
        "public",
        "Kā iesniegt iesniegumu un kādos termiņos atbildam.",
        _submission_text(),
    ),
    "lielgabarita-atkritumu-nodosana": (
        "Lielgabarīta atkritumu nodošana",
        BULKY,
        "public",
        "Mēbeles, matrači, sadzīves tehnika: kur un kā nodot.",
        "Lielgabarīta atkritumus (mēbeles, matračus, paklājus) var bez maksas nodot šķiroto "
        "atkritumu laukumos Daugavpilī, Krāslavā, Preiļos un Līvānos to darba laikā.\n\n"
        "Pavasarī un rudenī rīkojam savākšanas akcijas; grafiku publicējam mājaslapā divas "
        "nedēļas iepriekš.\n\n"
        "Izvešanu no mājas var pasūtīt par maksu: piesakiet to klientu apkalpošanas centrā, "
        "norādot adresi un atkritumu apjomu.",
    ),
    "skiroto-atkritumu-nodosana": (
        "Šķiroto atkritumu nodošana",
        SORTED,
        "public",
        "Kas jāmet dzeltenajā, zaļajā un brūnajā konteinerā.",
        "Dzeltenajā konteinerā: papīrs, kartons, plastmasas iepakojums un metāla bundžas. "
        "Zaļajā konteinerā: stikla pudeles un burkas. Brūnajā konteinerā: bioloģiski "
        "noārdāmie virtuves un dārza atkritumi.\n\n"
        "Šķiroto atkritumu izvešana ir bez maksas.",
    ),
    "poligons-cinisi": (
        "Poligons “Cinīši”: darba laiks un pieņemšana",
        LANDFILL,
        "public",
        "Ko pieņem poligonā un par kādu maksu.",
        "Poligons “Cinīši” strādā darbdienās no 8.00 līdz 17.00, sestdienās no 9.00 līdz "
        "14.00. Pieņem sadzīves atkritumus, būvniecības atkritumus un riepas; maksa pēc "
        "apstiprinātā tarifa.",
    ),
    "neizvesti-atkritumi-rikiba": (
        "Ja klients ziņo par neizvestiem atkritumiem",
        WASTE_COLLECTION,
        "internal",
        "Iekšējā kārtība: pārbaude, pasūtījuma neatbilstība, atbilde klientam.",
        "1. Pārbaudi izvešanas grafiku un maršruta atzīmes.\n"
        "2. Ja izvešana bija paredzēta un nav veikta, reģistrē pasūtījuma neatbilstību "
        "(4.10.1.) — ekspluatācijas nodaļas vadītājs saņem paziņojumu uzreiz.\n"
        "3. Pasaki klientam, kad atkritumus izvedīs, un pieraksti to kontaktā.",
    ),
    "atzvanisana-arvalstu-numuri": (
        "Atzvanīšana un ārvalstu numuri",
        "",
        "internal",
        "4.3.1. un 4.13.: kad atzvanām un kad atbildam e-pastā.",
        "Atzvanām tikai uz Latvijas numuriem (+371). Ja klients zvana no ārvalstu numura vai "
        "atrodas ārzemēs (viesabonēšanā), neatzvanām: palūdz e-pasta adresi un atbildi "
        "e-pastā. Kontakta formā atzīmē “Atbildēt e-pastā”.",
    ),
    "paradu-piedzina-personas-kodi": (
        "Parādu piedziņa un personas kodi",
        BILLING,
        "restricted",
        "Ierobežotas pieejamības informācija: nestāsta un nesūta klientam (4.1.3.).",
        "Parādu piedziņas lietu saraksts un parādnieku personas kodi pieejami tikai finanšu "
        "nodaļai. Klientam drīkst pateikt tikai viņa paša parāda summu pēc personības "
        "pārbaudes.",
    ),
}

# 2.1.6.2: someone else asks about a client's account.
THIRD_PARTY_SUMMARY = (
    "Zvanīja kaimiņš, jautāja par klienta parādu. Zvanītājs nav klients un nav pilnvarots: "
    "informāciju neatklājām, ieteicām klientam sazināties pašam."
)
# 4.1.4: a client asks the desk to assess a document.
DOCUMENT_REVIEW_SUMMARY = (
    "Klients lūdza izvērtēt apsaimniekotāja līguma projektu. Paskaidrojām, ka dokumentu "
    "saturu vērtējam tikai sadarbības partneriem (4.1.4)."
)
