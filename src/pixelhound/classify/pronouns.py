"""A hormone named beside the visitor's pronouns is gender-affirming treatment.

"they/them - currently on testosterone" on a form: a person who states their pronouns and the
hormone they take tells the recipient of a transition, not of a low-hormone condition (the labels
doc's gender identity: transition, gender-affirming care). Only medicines the lexicon's
`[medicine_uses]` lists as given for gender identity move; "he/him, on metformin" stays a medicine.
"""

from __future__ import annotations

from pixelhound.classify.lexicon import Entry, default_lexicon
from pixelhound.settings import CLASSIFY_PRONOUN_PAIRS, CLASSIFY_PRONOUN_WORDS

GENDER_IDENTITY = "gender_identity"


def states_pronouns(words: list[str]) -> bool:
    """Does the text state pronouns ("they/them", "pronouns: she/her")?"""
    if any(word in CLASSIFY_PRONOUN_WORDS for word in words):
        return True
    return any(tuple(words[i : i + 2]) in CLASSIFY_PRONOUN_PAIRS for i in range(len(words) - 1))


def gender_affirming(entry: Entry) -> bool:
    """Is this medicine one given as gender-affirming hormone treatment (testosterone, estradiol)?"""
    name = entry.term.split(" (", 1)[0].lower()
    return GENDER_IDENTITY in default_lexicon().medicine_uses.get(name, frozenset())
