"""What a decoder hands back: the facts of one event, before the pipeline stamps on the vendor,
identifiers found generically, and the health classification."""

from __future__ import annotations

from dataclasses import dataclass, field

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import PAGE_URL, Field, Identifier
from pixelhound.settings import MAX_FIELD_CHARS


@dataclass(slots=True)
class Draft:
    """One event told to one recipient. `product` overrides the endpoint's product name."""

    event: str = ""
    account: str = ""
    page_url: str = ""
    product: str = ""
    fields: list[Field] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)

    def add(self, name: str, value: object, source: str) -> None:
        """Record a field; empty values are not disclosures and are skipped."""
        text = "" if value is None else str(value)
        if not text.strip():
            return
        if len(text) > MAX_FIELD_CHARS:
            text = text[:MAX_FIELD_CHARS] + "…"
        self.fields.append(Field(name=name, value=text, source=source))

    def add_page(self, value: str, source: str) -> None:
        """A page URL field; the first one sent becomes the event's page."""
        self.add(PAGE_URL, value, source)
        if value.strip() and not self.page_url:
            self.page_url = value.strip()

    def identify(self, kind: str, value: object, source: str) -> None:
        """Record an identifier once per (kind, value)."""
        text = "" if value is None else str(value).strip()
        if not text:
            return
        for existing in self.identifiers:
            if existing.kind == kind and existing.value == text:
                return
        self.identifiers.append(Identifier(kind=kind, value=text, source=source, label=label_for(kind)))
