"""Banner data: the consent tools common on UK health sites, by their public DOM facts (ids and
classes) and where each records the visitor's choice; autoconsent's names for them; generic button
wording. Data only: the strategies (autoconsent.py, fallback.py) read it."""

from __future__ import annotations

from dataclasses import dataclass

@dataclass(frozen=True)
class CmpSpec:
    """How to recognise one consent tool's banner and its controls."""

    name: str
    container: str  # the visible banner while a choice is pending
    reject: tuple[str, ...]
    accept: tuple[str, ...]
    settings: tuple[str, ...] = ()
    record: str = ""  # where the choice is kept, for the detail line
    # The product's own way back to the choice once the banner has gone (a floating icon, a footer
    # link): what a visitor uses to withdraw consent.
    revisit: tuple[str, ...] = ()


KNOWN_CMPS: tuple[CmpSpec, ...] = (
    CmpSpec(
        "onetrust",
        "#onetrust-banner-sdk, #onetrust-pc-sdk",
        reject=("#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler"),
        accept=("#onetrust-accept-btn-handler", "#accept-recommended-btn-handler"),
        settings=("#onetrust-pc-btn-handler", ".ot-sdk-show-settings"),
        record="OptanonConsent cookie",
        revisit=("#ot-sdk-btn-floating button", "#ot-sdk-btn-floating", ".ot-sdk-show-settings"),
    ),
    CmpSpec(
        "cookiebot",
        "#CybotCookiebotDialog",
        reject=("#CybotCookiebotDialogBodyButtonDecline", "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll"),
        accept=("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll", "#CybotCookiebotDialogBodyButtonAccept"),
        settings=("#CybotCookiebotDialogBodyButtonDetails", "#CybotCookiebotDialogNavDetails",
                  "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection"),
        record="CookieConsent cookie",
        revisit=('a[href*="Cookiebot.renew"]', "#CookiebotWidget .CookiebotWidget-logo"),
    ),
    CmpSpec(
        "civic-cookie-control",
        "#ccc-notify, #ccc-module",
        reject=(".ccc-reject-button", "#ccc-reject-settings"),
        accept=(".ccc-accept-button", "#ccc-notify-accept", "#ccc-recommended-settings"),
        settings=(".ccc-notify-link", "#ccc-notify-dismiss"),
        record="CookieControl cookie",
        revisit=("#ccc-icon",),
    ),
    CmpSpec(
        "nhsuk",
        "#nhsuk-cookie-banner #cookiebanner, #nhsuk-cookie-banner .nhsuk-cookie-banner",
        reject=("#nhsuk-cookie-banner__link_accept",),
        accept=("#nhsuk-cookie-banner__link_accept_analytics",),
        settings=("#nhsuk-cookie-banner__link",),
        record="nhsuk-cookie-consent cookie",
    ),
    CmpSpec(
        "cookieyes",
        ".cky-consent-container, .cky-modal",
        reject=("[data-cky-tag=reject-button]", ".cky-btn-reject"),
        accept=("[data-cky-tag=accept-button]", ".cky-btn-accept"),
        settings=("[data-cky-tag=settings-button]", ".cky-btn-customize"),
        record="cookieyes-consent cookie",
        revisit=(".cky-btn-revisit",),
    ),
    CmpSpec(
        "silktide",
        "#silktide-banner, #silktide-modal",
        reject=(".reject-all", ".preferences-reject-all"),
        accept=(".accept-all", ".preferences-accept-all"),
        settings=(".preferences",),
        record="silktideCookieChoice_* in localStorage",
        revisit=("#silktide-cookie-icon",),
    ),
)
SPECS = {spec.name: spec for spec in KNOWN_CMPS}

# autoconsent's rule names for the CMPs we also know, so both paths report one vocabulary.
AUTOCONSENT_NAMES: dict[str, str] = {
    "Onetrust": "onetrust",
    "Cybotcookiebot": "cookiebot",
    "civic-cookie-control": "civic-cookie-control",
    "nhs.uk": "nhsuk",
    "cookieyes": "cookieyes",
}

# Generic buttons, compared with the control's whole (normalised) text.
GENERIC_PHRASES: dict[str, tuple[str, ...]] = {
    "reject": (
        "reject all", "reject all cookies", "reject non-essential", "reject non-essential cookies",
        "reject additional cookies", "reject analytics cookies", "reject optional cookies",
        "necessary cookies only", "use necessary cookies only", "only necessary cookies",
        "accept necessary cookies only", "accept only necessary cookies", "essential cookies only",
        "decline all", "decline", "deny", "deny all", "reject", "refuse all",
    ),
    "accept": (
        "accept all", "accept all cookies", "accept cookies", "accept additional cookies",
        "accept analytics cookies", "accept", "i accept", "agree", "i agree", "allow all",
        "allow all cookies", "accept and continue", "agree and continue",
    ),
    # Links and buttons outside the banner that reopen the choice (a footer "Cookie settings").
    "revisit": (
        "cookie settings", "cookies settings", "manage cookies", "manage cookie settings", "cookie preferences",
        "manage cookie preferences", "change cookie settings", "change your cookie settings",
        "change cookie preferences", "privacy settings", "manage consent", "manage your cookies",
        "update cookie preferences", "withdraw consent",
    ),
    "settings": (
        "manage cookies", "cookie settings", "cookies settings", "manage preferences", "settings",
        "preferences", "customise", "customize", "manage settings", "set cookie preferences",
        "let me choose", "more options", "cookie preferences",
    ),
}
