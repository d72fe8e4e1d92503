"""What every fictional trust's website says: services, vacancies, news and the page list.

The trusts share one catalogue so that a scan of any of them exercises the same pages; a trust's own
definition (`trusts.py`) decides only who it leaks to. Everything here is invented. Telephone
numbers are from Ofcom's drama range (01632 960xxx), so none of them can ring a real person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pixelhound.settings import SCAN_SEARCH_TERM


@dataclass(frozen=True)
class Action:
    """A call to action on a page: a real <button>, a link styled as a button, or a tel: link."""

    text: str
    kind: str = "button"  # "button" (<button type=button>), "link" (<a class=button>), "tel"
    href: str = ""


@dataclass(frozen=True)
class Service:
    """One entry of the "Conditions and services A–Z"."""

    slug: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    actions: tuple[Action, ...] = ()
    category: str = ""  # the health category the classifier should see ("" = none expected)

    @property
    def path(self) -> str:
        return f"/conditions/{self.slug}"


@dataclass(frozen=True)
class Vacancy:
    """A job advert: health words about staff, not about the visitor (a hard negative)."""

    slug: str
    title: str
    band: str
    department: str
    summary: str

    @property
    def path(self) -> str:
        return f"/jobs/{self.slug}"


@dataclass(frozen=True)
class NewsItem:
    """A news story."""

    slug: str
    title: str
    date: str
    summary: str
    paragraphs: tuple[str, ...] = field(default=())

    @property
    def path(self) -> str:
        return f"/news/{self.slug}"


SERVICES: tuple[Service, ...] = (
    Service(
        "audiology",
        "Hearing and audiology",
        "Hearing tests and hearing aids for adults and children.",
        (
            "Our audiology team tests hearing and fits and repairs hearing aids.",
            "Drop-in hearing aid repairs run every weekday morning.",
        ),
        (Action("Book a hearing test", "link", "/appointments/book?service=audiology"),),
    ),
    Service(
        "cancer",
        "Cancer services",
        "Diagnosis, chemotherapy, radiotherapy and support for people with cancer.",
        (
            "If your GP has referred you urgently with suspected cancer, we will see you within two weeks.",
            "Our oncology day unit provides chemotherapy close to home.",
            "Cancer support workers can help with money, work and emotional support.",
        ),
        (
            Action("Find a cancer support group", "button"),
            Action("Call the cancer helpline", "tel", "tel:+441632960111"),
        ),
        "cancer",
    ),
    Service(
        "eating-disorders",
        "Eating disorders service",
        "Assessment and treatment for anorexia, bulimia and binge eating disorder.",
        (
            "We support adults and young people with anorexia, bulimia, binge eating disorder and ARFID.",
            "You can refer yourself; you do not need to see your GP first.",
        ),
        (
            Action("Refer yourself for eating disorder support", "link", "/referral?service=eating-disorders"),
            Action("Talk to someone today", "button"),
        ),
        "mental_health",
    ),
    Service(
        "gender-identity-service",
        "Gender identity service",
        "Specialist assessment and support for adults with gender dysphoria.",
        (
            "Our gender identity clinic offers assessment, hormone treatment and speech therapy.",
            "Waiting times are long; we will write to you while you wait.",
        ),
        (
            Action("Refer yourself to the gender identity service", "link", "/referral?service=gender-identity-service"),
            Action("Read about waiting times", "button"),
        ),
        "gender_identity",
    ),
    Service(
        "hiv-and-prep",
        "HIV and PrEP",
        "HIV testing, treatment and pre-exposure prophylaxis (PrEP).",
        (
            "PrEP is a medicine that stops you getting HIV. It is free from our sexual health clinics.",
            "You can order a free HIV self-test kit online and test at home.",
            "If you are living with HIV, our HIV team provides treatment and care.",
        ),
        (
            Action("Book a PrEP appointment", "link", "/appointments/book?service=hiv-and-prep"),
            Action("Order a free HIV test kit", "button"),
        ),
        "sexual_health",
    ),
    Service(
        "maternity",
        "Maternity services",
        "Care during pregnancy, birth and after your baby is born.",
        (
            "You can refer yourself to our midwives as soon as you know you are pregnant.",
            "Our birth centre and labour ward are open 24 hours a day.",
        ),
        (
            Action("Refer yourself to maternity care", "link", "/referral?service=maternity"),
            Action("Call the maternity triage line", "tel", "tel:+441632960222"),
        ),
        "reproductive_health",
    ),
    Service(
        "mental-health-crisis",
        "Mental health crisis line",
        "Urgent help if you are in a mental health crisis, 24 hours a day.",
        (
            "If you are having thoughts of suicide or self-harm, call our crisis line now.",
            "Our crisis team can visit you at home or see you at the crisis cafe.",
        ),
        (
            Action("Call the crisis line", "tel", "tel:+441632960999"),
            Action("Get help now", "button"),
        ),
        "mental_health",
    ),
    Service(
        "minor-injuries",
        "Minor injuries unit",
        "Treatment for sprains, cuts and minor burns without an appointment.",
        ("The minor injuries unit is open from 8am to 8pm every day.",),
        (Action("Check current waiting times", "button"),),
    ),
    Service(
        "physiotherapy",
        "Physiotherapy",
        "Help with back pain, joint problems and recovery after an operation.",
        ("Our physiotherapists run clinics across the area and offer video appointments.",),
        (Action("Book physiotherapy", "link", "/appointments/book?service=physiotherapy"),),
    ),
    Service(
        "sexual-health-clinic",
        "Sexual health clinic",
        "Free and confidential STI testing, treatment and contraception.",
        (
            "Our sexual health clinic offers testing for chlamydia, gonorrhoea, syphilis and HIV.",
            "We offer all kinds of contraception, including the coil and the implant.",
        ),
        (
            Action("Book an STI test", "link", "/appointments/book?service=sexual-health-clinic"),
            Action("Order a free condom pack", "button"),
        ),
        "sexual_health",
    ),
)

VACANCIES: tuple[Vacancy, ...] = (
    Vacancy("oncology-nurse", "Oncology nurse vacancy", "Band 5", "Cancer services",
            "Join our oncology day unit team caring for people having chemotherapy."),
    Vacancy("mental-health-support-worker", "Mental health support worker", "Band 3", "Crisis team",
            "Support our crisis team in the community. Night shifts available."),
    Vacancy("community-midwife", "Community midwife", "Band 6", "Maternity",
            "Provide antenatal and postnatal care to families in their homes."),
    Vacancy("receptionist", "Outpatients receptionist", "Band 2", "Outpatients",
            "Welcome patients and manage clinic lists."),
)

NEWS: tuple[NewsItem, ...] = (
    NewsItem("new-diagnostic-centre", "New community diagnostic centre opens", "3 March 2025",
             "Scans and blood tests are now available closer to home.",
             ("The centre is open seven days a week.",)),
    NewsItem("volunteers-week", "Thank you to our volunteers", "2 June 2025",
             "Our 300 volunteers gave more than 40,000 hours last year.",
             ("Volunteers help on wards, in gardens and on our information desks.",)),
    NewsItem("car-park-works", "Car park works this summer", "14 July 2025",
             "The main car park will be resurfaced in August.",
             ("Blue badge spaces will stay open throughout.",)),
)

FORMS: tuple[str, ...] = ("repeat-prescription-form", "referral-form", "contact-form", "appointment-form")

# The term journeys type into the site search box: the scanner's own default, so that a scan of the
# demo with default settings (`pixelhound demo`) runs exactly the searches the trusts' oracles expect.
SEARCH_PROBE = SCAN_SEARCH_TERM


def service(slug: str) -> Service | None:
    """The A–Z entry with that slug."""
    return next((s for s in SERVICES if s.slug == slug), None)


def vacancy(slug: str) -> Vacancy | None:
    """The vacancy with that slug."""
    return next((v for v in VACANCIES if v.slug == slug), None)


def news_item(slug: str) -> NewsItem | None:
    """The news story with that slug."""
    return next((n for n in NEWS if n.slug == slug), None)


STATIC_PAGES: tuple[tuple[str, str], ...] = (
    ("/", "Home"),
    ("/conditions", "Conditions and services A–Z"),
    ("/appointments", "Appointments"),
    ("/appointments/book", "Book an appointment"),
    ("/repeat-prescriptions", "Repeat prescriptions"),
    ("/referral", "Refer yourself"),
    ("/contact", "Contact us"),
    ("/search", "Search"),
    ("/privacy-notice", "Privacy notice"),
    ("/cookie-policy", "Cookie policy"),
    ("/jobs", "Jobs"),
    ("/news", "News"),
)


# A service only some trusts offer (`Trust.extra_services`): a page whose calls to action are an
# outbound link to a (fictional) self-test provider and a PDF leaflet, the two links GA4's enhanced
# measurement reports as `click` (with ep.link_url) and `file_download`.
HOME_TESTING = Service(
    "hiv-home-testing",
    "HIV home testing",
    "Free HIV self-test kits by post, and our PrEP leaflet.",
    (
        "You can order a free HIV self-test kit from our testing partner and test at home.",
        "Our leaflet explains how PrEP works and how to start it.",
    ),
    (
        Action("Order a free HIV self-test kit", "link", "https://www.freetesting.test/hiv/order-kit"),
        Action("Download the PrEP leaflet (PDF)", "link", "/leaflets/prep-leaflet.pdf"),
    ),
    "sexual_health",
)

# A one-page PDF (our own, minimal) for the leaflet links.
LEAFLET_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def page_paths() -> list[str]:
    """Every page a trust site serves with GET (what sitemap.xml lists)."""
    paths = [p for p, _ in STATIC_PAGES]
    paths += [s.path for s in SERVICES]
    paths += [v.path for v in VACANCIES]
    paths += [n.path for n in NEWS]
    return paths


def page_text(path: str) -> str:
    """Title and words of a page, for the site search."""
    for p, title in STATIC_PAGES:
        if p == path:
            return title
    for s in SERVICES:
        if s.path == path:
            return " ".join((s.title, s.summary, *s.paragraphs, *(a.text for a in s.actions)))
    for v in VACANCIES:
        if v.path == path:
            return " ".join((v.title, v.department, v.summary))
    for n in NEWS:
        if n.path == path:
            return " ".join((n.title, n.summary, *n.paragraphs))
    return ""


def page_title(path: str) -> str:
    """The heading of a catalogue page (without the trust's name)."""
    for p, title in STATIC_PAGES:
        if p == path:
            return title
    for item in (*SERVICES, *VACANCIES, *NEWS):
        if item.path == path:
            return item.title
    return ""
