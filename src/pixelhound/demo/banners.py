"""Cookie banners for the demo's fictional trusts and for the consent tests.

Each banner is our own markup and a few lines of our own script, imitating the *structure* of a
real consent tool as UK health sites deploy it: the same element ids and classes, the same button
texts, and the same consent record (cookie or localStorage key) written in the same shape. That
lets pixelhound's consent operator — DuckDuckGo's autoconsent rules and our built-in fallback — be
proven against something faithful without shipping any CMP's code.

Clicking a choice writes the record, hides the banner and dispatches a `pixelhound-demo-consent`
CustomEvent on the top window with `detail.choice` of "accept" or "reject". With
`reject_works=False` the reject control hides the banner but records nothing: the "reject does
nothing" trust, whose banner looks operated while tracking carries on.
"""

from __future__ import annotations

import html
import json

KINDS: tuple[str, ...] = (
    "onetrust",
    "cookiebot",
    "civic",
    "nhsuk",
    "cookieyes",
    "silktide",
    "generic",
    "shadow-generic",
    "iframe-generic",
)

# Cookie (or localStorage key) each imitation records the choice in, named as the real CMP names it.
CONSENT_RECORDS: dict[str, str] = {
    "onetrust": "OptanonConsent",
    "cookiebot": "CookieConsent",
    "civic": "CookieControl",
    "nhsuk": "nhsuk-cookie-consent",
    "cookieyes": "cookieyes-consent",
    "silktide": "localStorage:silktideCookieChoice_*",
    "generic": "cookie_consent",
    "shadow-generic": "cookie_consent",
    "iframe-generic": "cookie_consent",
}

# Shared helpers: write a cookie for a year, and announce the choice to the page.
_HELPERS = """
window.__phSetCookie = window.__phSetCookie || function (name, value) {
  document.cookie = name + "=" + value + "; path=/; max-age=31536000; SameSite=Lax";
};
window.__phDeleteCookie = window.__phDeleteCookie || function (name) {
  var labels = location.hostname.split(".");
  for (var i = 0; i < labels.length; i++) {
    document.cookie = name + "=; domain=." + labels.slice(i).join(".") + "; path=/; max-age=0";
  }
  document.cookie = name + "=; path=/; max-age=0";
};
window.__phCookie = window.__phCookie || function (name) {
  var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
  return m ? decodeURIComponent(m[1]) : "";
};
window.__phAnnounce = window.__phAnnounce || function (choice) {
  window.top.dispatchEvent(new CustomEvent("pixelhound-demo-consent", {detail: {choice: choice}}));
};
"""

_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:2147483000;background:#fff;color:#212b32;"
    "border-top:4px solid #005eb8;padding:16px 24px;font:16px/1.4 Arial,sans-serif;"
    "box-shadow:0 -2px 8px rgba(0,0,0,.2)"
)


def _script(record_accept: str, record_reject: str, hide: str, bind: str, reject_works: bool,
            decided: str = "false", revisit: str = "") -> str:
    """Wire accept/reject: record (unless reject is broken), hide, announce. As the real products
    do, a page whose record already holds a choice does not show the banner again (`decided`, a JS
    expression), and shows the product's revisit control instead (`revisit`, JS run then)."""
    reject_body = record_reject if reject_works else "/* this site's reject records nothing */"
    return (
        "<script>(function () {" + _HELPERS
        + "function hide() {" + hide + "}\n"
        + "function showRevisit() {" + revisit + "}\n"
        + "function choose(choice) {\n"
        + "  if (choice === 'accept') {" + record_accept + "} else {" + reject_body + "}\n"
        + "  hide(); showRevisit(); window.__phAnnounce(choice);\n}\n"
        + bind + "\n"
        + "if (" + decided + ") { hide(); showRevisit(); }\n"
        + "})();</script>"
    )


# A product's revisit control: a small fixed button in the bottom-left corner, hidden until a choice.
_ICON_STYLE = (
    "display:none;position:fixed;left:12px;bottom:12px;width:44px;height:44px;border-radius:22px;"
    "z-index:2147482000;background:#005eb8;color:#fff;border:0;font:20px Arial,sans-serif"
)
_LAYER_STYLE = (
    "display:none;position:fixed;left:10%;right:10%;top:15%;z-index:2147483001;background:#fff;color:#212b32;"
    "border:2px solid #005eb8;padding:16px 24px;font:16px/1.4 Arial,sans-serif"
)

_OPEN_LAYER_STYLE = _LAYER_STYLE.replace("display:none;", "")


def _onetrust(reject_works: bool) -> str:
    groups_js = (
        "function record(on) {"
        "  var g = ['C0001:1', 'C0002:' + on, 'C0003:' + on, 'C0004:' + on].join(',');"
        "  var now = new Date().toISOString();"
        "  window.__phSetCookie('OptanonConsent', 'isGpcEnabled=0&datestamp=' + encodeURIComponent(new Date().toString())"
        "    + '&version=202409.1.0&isIABGlobal=false&hosts=&consentId=' + Math.random().toString(16).slice(2)"
        "    + '&interactionCount=1&landingPath=NotLandingPage&groups=' + encodeURIComponent(g));"
        "  window.__phSetCookie('OptanonAlertBoxClosed', now);"
        "  window.OnetrustActiveGroups = on ? ',C0001,C0002,C0003,C0004,' : ',C0001,';"
        "}"
    )
    markup = f"""
<div id="onetrust-consent-sdk">
  <div class="onetrust-pc-dark-filter ot-hide"></div>
  <div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner" style="{_STYLE}">
    <div id="onetrust-policy"><h2 id="onetrust-policy-title">We value your privacy</h2>
      <p id="onetrust-policy-text">We use cookies to understand how you use our website.</p></div>
    <div id="onetrust-button-group-parent"><div id="onetrust-button-group">
      <button id="onetrust-pc-btn-handler">Cookies Settings</button>
      <button id="onetrust-reject-all-handler">Reject All</button>
      <button id="onetrust-accept-btn-handler">Accept All Cookies</button>
    </div></div>
  </div>
  <div id="onetrust-pc-sdk" class="otPcCenter ot-hide" role="dialog" aria-label="Preference center" style="{_LAYER_STYLE}">
    <h2 id="ot-pc-title">Privacy Preference Center</h2>
    <p id="ot-pc-desc">When you visit any website, it may store or retrieve information on your browser, mostly in the form of cookies.</p>
    <button id="accept-recommended-btn-handler">Allow All</button>
    <div class="ot-pc-footer"><div class="ot-btn-container">
      <button class="ot-pc-refuse-all-handler">Reject All</button>
      <button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My Choices</button>
    </div></div>
  </div>
  <div id="ot-sdk-btn-floating" class="ot-floating-button" title="Cookie Settings" style="{_ICON_STYLE}">
    <button class="ot-floating-button__open" aria-label="Open Preferences" style="width:44px;height:44px;border:0;border-radius:22px;background:#005eb8;color:#fff">&#9881;</button>
  </div>
</div>"""
    # After a choice the banner stays hidden; the floating button opens the preference centre, whose
    # "Reject All" and "Allow All" rewrite OptanonConsent's groups (the cookies already set are kept).
    script = _script(
        "record(1);",
        "record(0);",
        "document.getElementById('onetrust-banner-sdk').style.display = 'none';"
        "document.getElementById('onetrust-pc-sdk').style.display = 'none';",
        groups_js + "window.OnetrustActiveGroups = window.OnetrustActiveGroups || ',C0001,';"
        "document.getElementById('onetrust-accept-btn-handler').onclick = function () { choose('accept'); };"
        "document.getElementById('onetrust-reject-all-handler').onclick = function () { choose('reject'); };"
        "document.getElementById('accept-recommended-btn-handler').onclick = function () { choose('accept'); };"
        "document.querySelector('#onetrust-pc-sdk .ot-pc-refuse-all-handler').onclick = function () { choose('reject'); };"
        "document.querySelector('#ot-sdk-btn-floating button').onclick = function () {"
        "  document.getElementById('onetrust-pc-sdk').style.display = 'block'; };",
        reject_works,
        decided="window.__phCookie('OptanonAlertBoxClosed') && window.__phCookie('OptanonConsent')",
        revisit="document.getElementById('ot-sdk-btn-floating').style.display = 'block';",
    )
    return markup + script


def _cookiebot(reject_works: bool) -> str:
    # The real Cookiebot exposes window.Cookiebot (consent flags, dialog, withdraw(), hide()); the
    # imitation offers the same small surface so that tools using it behave as on a real site.
    api = (
        "function record(on) {"
        "  var v = '{stamp:%27' + Math.random().toString(36).slice(2) + '%27%2Cnecessary:true%2Cpreferences:' + on"
        "    + '%2Cstatistics:' + on + '%2Cmarketing:' + on + '%2Cmethod:%27explicit%27%2Cver:1%2Cutc:' + Date.now()"
        "    + '%2Cregion:%27gb%27}';"
        "  window.__phSetCookie('CookieConsent', v);"
        "  var cb = window.Cookiebot; cb.hasResponse = true; cb.consented = on; cb.declined = !on;"
        "  cb.consent = {necessary: true, preferences: on, statistics: on, marketing: on, method: 'explicit'};"
        "}"
        "var dialog = document.getElementById('CybotCookiebotDialog');"
        "window.Cookiebot = {hasResponse: false, consented: false, declined: false,"
        "  consent: {necessary: true, preferences: false, statistics: false, marketing: false, stamp: '0'},"
        "  dialog: {visible: true},"
        "  hide: function () { hide(); },"
        "  show: function () { dialog.style.display = ''; window.Cookiebot.dialog.visible = true; },"
        "  renew: function () { window.Cookiebot.show(); },"
        "  withdraw: function () {" + ("record(false);" if reject_works else "") + "},"
        "  submitCustomConsent: function (p, s, m) { record(!!(p && s && m)); }};"
        "document.getElementById('CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll').onclick ="
        "  function () { choose('accept'); };"
        "document.getElementById('CybotCookiebotDialogBodyButtonDecline').onclick ="
        "  function () { choose('reject'); };"
        "document.getElementById('CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection').onclick ="
        "  function () { var q = function (id) { return document.getElementById(id).checked; };"
        "    record(q('CybotCookiebotDialogBodyLevelButtonStatistics') && q('CybotCookiebotDialogBodyLevelButtonMarketing'));"
        "    hide(); };"
    )
    boxes = "".join(
        f'<label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButton{c}" '
        f'class="CybotCookiebotDialogBodyLevelButton CybotCookiebotDialogBodyLevelButtonSlider"> {c}</label> '
        for c in ("Preferences", "Statistics", "Marketing")
    )
    markup = f"""
<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" aria-modal="true"
     class="CybotCookiebotDialogActive CybotEdge" style="{_STYLE}">
  <div id="CybotCookiebotDialogBody"><h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2>
    <div id="CybotCookiebotDialogBodyContentText">We use cookies to personalise content and ads and to analyse our traffic.</div>
    <div id="CybotCookiebotDialogBodyLevelButtonsSelectPane"><input type="checkbox" checked disabled
      id="CybotCookiebotDialogBodyLevelButtonNecessary"> Necessary {boxes}</div></div>
  <div id="CybotCookiebotDialogFooter"><div id="CybotCookiebotDialogBodyButtonsWrapper">
    <button id="CybotCookiebotDialogBodyButtonDecline" class="CybotCookiebotDialogBodyButton">Deny</button>
    <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection" class="CybotCookiebotDialogBodyButton">Allow selection</button>
    <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" class="CybotCookiebotDialogBodyButton">Allow all</button>
  </div></div>
</div>
<p class="cookie-declaration" style="margin:0 24px 24px"><a href="javascript: Cookiebot.renew()">Change your cookie consent</a></p>"""
    # Sites link "javascript: Cookiebot.renew()": it shows the same dialog again, Deny included.
    script = _script(
        "record(true);",
        "record(false);",
        "dialog.style.display = 'none'; window.Cookiebot.dialog.visible = false;",
        api,
        reject_works,
        decided="window.__phCookie('CookieConsent') && window.__phCookie('CookieConsent') !== '-1'",
    )
    return markup + script


def _civic(reject_works: bool) -> str:
    record = (
        "function record(state) {"
        "  window.__phSetCookie('CookieControl', JSON.stringify({necessaryCookies: [],"
        "    optionalCookies: {analytics: state, marketing: state}, statement: {}, consentDate: Date.now(),"
        "    consentExpiry: 90, interactedWith: true, user: Math.random().toString(16).slice(2)}));"
        "}"
    )
    markup = f"""
<div id="ccc" role="region" aria-label="Cookie preferences">
  <div id="ccc-notify" class="ccc-notify ccc-notify__bottom" style="{_STYLE}">
    <div class="ccc-notify-text"><h3>This site uses cookies to store information on your computer.</h3>
      <p>Some of these cookies are essential, while others help us to improve your experience.</p></div>
    <div class="ccc-notify-buttons">
      <button class="ccc-notify-button ccc-link ccc-tabbable ccc-accept-button"><span>Accept</span></button>
      <button class="ccc-notify-button ccc-link ccc-tabbable ccc-reject-button"><span>Reject</span></button>
      <button class="ccc-notify-button ccc-link ccc-tabbable ccc-notify-link"><span>Settings</span></button>
    </div>
  </div>
  <template id="ccc-module-template"><div id="ccc-module" class="ccc-module--slideout" role="dialog" aria-label="Cookie Control" style="{_OPEN_LAYER_STYLE}">
    <h2 id="ccc-title">Cookie Control</h2>
    <p id="ccc-intro">Some of these cookies are essential, while others help us to improve your experience.</p>
    <button id="ccc-recommended-settings" class="ccc-notify-button ccc-link ccc-tabbable"><span>Accept Recommended Settings</span></button>
    <button id="ccc-reject-settings" class="ccc-notify-button ccc-link ccc-tabbable"><span>Reject All</span></button>
    <button id="ccc-close" aria-label="Close">&#215;</button>
  </div></template>
  <button id="ccc-icon" class="ccc-icon--left" aria-label="Cookie Control" title="Cookie Control" style="{_ICON_STYLE}">&#9881;</button>
</div>"""
    # After a choice the icon (#ccc-icon) opens the module (added to the page only then, as Cookie
    # Control does); revoking there rewrites CookieControl and,
    # as Cookie Control does for the cookies a site lists per optional category, deletes the
    # marketing cookies (Meta's _fbp, _fbc) already set.
    script = _script(
        "record('accepted');",
        "record('revoked'); ['_fbp', '_fbc'].forEach(window.__phDeleteCookie);",
        "['ccc-notify', 'ccc-module'].forEach(function (id) {"
        "  var n = document.getElementById(id); if (n) n.parentNode.removeChild(n); });",
        record
        + "document.querySelector('#ccc .ccc-accept-button').onclick = function () { choose('accept'); };"
        "document.querySelector('#ccc .ccc-reject-button').onclick = function () { choose('reject'); };"
        "document.getElementById('ccc-icon').onclick = function () {"
        "  if (document.getElementById('ccc-module')) return;"
        "  document.getElementById('ccc').appendChild(document.getElementById('ccc-module-template').content.cloneNode(true));"
        "  document.getElementById('ccc-recommended-settings').onclick = function () { choose('accept'); };"
        "  document.getElementById('ccc-reject-settings').onclick = function () { choose('reject'); }; };",
        reject_works,
        decided="/interactedWith.:true/.test(window.__phCookie('CookieControl'))",
        revisit="document.getElementById('ccc-icon').style.display = 'block';",
    )
    return markup + script


def _nhsuk(reject_works: bool) -> str:
    record = (
        "function record(on) {"
        "  window.__phSetCookie('nhsuk-cookie-consent', encodeURIComponent(JSON.stringify({necessary: true,"
        "    preferences: on, statistics: on, marketing: on, consented: true})));"
        "}"
    )
    markup = f"""
<div id="nhsuk-cookie-banner">
  <div class="nhsuk-cookie-banner" id="cookiebanner" role="region" aria-label="Cookie banner" style="{_STYLE}">
    <div class="nhsuk-width-container"><h2>Cookies on the NHS website</h2>
      <p>We've put some small files called cookies on your device to make our site work.</p>
      <p>We'd also like to use analytics cookies. These send information about how our site is used to a service called Adobe Analytics.</p>
      <ul>
        <li><button class="nhsuk-button" id="nhsuk-cookie-banner__link_accept_analytics">I'm OK with analytics cookies</button></li>
        <li><button class="nhsuk-button nhsuk-button--secondary" id="nhsuk-cookie-banner__link_accept">Do not use analytics cookies</button></li>
        <li><a id="nhsuk-cookie-banner__link" href="#cookies">Let me choose which cookies we use</a></li>
      </ul></div>
  </div>
  <div class="nhsuk-success-banner" id="nhsuk-cookie-confirmation-banner" style="display:none">
    <p>You can change your cookie settings at any time using our <a href="#cookies">cookies page</a>.</p></div>
</div>"""
    script = _script(
        "record(true);",
        "record(false);",
        "document.getElementById('cookiebanner').style.display = 'none';"
        "document.getElementById('nhsuk-cookie-confirmation-banner').style.display = 'block';",
        record
        + "document.getElementById('nhsuk-cookie-banner__link_accept_analytics').onclick = function () { choose('accept'); };"
        "document.getElementById('nhsuk-cookie-banner__link_accept').onclick = function () { choose('reject'); };",
        reject_works,
        # NHS.UK's settings live on its cookies page, not in the page: no revisit control here.
        decided="/consented.:true/.test(window.__phCookie('nhsuk-cookie-consent'))",
    )
    return markup + script


def _cookieyes(reject_works: bool) -> str:
    record = (
        "function record(on) { var v = on ? 'yes' : 'no';"
        "  window.__phSetCookie('cookieyes-consent', 'consentid:' + Math.random().toString(36).slice(2)"
        "    + ',consent:' + v + ',action:yes,necessary:yes,functional:' + v + ',analytics:' + v"
        "    + ',performance:' + v + ',advertisement:' + v + ',other:' + v);"
        "}"
    )
    markup = f"""
<div class="cky-consent-container cky-banner-bottom" tabindex="0" style="{_STYLE}">
  <div class="cky-consent-bar" data-cky-tag="notice"><div class="cky-notice">
    <p class="cky-title" data-cky-tag="title">We value your privacy</p>
    <div class="cky-notice-group"><div class="cky-notice-des" data-cky-tag="description">
      <p>We use cookies to enhance your browsing experience and analyse our traffic.</p></div>
      <div class="cky-notice-btn-wrapper" data-cky-tag="notice-buttons">
        <button class="cky-btn cky-btn-customize" data-cky-tag="settings-button">Customise</button>
        <button class="cky-btn cky-btn-reject" data-cky-tag="reject-button">Reject All</button>
        <button class="cky-btn cky-btn-accept" data-cky-tag="accept-button">Accept All</button>
      </div></div></div></div>
</div>
<div class="cky-modal" tabindex="-1" style="{_LAYER_STYLE}"><div class="cky-preference-center" role="dialog" aria-label="Customise Consent Preferences">
  <p class="cky-preference-title">Customise Consent Preferences</p>
  <p>We use cookies to help you navigate efficiently and perform certain functions.</p>
  <div class="cky-footer-wrapper"><div class="cky-prefrence-btn-wrapper">
    <button class="cky-btn cky-btn-reject" data-cky-tag="detail-reject-button">Reject All</button>
    <button class="cky-btn cky-btn-preferences" data-cky-tag="detail-save-button">Save My Preferences</button>
    <button class="cky-btn cky-btn-accept" data-cky-tag="detail-accept-button">Accept All</button>
  </div></div></div></div>
<div class="cky-btn-revisit-wrapper cky-revisit-bottom-left" data-cky-tag="revisit-consent" style="{_ICON_STYLE}">
  <button class="cky-btn-revisit" aria-label="Consent Preferences" style="width:44px;height:44px;border:0;background:transparent;color:#fff">&#9881;</button>
</div>"""
    # After a choice the revisit button opens the preference centre (.cky-modal), with its own Reject All.
    script = _script(
        "record(true);",
        "record(false);",
        "var c = document.querySelector('.cky-consent-container'); c.classList.add('cky-hide'); c.style.display = 'none';"
        "var m = document.querySelector('.cky-modal'); m.classList.remove('cky-modal-open'); m.style.display = 'none';",
        record
        + "document.querySelector('[data-cky-tag=accept-button]').onclick = function () { choose('accept'); };"
        "document.querySelector('[data-cky-tag=reject-button]').onclick = function () { choose('reject'); };"
        "document.querySelector('[data-cky-tag=detail-accept-button]').onclick = function () { choose('accept'); };"
        "document.querySelector('[data-cky-tag=detail-reject-button]').onclick = function () { choose('reject'); };"
        "document.querySelector('.cky-btn-revisit').onclick = function () {"
        "  var m = document.querySelector('.cky-modal'); m.classList.add('cky-modal-open'); m.style.display = 'block'; };",
        reject_works,
        decided="/action:yes/.test(window.__phCookie('cookieyes-consent'))",
        revisit="document.querySelector('.cky-btn-revisit-wrapper').style.display = 'block';",
    )
    return markup + script


def _silktide(reject_works: bool) -> str:
    # Silktide Consent Manager keeps its record in localStorage, not in a cookie.
    record = (
        "function record(on) {"
        "  localStorage.setItem('silktideCookieBanner_InitialChoice', '1');"
        "  localStorage.setItem('silktideCookieChoice_necessary', 'true');"
        "  localStorage.setItem('silktideCookieChoice_analytics', String(on));"
        "  localStorage.setItem('silktideCookieChoice_advertising', String(on));"
        "}"
    )
    markup = f"""
<div id="silktide-wrapper">
  <div id="silktide-banner" class="bottomCenter" role="dialog" aria-label="Cookie consent" style="{_STYLE}">
    <p>We use cookies on our site to enhance your user experience, provide personalized content, and analyze our traffic.</p>
    <div class="actions">
      <button class="accept-all st-button st-button--primary">Accept all</button>
      <button class="reject-all st-button st-button--primary">Reject non-essential</button>
      <div class="actions-row"><button class="preferences"><span>Preferences</span></button></div>
    </div>
  </div>
  <div id="silktide-modal" role="dialog" aria-label="Cookie preferences" style="{_LAYER_STYLE}">
    <h2>Cookie Preferences</h2>
    <p>Choose which cookies you allow.</p>
    <div class="modal-footer">
      <button class="preferences-accept-all st-button st-button--primary">Accept all</button>
      <button class="preferences-reject-all st-button st-button--primary">Reject all</button>
    </div>
  </div>
  <button id="silktide-cookie-icon" aria-label="Manage your cookie preferences for this site" style="{_ICON_STYLE}">&#9881;</button>
</div>"""
    # After a choice the cookie icon opens the preferences modal, with its own Reject all.
    script = _script(
        "record(true);",
        "record(false);",
        "var b = document.getElementById('silktide-banner'); if (b) b.parentNode.removeChild(b);"
        "document.getElementById('silktide-modal').style.display = 'none';",
        record
        + "document.querySelector('#silktide-banner .accept-all').onclick = function () { choose('accept'); };"
        "document.querySelector('#silktide-banner .reject-all').onclick = function () { choose('reject'); };"
        "document.querySelector('#silktide-modal .preferences-accept-all').onclick = function () { choose('accept'); };"
        "document.querySelector('#silktide-modal .preferences-reject-all').onclick = function () { choose('reject'); };"
        "document.getElementById('silktide-cookie-icon').onclick = function () {"
        "  document.getElementById('silktide-modal').style.display = 'block'; };",
        reject_works,
        decided="(function () { try { return !!localStorage.getItem('silktideCookieBanner_InitialChoice'); } catch (e) { return false; } })()",
        revisit="document.getElementById('silktide-cookie-icon').style.display = 'block';",
    )
    return markup + script


def _generic_inner(accept: str, reject: str, settings: str) -> str:
    return (
        '<p>We use some essential cookies to make this website work. We would like to set additional '
        "cookies to understand how you use the site and to show you relevant advertising.</p>"
        f'<button type="button" class="btn" data-choice="accept">{html.escape(accept)}</button> '
        f'<button type="button" class="btn" data-choice="reject">{html.escape(reject)}</button> '
        f'<a href="#cookies" class="cookie-settings">{html.escape(settings)}</a>'
    )


def _generic_record() -> str:
    return "function record(v) { window.__phSetCookie('cookie_consent', v); }"


def _generic(reject_works: bool) -> str:
    markup = (
        f'<div id="cookie-notice" class="cookie-banner" role="region" aria-label="Cookies on this site" '
        f'style="{_STYLE}">' + _generic_inner("Accept all cookies", "Reject all", "Manage cookies") + "</div>"
    )
    script = _script(
        "record('accepted');",
        "record('rejected');",
        "document.getElementById('cookie-notice').hidden = true;",
        _generic_record()
        + "document.querySelectorAll('#cookie-notice [data-choice]').forEach(function (b) {"
        "  b.onclick = function () { choose(b.dataset.choice); }; });",
        reject_works,
        decided="window.__phCookie('cookie_consent')",  # a generic banner offers no way back
    )
    return markup + script


def _shadow_generic(reject_works: bool) -> str:
    inner = (
        f'<div class="banner" role="dialog" aria-label="Cookie consent" style="{_STYLE}">'
        + _generic_inner("Accept all", "Necessary cookies only", "Cookie settings")
        + "</div>"
    )
    script = _script(
        "record('accepted');",
        "record('rejected');",
        "host.style.display = 'none';",
        _generic_record()
        + "var host = document.getElementById('consent-host');"
        "var root = host.attachShadow({mode: 'open'});"
        f"root.innerHTML = {json.dumps(inner)};"
        "root.querySelectorAll('[data-choice]').forEach(function (b) {"
        "  b.onclick = function () { choose(b.dataset.choice); }; });",
        reject_works,
        decided="window.__phCookie('cookie_consent')",  # a generic banner offers no way back
    )
    return '<cookie-consent-banner id="consent-host"></cookie-consent-banner>' + script


def _iframe_generic(reject_works: bool) -> str:
    inner_script = _script(
        "record('accepted');",
        "record('rejected');",
        "window.frameElement.style.display = 'none';",
        _generic_record()
        + "document.querySelectorAll('[data-choice]').forEach(function (b) {"
        "  b.onclick = function () { choose(b.dataset.choice); }; });",
        reject_works,
        decided="window.__phCookie('cookie_consent')",  # a generic banner offers no way back
    )
    doc = (
        "<!doctype html><html><body style=\"margin:0;font:16px Arial,sans-serif\">"
        + _generic_inner("I accept", "Reject non-essential", "Settings")
        + inner_script
        + "</body></html>"
    )
    frame_style = "position:fixed;left:0;right:0;bottom:0;width:100%;height:140px;border:0;z-index:2147483000;background:#fff"
    return (
        f'<iframe id="consent-frame" title="Cookie consent" style="{frame_style}" '
        f'srcdoc="{html.escape(doc, quote=True)}"></iframe>'
    )


_BUILDERS = {
    "onetrust": _onetrust,
    "cookiebot": _cookiebot,
    "civic": _civic,
    "nhsuk": _nhsuk,
    "cookieyes": _cookieyes,
    "silktide": _silktide,
    "generic": _generic,
    "shadow-generic": _shadow_generic,
    "iframe-generic": _iframe_generic,
}


def banner_html(kind: str, *, reject_works: bool = True) -> str:
    """HTML and inline script for one imitation banner; place it at the end of <body>."""
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise ValueError(f"unknown banner kind {kind!r}; known: {', '.join(KINDS)}") from None
    return f"<!-- pixelhound demo banner: {kind} (our own imitation, not the CMP's code) -->" + builder(
        reject_works
    )


def consent_state_js() -> str:
    """A script defining `window.pixelhoundConsentState()` → {decided, analytics, marketing}.

    It reads the records the imitation banners write, so a demo page can load its pixel only after
    accept (and a careless trust can ignore it).
    """
    return """<script>
window.pixelhoundConsentState = function () {
  var jar = {};
  document.cookie.split("; ").forEach(function (c) {
    var i = c.indexOf("="); if (i > 0) jar[c.slice(0, i)] = c.slice(i + 1);
  });
  var dec = function (v) { try { return decodeURIComponent(v); } catch (e) { return v; } };
  var s = {decided: false, analytics: false, marketing: false};
  var set = function (a, m) { s.decided = true; s.analytics = s.analytics || a; s.marketing = s.marketing || m; };
  if (jar.OptanonAlertBoxClosed && jar.OptanonConsent) {
    var g = dec(jar.OptanonConsent); set(/C0002:1/.test(g), /C0004:1/.test(g));
  }
  if (jar.CookieConsent) { var c = dec(jar.CookieConsent); set(/statistics:true/.test(c), /marketing:true/.test(c)); }
  if (jar.CookieControl) {
    try { var o = JSON.parse(dec(jar.CookieControl)).optionalCookies || {};
      set(o.analytics === "accepted", o.marketing === "accepted"); } catch (e) {}
  }
  if (jar["nhsuk-cookie-consent"]) {
    try { var n = JSON.parse(dec(jar["nhsuk-cookie-consent"])); if (n.consented) set(!!n.statistics, !!n.marketing); } catch (e) {}
  }
  if (jar["cookieyes-consent"] && /action:yes/.test(jar["cookieyes-consent"])) {
    var y = jar["cookieyes-consent"]; set(/analytics:yes/.test(y), /advertisement:yes/.test(y));
  }
  try {
    if (localStorage.getItem("silktideCookieBanner_InitialChoice")) {
      set(localStorage.getItem("silktideCookieChoice_analytics") === "true",
          localStorage.getItem("silktideCookieChoice_advertising") === "true");
    }
  } catch (e) {}
  if (jar.cookie_consent) { var a = jar.cookie_consent === "accepted"; set(a, a); }
  return s;
};
</script>"""


# The banner name pixelhound's consent operator reports for each imitation (SourceSummary.banner),
# whether autoconsent or the fallback operated it.
REPORTED_NAMES: dict[str, str] = {
    "onetrust": "onetrust",
    "cookiebot": "cookiebot",
    "civic": "civic-cookie-control",
    "nhsuk": "nhsuk",
    "cookieyes": "cookieyes",
    "silktide": "silktide",
    "generic": "generic-buttons",
    "shadow-generic": "generic-buttons",
    "iframe-generic": "generic-buttons",
}
