"""Is a part of a site's name a general provider's (a trust, a hospital, a GP practice), whose
pages are judged one by one, or a specialist one named by its one area ("Eye Hospital")?"""

from __future__ import annotations

import re

from pixelhound.classify.site_words import GENERAL, site_categories

_GP_SURGERY = re.compile(r"^(.*\w)\s+surgery$", re.IGNORECASE)
# "Hospital for Neurology and Neurosurgery": the area named right after the general word.
_FOR_AREA = re.compile(r"^\s+for\s+(.+)$", re.IGNORECASE)


def general_words(part: str) -> list[str]:
    """The words calling a name's part a general service: "NHS trust", "hospital", or a UK GP
    practice's "<place> Surgery" (a part ending in "surgery" whose other words name no health area:
    "Riverside Lane Surgery", not "Bariatric Surgery"). None when the words before the first name one
    specialty: a psychiatric hospital, "genitourinary medicine at St X's Hospital" are specialist
    ("Cancer, maternity and HIV care at St X's Hospital" is not)."""
    found_words = list(GENERAL.finditer(part))
    # One specialty names it: "Psychiatric Hospital", "Kestrel Bay Mental Health NHS Foundation
    # Trust", "Westbridge Eye Hospital NHS Foundation Trust" (the labels doc: a hospital or trust of
    # one area of care is a specialist service of it; one adding acute or community services is not,
    # which `specialist.inferred` checks in all the site says).
    if found_words and (len(areas_before(part, found_words[0])) == 1 or len(areas_after(part, found_words[0])) == 1):
        return []
    found = [word.group(0).lower() for word in found_words]
    # "Riverside Lane Surgery" (also "..., Thornby": its town after a comma) is a GP practice;
    # "Top and bottom surgery" names a specialty.
    practice = _GP_SURGERY.match(part.split(",", 1)[0].strip())
    if (not found and practice and not site_categories(practice.group(1))
            and not set(site_categories(part)) - {"other_condition"}):
        found.append("gp surgery")
    return found


def areas_before(part: str, general: re.Match[str]) -> set[str]:
    """The areas a name's words before its general word name, with that word ("Eye Hospital") but
    not what the word says alone ("Family Medicine" is no medicine)."""
    before = part[: general.start()]
    if not before.strip():
        return set()
    word = general.group(0)
    return set(site_categories(before)) | (set(site_categories(before + word)) - set(site_categories(word)))


def areas_after(part: str, general: re.Match[str]) -> set[str]:
    """The areas a name's words right after "<general word> for" name ("Hospital for Neurology and
    Neurosurgery"; "Hospital for Sick Children" names none)."""
    after = _FOR_AREA.match(part[general.end():])
    return set(site_categories(after.group(1))) if after else set()
