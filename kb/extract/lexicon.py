"""The words extraction knows, in tables: which verbs and nouns name events (and of which type, with
which roles for their subject and object), which verbs report speech, which heads make an event
planned, possible or not happen, which nouns are groups of people, and which titles name posts.

The tables are English and newswire-shaped; every other module takes its words from here, so
that widening the extractor's reach is a change to a table, not to code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Trigger", "POSSIBILITY_NOUNS", "RELATIVES", "SENT_THINGS", "SPEECH_ACT_VERBS", "STATEMENT_VERBS", "MEDIA_NOUNS", "CONSEQUENCE_VERBS", "COMPATIBLE_TYPES", "VERB_TRIGGERS", "NOUN_TRIGGERS", "SUPPORT_VERBS", "NOUN_ONLY_AFTER", "REPORTING_VERBS",
    "PLANNING_HEADS", "REQUEST_HEADS", "NEGATING_HEADS", "POSSIBILITY_MODALS", "FUTURE_AUXILIARIES",
    "PLANNED_MODIFIERS", "POSSIBLE_MODIFIERS", "GROUP_NOUNS", "AUTHORITY_NOUNS", "TITLES", "PLACE_PREPOSITIONS",
    "PREPOSITION_ROLES", "RECEIVING_VERBS", "PORTFOLIO_WORDS", "PERSON_TITLES", "trigger_for",
]


@dataclass(frozen=True)
class Trigger:
    """A word that names an event: its type (a sidecar word), the role of its subject and of its object.

    ``subject`` is who acts (the grammatical subject, or the by-phrase of a passive or of a noun);
    ``object`` is who it is done to (the direct object, or the of-phrase of a noun); None: that
    position holds no actor ("signed protocols").
    """

    type: str
    subject: str | None
    object: str | None
    confidence: float = 0.7  # how often the word names an event of this type in news (lowered for ambiguous words)


def _table(entries: dict[str, tuple[str, str | None, str | None] | tuple[str, str | None, str | None, float]]) -> dict[str, Trigger]:
    return {word: Trigger(*entry) for word, entry in entries.items()}


VERB_TRIGGERS: dict[str, Trigger] = _table({
    # diplomacy and cooperation
    "sign": ("agreement-signing", "signatory", None), "co-sign": ("agreement-signing", "signatory", None),
    "cosign": ("agreement-signing", "signatory", None), "conclude": ("agreement-signing", "party", None, 0.4),
    "meet": ("meeting", "participant", "participant"), "confer": ("meeting", "participant", None),
    "consult": ("meeting", "participant", "participant", 0.5), "discuss": ("meeting", "participant", None, 0.5),
    "host": ("meeting", "addressee", "participant", 0.5),
    "visit": ("visit", "agent", "addressee"), "negotiate": ("talks", "participant", "participant"),
    "cooperate": ("cooperation", "participant", "participant", 0.5), "collaborate": ("cooperation", "participant", "participant", 0.5),
    "mediate": ("talks", "mediator", None), "broker": ("ceasefire", "mediator", None, 0.5),
    "join": ("accession", "agent", "target", 0.4), "accede": ("accession", "agent", "target"),
    "ratify": ("decision", "agent", None), "approve": ("decision", "agent", None, 0.6),
    "decide": ("decision", "agent", None, 0.5), "vote": ("decision", "agent", None, 0.6),
    "adopt": ("decision", "agent", None, 0.5), "endorse": ("support", "supporter", "affected", 0.5),
    "support": ("support", "supporter", "affected", 0.4), "back": ("support", "supporter", "affected", 0.4),
    "aid": ("aid", "agent", "affected"), "donate": ("aid", "agent", None, 0.5),
    # speech acts that are news
    "condemn": ("condemnation", "agent", "target"), "deplore": ("condemnation", "agent", "target"),
    "denounce": ("condemnation", "agent", "target"), "criticize": ("condemnation", "agent", "target"),
    "criticise": ("condemnation", "agent", "target"), "censure": ("condemnation", "agent", "target"),
    "urge": ("appeal", "agent", "addressee"), "appeal": ("appeal", "agent", "addressee"),
    "demand": ("demand", "claimant", "target"), "threaten": ("threat", "agent", "target"),
    "accuse": ("accusation", "agent", "target"), "blame": ("accusation", "agent", "target"),
    "announce": ("statement", "speaker", None, 0.5), "declare": ("statement", "speaker", None, 0.5),
    # reporting that is news in itself (a denial, an assurance, a claim); plain "said" is only a claim
    "claim": ("statement", "speaker", None, 0.5), "deny": ("statement", "speaker", None, 0.5),
    "assure": ("statement", "speaker", "addressee", 0.5), "insist": ("statement", "speaker", None, 0.4),
    "pledge": ("statement", "speaker", None, 0.5), "promise": ("statement", "speaker", None, 0.5),
    "vow": ("statement", "speaker", None, 0.5), "warn": ("statement", "speaker", "addressee", 0.4),
    "allege": ("accusation", "agent", None, 0.5), "report": ("report", "publisher", None, 0.5),
    "portray": ("report", "publisher", None, 0.4), "assert": ("claim", "claimant", None, 0.5),
    "assail": ("condemnation", "agent", "target"), "slam": ("condemnation", "agent", "target", 0.5),
    "rebuke": ("condemnation", "agent", "target"), "lambaste": ("condemnation", "agent", "target"),
    "dispute": ("dispute", "party", "party", 0.5), "contest": ("dispute", "party", "party", 0.4),
    "stall": ("refusal", "agent", None, 0.4), "block": ("refusal", "agent", None, 0.4), "veto": ("refusal", "agent", None),
    "bypass": ("refusal", "agent", None, 0.4), "ignore": ("refusal", "agent", None, 0.3), "dismiss": ("refusal", "agent", None, 0.3),
    "order": ("decision", "agent", None, 0.4), "hunt": ("investigation", "agent", "target", 0.5),
    "search": ("investigation", "agent", "target", 0.4), "track": ("investigation", "agent", "target", 0.3),
    "establish": ("planned-initiative", "participant", None, 0.3), "create": ("planned-initiative", "participant", None, 0.3),
    "rebuild": ("planned-initiative", "agent", None, 0.3),
    "refuse": ("refusal", "agent", None), "reject": ("refusal", "agent", None, 0.6),
    "protest": ("protest", "agent", "target"), "demonstrate": ("protest", "agent", None, 0.5),
    "march": ("protest", "agent", None, 0.6), "rally": ("protest", "agent", None, 0.5),
    "sanction": ("sanctions", "agent", "target"), "boycott": ("sanctions", "agent", "target"),
    # justice and police
    "investigate": ("investigation", "agent", "target"), "probe": ("investigation", "agent", "target"),
    "question": ("investigation", "agent", "target", 0.5), "interview": ("investigation", "agent", "target", 0.4),
    "arrest": ("arrest", "agent", "target"), "detain": ("arrest", "agent", "target"), "charge": ("arrest", "agent", "target", 0.6),
    "indict": ("arrest", "agent", "target"), "apprehend": ("arrest", "agent", "target"), "capture": ("arrest", "agent", "target", 0.5),
    "convict": ("trial", "agent", "target"), "sentence": ("trial", "agent", "target"), "acquit": ("trial", "agent", "target"),
    "expel": ("expulsion", "agent", "target"), "deport": ("expulsion", "agent", "target"), "extradite": ("expulsion", "agent", "target"),
    "release": ("release", "agent", "affected", 0.5), "free": ("release", "agent", "affected", 0.5),
    # violence and force
    "attack": ("attack", "agent", "target"), "assault": ("attack", "agent", "target"), "raid": ("attack", "agent", "target"),
    "ambush": ("attack", "agent", "target"), "shoot": ("attack", "agent", "target", 0.6), "storm": ("storming", "agent", "target"),
    "riot": ("storming", "agent", None), "bomb": ("bombing", "agent", "target"), "explode": ("bombing", None, None, 0.6),
    "kill": ("killing", "agent", "affected"), "murder": ("killing", "agent", "affected"), "assassinate": ("killing", "agent", "affected"),
    "slay": ("killing", "agent", "affected"), "execute": ("killing", "agent", "affected", 0.5), "massacre": ("massacre", "agent", "affected"),
    "clash": ("clash", "party", "party"), "fight": ("clash", "party", "party", 0.5), "shell": ("military-strike", "agent", "target"),
    "bombard": ("military-strike", "agent", "target"), "invade": ("occupation", "agent", "affected"),
    "occupy": ("occupation", "agent", "affected"), "seize": ("occupation", "agent", "affected", 0.5), "annex": ("occupation", "agent", "affected"),
    "deploy": ("military-deployment", "agent", None), "mobilize": ("military-deployment", "agent", None),
    "mobilise": ("military-deployment", "agent", None), "withdraw": ("withdrawal", "agent", None, 0.6),
    "retreat": ("withdrawal", "agent", None, 0.6),
    # office, life and disaster
    "elect": ("election", "agent", "affected"), "resign": ("resignation", "agent", None), "quit": ("resignation", "agent", None, 0.5),
    "appoint": ("appointment", "agent", "affected"), "nominate": ("appointment", "agent", "affected"),
    "die": ("death", "affected", None, 0.6), "crash": ("disaster", "affected", None, 0.5),
    "commemorate": ("ceremony", "agent", None), "mourn": ("ceremony", "agent", None, 0.5),
    # general news beyond conflict and diplomacy
    "name": ("appointment", "agent", "affected", 0.4), "hire": ("appointment", "agent", "affected", 0.5),
    "testify": ("trial", "speaker", None, 0.6), "sue": ("trial", "agent", "target", 0.5), "plead": ("trial", "agent", None, 0.5),
    "tour": ("visit", "agent", "addressee", 0.5), "travel": ("visit", "agent", None, 0.4),
    "telephone": ("meeting", "participant", "participant", 0.5), "phone": ("meeting", "participant", "participant", 0.4),
    "fund": ("aid", "agent", "affected", 0.4), "rescue": ("aid", "agent", "affected", 0.5),
    "evacuate": ("aid", "agent", "affected", 0.4), "kidnap": ("attack", "agent", "target"), "abduct": ("attack", "agent", "target"),
    "hijack": ("attack", "agent", "target"), "torch": ("attack", "agent", "target", 0.5),
})

NOUN_TRIGGERS: dict[str, Trigger] = _table({
    "talks": ("talks", "participant", "participant"), "negotiation": ("talks", "participant", "participant"),
    "meeting": ("meeting", "participant", "participant"), "summit": ("meeting", "participant", "participant"),
    "visit": ("visit", "agent", "addressee"), "trip": ("visit", "agent", None, 0.5),
    "cooperation": ("cooperation", "participant", "participant", 0.5), "partnership": ("cooperation", "participant", "participant", 0.4),
    "accession": ("accession", "agent", "target"), "enlargement": ("accession", None, "target", 0.5),
    "ratification": ("decision", "agent", None), "decision": ("decision", "agent", None, 0.5), "ruling": ("decision", "agent", None, 0.5),
    "vote": ("decision", "agent", None, 0.5), "resolution": ("resolution-adoption", "agent", None, 0.4),
    "aid": ("aid", "agent", "affected", 0.5), "assistance": ("aid", "agent", "affected", 0.4),
    "condemnation": ("condemnation", "agent", "target"), "appeal": ("appeal", "agent", "addressee", 0.5),
    "demand": ("demand", "claimant", "target", 0.5), "threat": ("threat", "agent", "target", 0.5),
    "accusation": ("accusation", "agent", "target"), "statement": ("statement", "speaker", None, 0.5),
    "announcement": ("statement", "speaker", None, 0.5), "declaration": ("statement", "speaker", None, 0.4),
    "speech": ("statement", "speaker", None, 0.5), "letter": ("letter", "author", "addressee", 0.5),
    "report": ("report", "publisher", None, 0.4), "refusal": ("refusal", "agent", None),
    "protest": ("protest", "agent", "target"), "demonstration": ("protest", "agent", "target"),
    "rally": ("protest", "agent", "target", 0.6), "march": ("protest", "agent", "target", 0.5), "riot": ("storming", "agent", None),
    "sanctions": ("sanctions", "agent", "target"), "sanction": ("sanctions", "agent", "target"), "embargo": ("sanctions", "agent", "target"),
    "boycott": ("sanctions", "agent", "target"),
    "investigation": ("investigation", "agent", "target"), "inquiry": ("investigation", "agent", "target"),
    "probe": ("investigation", "agent", "target"), "manhunt": ("investigation", "agent", "target"),
    "arrest": ("arrest", "agent", "target"), "detention": ("arrest", "agent", "target", 0.5), "indictment": ("arrest", "agent", "target"),
    "trial": ("trial", "agent", "target"), "verdict": ("trial", "agent", "target", 0.5), "conviction": ("trial", "agent", "target", 0.5),
    "expulsion": ("expulsion", "agent", "target"), "deportation": ("expulsion", "agent", "target"),
    "extradition": ("expulsion", "agent", "target"), "release": ("release", "agent", "affected", 0.4),
    "attack": ("attack", "agent", "target"), "assault": ("attack", "agent", "target"), "raid": ("attack", "agent", "target", 0.6),
    "ambush": ("attack", "agent", "target"), "shooting": ("attack", "agent", "target", 0.6),
    "bombing": ("bombing", "agent", "target"), "blast": ("bombing", "agent", "target"), "explosion": ("bombing", "agent", "target", 0.6),
    "killing": ("killing", "agent", "affected"), "murder": ("killing", "agent", "affected"), "slaying": ("killing", "agent", "affected"),
    "assassination": ("killing", "agent", "affected"), "massacre": ("massacre", "agent", "affected"),
    "bloodshed": ("killing", "agent", "affected", 0.5),
    "war": ("armed-conflict", "party", "party", 0.6), "offensive": ("armed-conflict", "agent", "target", 0.6),
    "fighting": ("clash", "party", "party", 0.6), "clash": ("clash", "party", "party"), "airstrike": ("military-strike", "agent", "target"),
    "strike": ("military-strike", "agent", "target", 0.3), "shelling": ("military-strike", "agent", "target"),
    "ceasefire": ("ceasefire", "party", "party"), "cease-fire": ("ceasefire", "party", "party"), "truce": ("ceasefire", "party", "party"),
    "armistice": ("ceasefire", "party", "party"), "pause": ("ceasefire", "party", "party", 0.3),
    "invasion": ("occupation", "agent", "affected"), "occupation": ("occupation", "agent", "affected", 0.5),
    "annexation": ("occupation", "agent", "affected"), "deployment": ("military-deployment", "agent", None),
    "buildup": ("military-deployment", "agent", None), "withdrawal": ("withdrawal", "agent", None), "pullout": ("withdrawal", "agent", None),
    "crisis": ("political-crisis", None, "affected", 0.4), "dispute": ("dispute", "party", "party", 0.5),
    "election": ("election", "agent", "participant"), "referendum": ("election", "agent", None),
    "resignation": ("resignation", "agent", None), "appointment": ("appointment", "agent", "affected", 0.5),
    "nomination": ("appointment", "agent", "affected", 0.5), "death": ("death", None, "affected", 0.4),
    "ceremony": ("ceremony", "agent", "participant"), "memorial": ("ceremony", "agent", None, 0.5),
    "funeral": ("ceremony", "agent", None), "commemoration": ("ceremony", "agent", None),
    "crash": ("disaster", None, "affected", 0.6), "earthquake": ("disaster", None, "affected"), "flood": ("disaster", None, "affected", 0.5),
    "breakup": ("political-crisis", None, "affected", 0.5), "collapse": ("political-crisis", None, "affected", 0.4),
    "chaos": ("political-crisis", None, "affected", 0.4), "turmoil": ("political-crisis", None, "affected", 0.5),
    "unrest": ("political-crisis", None, "affected", 0.5), "tension": ("dispute", "party", "party", 0.4),
    "conflict": ("armed-conflict", "party", "party", 0.4), "battle": ("clash", "party", "party", 0.4),
    "exercise": ("military-deployment", "agent", None, 0.4), "maneuver": ("military-deployment", "agent", None, 0.4),
    "expansion": ("accession", "agent", "target", 0.3), "repatriation": ("expulsion", "agent", "target"),
    "handover": ("expulsion", "agent", "target", 0.5), "cleansing": ("ethnic-cleansing", "agent", "affected", 0.6),
    "genocide": ("massacre", "agent", "affected"), "uprising": ("protest", "agent", "target", 0.5),
    "revolution": ("political-crisis", None, "affected", 0.4), "coup": ("political-crisis", "agent", "target", 0.6),
    "hearing": ("trial", "agent", "target", 0.4), "assessment": ("report", "publisher", None, 0.3),
    "testimony": ("trial", "speaker", None, 0.5), "lawsuit": ("trial", "agent", "target", 0.5),
    "kidnapping": ("attack", "agent", "target"), "abduction": ("attack", "agent", "target"), "hijacking": ("attack", "agent", "target"),
    "arson": ("attack", "agent", "target"), "rescue": ("aid", "agent", "affected", 0.5), "evacuation": ("aid", "agent", "affected", 0.4),
    "funding": ("aid", "agent", "affected", 0.4), "donation": ("aid", "agent", "affected", 0.5), "walkout": ("protest", "agent", "target"),
    "tour": ("visit", "agent", None, 0.4), "support": ("support", "supporter", "affected", 0.4),
    "backing": ("support", "supporter", "affected", 0.4), "condolence": ("support", "supporter", "affected", 0.5),
    "project": ("planned-initiative", "participant", None, 0.4), "initiative": ("planned-initiative", "participant", None, 0.5),
})
# Nouns whose "of" phrase is only possible: "the possibility of another major conflict".
POSSIBILITY_NOUNS = frozenset({"possibility", "risk", "danger", "prospect", "fear", "threat", "likelihood", "chance", "spectre", "specter"})

# Verbs that are acts of speech: their subject must be someone ("the plan calls for cooperation" is no appeal).
SPEECH_ACT_VERBS = frozenset({"call", "urge", "appeal", "demand", "condemn", "deplore", "denounce", "criticize", "criticise",
                              "accuse", "blame", "threaten", "announce", "declare", "claim", "deny", "assure", "insist",
                              "pledge", "promise", "vow", "warn", "allege"})
# Reporting verbs that make a statement event of their own: they must say something (a clause), or claim responsibility.
STATEMENT_VERBS = frozenset({"claim", "deny", "assure", "insist", "pledge", "promise", "vow", "warn", "allege"})

# Who reports news: "a newspaper reported", "media reports said" (report events need one of them, or a media outlet).
MEDIA_NOUNS = frozenset({"newspaper", "paper", "daily", "weekly", "agency", "media", "television", "radio", "station", "network",
                         "magazine", "broadcaster", "tv", "report", "website"})
# Verbs that tell what an event did ("the bombings killed 258 people", "were killed in the bombing"): part of that event.
CONSEQUENCE_VERBS = frozenset({"kill", "injure", "wound", "die", "destroy", "damage", "hit", "rock", "devastate", "leave", "claim", "trap"})
# Types whose mentions may tell one event ("talks" after "met"; "the attacks" after "the bombings").
COMPATIBLE_TYPES: dict[str, str] = {"bombing": "attack", "attack": "attack", "killing": "killing", "massacre": "killing",
                                    "clash": "clash", "armed-conflict": "clash", "talks": "talks", "meeting": "talks",
                                    "statement": "statement", "report": "statement"}

# Verbs whose object noun names the event ("held talks", "launched an attack"): the noun is the trigger, the verb's subject its actor.
SUPPORT_VERBS = frozenset({
    "hold", "launch", "conduct", "carry", "stage", "mount", "wage", "make", "issue", "impose", "declare", "reach",
    "begin", "start", "open", "lead", "organize", "organise", "order", "pay", "give", "deliver", "file", "lodge", "sign",
    "co-sign", "cosign", "write", "send",
    "pass", "adopt", "approve", "call", "announce", "attend", "continue", "resume", "complete", "end", "join",
    "receive", "get", "express", "offer", "provide", "extend", "voice",
})
# Support verbs whose subject undergoes the event and whose from-phrase does it ("received support from Turkey").
RECEIVING_VERBS = frozenset({"receive", "get"})

# Nouns that name an event only as the object of one of these verbs ("adopted a resolution"; "a resolution" alone is a text).
NOUN_ONLY_AFTER: dict[str, frozenset[str]] = {
    "resolution": frozenset({"adopt", "pass", "approve", "vote"}),
    "agreement": frozenset({"sign", "reach", "conclude"}),
    "accord": frozenset({"sign", "reach", "conclude"}),
    "treaty": frozenset({"sign", "conclude", "ratify"}),
    "deal": frozenset({"sign", "reach", "conclude"}),
    "pact": frozenset({"sign", "reach", "conclude"}),
    "protocol": frozenset({"sign"}),
    "plan": frozenset({"sign"}),
    "letter": frozenset({"send", "write", "sign", "publish", "deliver"}),
    "statement": frozenset({"issue", "release", "make", "publish", "read"}),
    "report": frozenset({"issue", "release", "publish"}),
    "strike": frozenset({"launch", "carry", "order", "conduct"}),
}
# When a support verb's object is one of these, the event is a signing (its type comes from the verb, not the noun).
SIGNED_DOCUMENTS = frozenset({"agreement", "accord", "treaty", "deal", "pact", "protocol", "plan", "memorandum", "convention", "charter"})

REPORTING_VERBS = frozenset({
    "say", "tell", "add", "state", "claim", "insist", "warn", "note", "report", "explain", "argue", "stress", "assert",
    "confirm", "deny", "acknowledge", "allege", "maintain", "contend", "announce", "declare", "quote", "write",
    "predict", "suggest", "emphasize", "emphasise", "reiterate", "complain", "admit", "testify", "indicate", "reply", "cite",
})

# A verb whose complement event is planned (it has not happened yet): "vowed to hunt down", "plans to visit".
PLANNING_HEADS = frozenset({
    "plan", "intend", "aim", "vow", "pledge", "promise", "agree", "decide", "prepare", "expect", "schedule", "set",
    "propose", "offer", "hope", "seek", "resolve", "undertake", "arrange", "threaten", "order", "authorize", "authorise",
})
# A verb whose complement is asked for, not done: the request is the event ("urged all states to cooperate").
REQUEST_HEADS = frozenset({
    "urge", "call", "ask", "demand", "appeal", "press", "want", "encourage", "invite", "request", "wish", "push",
    "need", "try", "attempt", "would", "like",
})
# A verb whose complement did not happen: "refused to resign", "failed to agree".
NEGATING_HEADS = frozenset({"refuse", "fail", "decline", "deny", "reject", "avoid", "prevent", "stop", "forbid", "bar", "oppose", "resist"})
POSSIBILITY_MODALS = frozenset({"may", "might", "could", "can", "would", "should"})
FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo"})
PLANNED_MODIFIERS = frozenset({"planned", "upcoming", "proposed", "scheduled", "expected", "future", "forthcoming", "next", "impending"})
POSSIBLE_MODIFIERS = frozenset({"possible", "potential", "likely", "threatened", "feared", "probable", "hypothetical"})

# Common nouns for groups of people that act in news ("protesters", "officials"): such a phrase is an actor.
GROUP_NOUNS = frozenset({
    "protester", "protestor", "demonstrator", "people", "official", "politician", "lawmaker", "legislator", "troop",
    "soldier", "rebel", "militant", "guerrilla", "terrorist", "bomber", "attacker", "gunman", "gunmen", "investigator",
    "agent", "diplomat", "resident", "civilian", "villager", "worker", "student", "victim", "refugee", "exile",
    "supporter", "opponent", "leader", "minister", "activist", "crowd", "mob", "voter", "citizen", "journalist",
    "reporter", "expert", "analyst", "prosecutor", "judge", "doctor", "suspect", "member", "delegate", "delegation",
    "representative", "spokesman", "spokeswoman", "spokesperson", "organizer", "organiser", "witness", "survivor",
    "relative", "family", "man", "woman", "men", "women", "child", "children", "hostage", "prisoner", "detainee",
    "fugitive", "immigrant", "worshiper", "mourner", "critic", "party", "faction", "group", "gang", "crew", "aide",
    "adviser", "advisor", "negotiator", "community", "public", "nation", "outlet", "envoy", "team", "unit", "commando", "militia", "insurgent", "separatist",
})
# Family words: "Elian's great-uncle, Lazaro Gonzalez, denied ..." names someone who speaks and acts.
RELATIVES = frozenset({"uncle", "great-uncle", "aunt", "father", "mother", "son", "daughter", "brother", "sister", "wife",
                       "husband", "cousin", "grandfather", "grandmother", "parent", "parents", "boy", "girl", "widow"})
# What is sent makes the sending an event: troops are a deployment, teams and supplies are aid.
SENT_THINGS: dict[str, str] = {**dict.fromkeys(("troop", "soldier", "force", "warship", "ship", "jet", "aircraft", "tank",
                                                 "marine", "battalion", "division", "unit"), "military-deployment"),
                               **dict.fromkeys(("team", "aid", "supply", "doctor", "specialist", "relief", "food", "medicine",
                                                "expert", "rescuer", "assistance"), "aid")}
# Nouns for the state's institutions: "Kenyan police", "the U.S. government" are government bodies of their country.
AUTHORITY_NOUNS = frozenset({
    "police", "government", "authorities", "authority", "administration", "military", "army", "navy", "force", "forces",
    "ministry", "parliament", "cabinet", "court", "regime", "leadership", "intelligence", "legislature", "judiciary",
})
# Titles that say a post when they come before a name ("Foreign Minister Jeyhun Bayramov") or after it in apposition.
TITLES = frozenset({
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "ambassador", "envoy", "king", "queen",
    "prince", "princess", "emperor", "sultan", "emir", "sheikh", "general", "gen.", "colonel", "col.", "admiral", "commander",
    "chief", "director", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "senator", "sen.",
    "representative", "rep.", "governor", "gov.", "mayor", "judge", "justice", "attorney", "prosecutor", "speaker",
    "leader", "head", "pope", "cardinal", "archbishop", "bishop", "ayatollah", "commissioner", "deputy", "undersecretary",
    "counselor", "adviser", "advisor", "coordinator", "officer", "sheriff", "lieutenant", "lt.", "sergeant", "sgt.", "captain",
    "capt.", "major", "maj.", "surgeon", "consul", "foreign", "defense", "defence", "interior", "finance", "culture",
    "communications", "state", "trade", "health", "education", "energy", "national", "security", "information",
})
# Words of a title that name a portfolio or a rank, not a person: "security" alone is nobody.
PORTFOLIO_WORDS = frozenset({"vice", "prime", "foreign", "defense", "defence", "interior", "finance", "culture", "communications",
                             "trade", "health", "education", "energy", "national", "security", "information", "justice"})
PERSON_TITLES = TITLES - PORTFOLIO_WORDS
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "into"})
# Prepositions that give an event's actors their role, whatever the trigger; None: the trigger's subject role.
PREPOSITION_ROLES: dict[str, str | None] = {"with": None, "against": "target", "between": "party", "by": None, "to": "addressee", "on": "addressee"}


def trigger_for(lemma: str, is_verb: bool) -> Trigger | None:
    """The event a verb or noun lemma names, if it names one."""
    return (VERB_TRIGGERS if is_verb else NOUN_TRIGGERS).get(lemma.lower())
