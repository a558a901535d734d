"""The demo's second agreement: Björkviks kommun's own, inside Region Norrådalen.

Fictional and written for this project. Björkvik is one of Norrådalen's seven municipalities;
its agreement is younger and smaller than the region's: one version in force, a steering
group of five, a short action plan and its first follow-up. Several associations in Björkvik
are party to both agreements (the demo contact person's among them), so the demo shows one
organisation with two memberships, two follow-ups and one account.
"""

SLUG = "bjorkvik"
NAME = "Överenskommelse om samverkan i Björkvik"
HOST = "Björkviks kommun"

SETTINGS = {
    "level": "municipal",
    "email_name": "Samverkan Björkvik",
    "steering_email": "styrgrupp@bjorkvik.exempel.se",
    "controller_name": "Björkviks kommun, kommunstyrelsen",
    "controller_org_number": "212000-0001",
    "controller_address": "Box 20, 891 30 Björkvik",
    "controller_email": "kommun@bjorkvik.exempel.se",
    "controller_phone": "0660-00 00 00",
    "dpo_email": "dataskyddsombud@bjorkvik.exempel.se",
    "accessibility_email": "webb@bjorkvik.exempel.se",
}

TEXT = {
    "title": NAME,
    "introduction": (
        "Björkvik är en kommun med många små föreningar och ett starkt engagemang i byarna. "
        "Kommunen och de idéburna organisationerna har länge samarbetat i enskilda frågor; med "
        "den här överenskommelsen gör vi samarbetet till något gemensamt och långsiktigt."
    ),
    "vision": (
        "I Björkvik ska det vara enkelt att engagera sig, och föreningarnas kunskap ska tas "
        "till vara när kommunen planerar för framtiden."
    ),
    "purpose": (
        "Överenskommelsen beskriver hur kommunen och de idéburna organisationerna i Björkvik "
        "för dialog, delar kunskap och följer upp samarbetet. Den kompletterar regionens "
        "överenskommelse och gäller det som kommunen ansvarar för: fritid, kultur, skola och "
        "omsorg.\n\nÖverenskommelsen är en avsiktsförklaring och inget bindande avtal."
    ),
}

GOALS = [
    (
        "En väg in till kommunen",
        "Varje förening vet vem på kommunen den kan vända sig till i frågor om lokaler, bidrag "
        "och samarbete.",
    ),
    (
        "Byarnas röst i planeringen",
        "Föreningarna i byarna bjuds in innan kommunen fattar beslut som rör deras närmiljö.",
    ),
]

PRINCIPLES = [
    (
        "dialog",
        "Dialog",
        "Parterna hör varandra tidigt och ofta.",
        "Kommunen bjuder in föreningarna till samtal innan beslut tas, inte efter. "
        "Föreningarna delar med sig av vad de ser i sina verksamheter.",
    ),
    (
        "sjalvstandighet",
        "Självständighet",
        "Föreningarna bestämmer själva över sin verksamhet.",
        "Samarbete med kommunen ändrar inte att en förening styrs av sina medlemmar och har "
        "rätt att granska och kritisera kommunens beslut.",
    ),
    (
        "langsiktighet",
        "Långsiktighet",
        "Villkor som går att planera efter.",
        "Kommunen strävar efter att ge besked om lokaler och stöd i god tid, så att "
        "föreningarna kan planera sitt arbete för mer än ett år i taget.",
    ),
]

# The steering group: (name, title, role, represents — an organisation's name or "" for the
# municipality's own officials, email). Fictional people.
SEATS = [
    ("Lena Sjöberg", "Kommunalråd", "chair", HOST, "lena.sjoberg@bjorkvik.exempel.se"),
    (
        "Jonas Eklund",
        "Ordförande",
        "vice_chair",
        "Björkviks Idrottsallians",
        "jonas.eklund@idrottsallians.exempel.se",
    ),
    (
        "Fatima Yilmaz",
        "Verksamhetschef fritid",
        "member",
        HOST,
        "fatima.yilmaz@bjorkvik.exempel.se",
    ),
    (
        "Per-Olof Strand",
        "Sekreterare",
        "member",
        "Byalaget Norrbyn",
        "per-olof.strand@norrbyn.exempel.se",
    ),
    ("Sara Nilsson", "Ledamot", "member", "", "sara.nilsson@bjorkvik.exempel.se"),
]

# Logins of Björkvik's staff (password and second-factor key as the region's demo logins).
PROCESS_LEADER_LOGIN = "processledare@bjorkvik.exempel.se"
STEERING_LOGIN = "styrgrupp@bjorkvik.exempel.se"

PLAN_TITLE = "Handlingsplan för samverkan i Björkvik"
# (title, description, status, progress)
ACTIVITIES = [
    (
        "Föreningsträffar i byarna",
        "Kommunen och föreningarna träffas två gånger om året i en av byarnas bygdegårdar.",
        "in_progress",
        50,
    ),
    (
        "En kontaktperson för föreningslivet",
        "Kommunen utser en tjänsteperson som föreningarna kan vända sig till med alla frågor.",
        "done",
        100,
    ),
    (
        "Lokalguide för föreningar",
        "En gemensam förteckning över kommunens lokaler som föreningar kan låna eller hyra.",
        "planned",
        0,
    ),
]

# Parties to both agreements: organisations of the region's demo (parties/demo.py) that work in
# Björkvik or across the county. The demo contact person's association is the first.
ALSO_REGIONAL = [
    "Föreningen Grannskap Björkvik",
    "Björkviks kommun",
    "Björkviks Scoutkår",
    "Studieförbundet Norrsken",
    "Funktionsrätt Norrådalen",
    "Stiftelsen Ljusglimten",
]
# Parties to Björkvik's agreement only: (name, legal form, description); the last one's
# application waits for the steering group.
OWN_PARTIES = [
    (
        "Björkviks Idrottsallians",
        "non_profit_association",
        "Samarbetsorgan för kommunens elva idrottsföreningar.",
    ),
    (
        "Byalaget Norrbyn",
        "non_profit_association",
        "Byalaget driver bygdegården i Norrbyn och ordnar byns midsommar och skördefest.",
    ),
    (
        "Björkviks Hembygdsförening",
        "non_profit_association",
        "Föreningen vårdar Kvarnbacken och berättar Björkviks historia för skolklasser.",
    ),
]
