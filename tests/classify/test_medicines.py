"""Medicine names from the drug-named-entity-recognition package: recognised, mapped to the
condition area they reveal, and never fired by ordinary words."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify import medicines
from pixelhound.classify.lexicon import build


@pytest.mark.parametrize(
    "text, category, named",
    [
        # the misses
        ("finasteride", "other_condition", "finasteride"),
        ("Dutasteride 0.5mg capsules", "other_condition", "dutasteride"),
        ("/medicines/propranolol/", "other_condition", "propranolol"),
        ("medroxyprogesterone acetate injection", "sexual_health", "medroxyprogesterone"),
        ("ellaOne", "sexual_health", "ellaone"),
        ("https://www.chemist.example/products/ellaone-30mg", "sexual_health", "ellaone"),
        # brands resolved to their generic, and the generic's area
        ("Propecia", "other_condition", "finasteride"),
        ("Inderal LA", "other_condition", "propranolol"),
        ("Provera", "sexual_health", "medroxyprogesterone"),
        ("Depo-Provera injection", "sexual_health", "depo provera"),
        ("Cymbalta", "mental_health", "duloxetine"),
        ("Risperdal", "mental_health", "risperidone"),
        ("Gleevec", "cancer", "imatinib"),
        ("Chantix", "substance_use", "chantix"),
        # areas from the name stems, for generics the lexicon does not name
        ("darunavir", "sexual_health", "darunavir"),
        ("raltegravir 400mg", "sexual_health", "raltegravir"),
        ("rilpivirine", "sexual_health", "rilpivirine"),
        ("paliperidone", "mental_health", "paliperidone"),
        ("clomipramine", "mental_health", "clomipramine"),
        ("osimertinib", "cancer", "osimertinib"),
        ("olaparib", "cancer", "olaparib"),
        ("oxaliplatin", "cancer", "oxaliplatin"),
        ("etonogestrel", "sexual_health", "etonogestrel"),
        ("vardenafil", "sexual_health", "vardenafil"),
        # a health term inside the medicine's name
        ("nicotine patch", "substance_use", "nicotine patch"),
        # anything else: a medicine, said so in the evidence
        ("zolpidem 10mg", "other_condition", "zolpidem"),
        ("search?q=omeprazole", "other_condition", "omeprazole"),
        ("Paracetamol", "other_condition", "acetaminophen"),
    ],
)
def test_medicine_recognised_and_mapped(text: str, category: str, named: str) -> None:
    verdict = classify_text(text)
    assert verdict.categories == [category], (text, verdict)
    assert any(named in e.term for e in verdict.evidence), verdict.evidence


def test_medicine_of_two_areas() -> None:
    """Medroxyprogesterone is a contraceptive and a treatment of heavy periods, endometriosis and
    the menopause: named alone, it shows both areas."""
    assert classify_text("medroxyprogesterone").categories == ["sexual_health", "reproductive_health"]


def test_unmapped_medicine_says_it_is_a_medicine() -> None:
    evidence = classify_text("omeprazole").evidence
    assert [e.term for e in evidence] == ["omeprazole (medicine)"]
    assert "medicine: acetaminophen" in classify_text("paracetamol").evidence[0].term


@pytest.mark.parametrize(
    "text",
    [
        # names in the package's data that are also ordinary words, people, firms or places
        "Armour", "Kendrick Lamar at the arena", "Ella Fitzgerald", "generics", "Exelon energy bill",
        "Allegra", "Camila", "luminal", "Sunkist oranges", "subsys", "Martin Quinson",
        # and ordinary text around the site
        "Baking with sodium bicarbonate", "Peppermint oil and calcium carbonate in the cafe menu",
        "Our new building opens in spring", "Meet the team", "Constant improvement",
        "Android app", "Micro-K chips", "T-stat", "Clear by design",
    ],
)
def test_ordinary_words_are_not_medicines(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, (text, verdict)


def test_thousands_of_names_from_the_package() -> None:
    names = medicines.load()
    generics = {m.generic for m in names}
    assert len(names) >= 5000 and len(generics) >= 1000, (len(names), len(generics))
    assert sum(m.brand for m in names) >= 100
    assert all(len(m.name) >= medicines.MIN_LETTERS for m in names)


def test_names_come_from_the_package_not_the_lexicon() -> None:
    """Without the package's names the lexicon alone misses them: the source is what recognises."""
    data = tomllib.loads(resources.files("pixelhound.classify").joinpath("data/lexicon.toml").read_text("utf-8"))
    alone = build(data, [])
    with_package = build(data, medicines.load())
    for name in ("zolpidem", "omeprazole", "darunavir", "propecia"):
        assert (name,) not in {key for items in alone.by_first.values() for key, _ in items}
        assert any(key == (name,) for key, _ in with_package.by_first.get(name, ())), name


def test_cache_round_trip_and_hostile_cache(tmp_path: Path) -> None:
    fresh = medicines.load(cache_dir=tmp_path)  # read from the package itself
    assert fresh == medicines.load()  # the same as the default cache gives
    cached_files = list(tmp_path.glob("medicines-*.json"))
    assert len(cached_files) == 1
    assert medicines.load(cache_dir=tmp_path) == fresh
    cached_files[0].write_text('[["armour", "thyroid", 1], "not a row"]')  # corrupt: ignored, rebuilt
    assert medicines.load(cache_dir=tmp_path) == fresh
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert medicines.load(cache_dir=blocked) == fresh  # an unwritable cache is only slower


def test_exclusions_apply() -> None:
    names = {m.name for m in medicines.load(frozenset({"zolpidem"}))}
    assert "zolpidem" not in names and "omeprazole" in names


def test_offline_and_without_importing_the_package(tmp_path: Path) -> None:
    """Reading the names neither imports the package (10 s, a pickle from $HOME) nor opens a socket."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise AssertionError('network used')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse\n"
        "from pixelhound.classify import medicines\n"
        f"names = medicines.load(cache_dir=__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "assert len(names) > 5000\n"
        "assert 'drug_named_entity_recognition' not in sys.modules\n"
        "assert 'requests' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
