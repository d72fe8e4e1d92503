"""The interactions that made the NHS leaks: scrolling, pressing calls to action, searching the
site, and filling forms with a fictional canary identity.

A form's submission to the site itself is intercepted and never delivered (unless asked), so the
trackers' click and form handlers run while the site receives nothing; the page then navigates to a
stand-in page, so whatever the trackers flush as the form's page goes away still leaves (and the
network record keeps it). Links are clicked as a visitor clicks them: the site's and the trackers'
click handlers run with nothing cancelled (GA4 ignores clicks whose default was prevented), the
navigation starts, and only its request for the link's target is stopped before it leaves, so the
page stays for the next click. The pages behind the links are planned visits of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from urllib.parse import urljoin

from playwright.async_api import CDPSession, Page, Route

from pixelhound.links import Link
from pixelhound.model import CanaryIdentity
from pixelhound.capture.actions import Outcome, perform
from pixelhound.capture.activity import activity_of
from pixelhound.capture.phases import phase
from pixelhound.settings import (
    SCAN_CLICK_TIMEOUT_SECONDS,
    SCAN_MAX_CLICKS_PER_PAGE,
    SCAN_QUIET_SECONDS,
    SCAN_TYPE_TIMEOUT_SECONDS,
)

Shortfall = Callable[[str], None]  # told what the scan set out to do on the page and could not


def _ignore(_what: str) -> None:
    pass

CTA_PATTERN = (
    r"book|appointment|prescription|referr|refer |self-refer|i need help|get help|urgent|crisis|"
    r"call |contact|register|sign in|log in|login|results|order|request|under 18|support|download|leaflet"
)

_FIND_CTAS = """
(pattern) => {
  // Calls to action in the page's own content come first; the site's chrome (header, navigation,
  // footer) repeats on every page, so its links are listed after them and marked as chrome.
  const re = new RegExp(pattern, 'i');
  const chrome = 'header, nav, footer, [role=banner], [role=navigation], [role=contentinfo]';
  const main = [], repeated = [];
  const nodes = document.querySelectorAll('a[href], button, input[type=submit], input[type=button], [role=button]');
  for (const el of nodes) {
    if (el.closest('form') && (el.type === 'submit' || el.tagName === 'BUTTON')) continue;
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 120);
    const href = el.getAttribute('href') || '';
    const rect = el.getBoundingClientRect();
    if (!rect.width && !rect.height) continue;
    if (re.test(text) || href.startsWith('tel:')) {
      (el.closest(chrome) ? repeated : main).push({el, text: text || href, href, chrome: !!el.closest(chrome)});
    }
  }
  return main.concat(repeated).map((item, index) => {
    item.el.setAttribute('data-pixelhound-cta', String(index));
    return {text: item.text, href: item.href, chrome: item.chrome};
  });
}
"""

_SCROLL = """
async () => {
  const step = Math.max(200, window.innerHeight * 0.8);
  for (let y = 0; y < document.body.scrollHeight && y < 20000; y += step) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  window.scrollTo(0, document.body.scrollHeight);
}
"""

_LINKS = """
() => Array.from(document.querySelectorAll('a[href]')).slice(0, 2000)
  .map((a) => [a.href, (a.innerText || '').trim().slice(0, 200)])
"""

_FORMS = """
() => Array.from(document.forms).map((form, index) => {
  form.setAttribute('data-pixelhound-form', String(index));
  const inputs = Array.from(form.elements).filter((el) => el.name || el.id);
  const isSearch = form.getAttribute('role') === 'search' || (inputs.length <= 2 && inputs.some((el) =>
    el.type === 'search' || /^(q|s|search|query|keys?|term)$/i.test(el.name || '')));
  return {index, id: form.id || form.getAttribute('name') || '', action: form.action, method: (form.method || 'get').toLowerCase(),
          isSearch, fields: inputs.length};
})
"""

_FIELDS = """
(index) => {
  const form = document.querySelector(`form[data-pixelhound-form="${index}"]`);
  if (!form) return [];
  return Array.from(form.elements).map((el, n) => {
    el.setAttribute('data-pixelhound-field', String(n));
    const label = (el.labels && el.labels[0] && el.labels[0].innerText) || '';
    return {n, tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(), name: el.name || '', id: el.id || '',
            placeholder: el.placeholder || '', label: label.trim().slice(0, 100), autocomplete: el.autocomplete || ''};
  });
}
"""


def value_for(field: dict[str, str], identity: CanaryIdentity) -> str | None:
    """What the canary person would type into this field; None to leave it alone."""
    kind = field["type"]
    if kind in ("hidden", "submit", "button", "reset", "image", "file", "password", "checkbox", "radio"):
        return None
    hint = " ".join(field.get(k, "") for k in ("name", "id", "placeholder", "label", "autocomplete")).lower()
    if kind == "email" or "email" in hint or "e-mail" in hint:
        return identity.email
    if kind == "tel" or re.search(r"phone|mobile|tel\b|telephone", hint):
        return identity.phone
    if re.search(r"first|given|forename", hint):
        return identity.first_name
    if re.search(r"last|surname|family", hint):
        return identity.last_name
    if re.search(r"post.?code|zip", hint):
        return identity.postcode
    if kind == "date" or re.search(r"birth|dob", hint):
        return "1980-01-01" if kind == "date" else "01/01/1980"
    if re.search(r"\bname\b|full.?name|your.?name", hint):
        return f"{identity.first_name} {identity.last_name}"
    if field["tag"] == "select":
        return ""
    if field["tag"] == "textarea" or kind in ("text", "search", ""):
        return "pixelhound canary test"
    return None


async def settle(page: Page, window: float = SCAN_QUIET_SECONDS, since_ms: float | None = None) -> None:
    """Until the page's network has been quiet for `window` (bounded by SCAN_SETTLE_MAX_SECONDS):
    the beacons a load or an action triggers leave, and are labelled with it, before the next.
    `since_ms`: when the action ended, if the caller did work that sends nothing since then."""
    with phase("settle"):
        await activity_of(page).quiet(window, since_ms=since_ms)


async def scroll_to_end(page: Page) -> None:
    with contextlib.suppress(Exception):
        await page.evaluate(_SCROLL)


async def links_on(page: Page) -> list[Link]:
    """The page's links; raises when the page cannot be read (the caller says what that costs).

    No bound of its own (the page's time limit holds): on a loaded machine a start page's links
    took over 5 s to read, and a bound there cut the plan short where waiting loses nothing."""
    return [Link(url, text) for url, text in await page.evaluate(_LINKS)]


def _target(page_url: str, href: str) -> str:
    """The URL a link navigates to ("" for links that load nothing: fragments, tel:, javascript:)."""
    if not href or href.startswith("#") or re.match(r"^(tel|mailto|javascript|sms):", href, re.I):
        return ""
    return urljoin(page_url, href).split("#", 1)[0]


async def click_calls_to_action(page: Page, on_action, clicked: set[str] | None = None,  # noqa: ANN001
                                on_stopped: Callable[[str], None] | None = None,
                                on_shortfall: Shortfall = _ignore) -> list[str]:
    """Press the page's calls to action; `on_action(label)` is told before each click.

    The page's own calls to action are pressed first. A link in the site's header, navigation or
    footer is the same on every page: `clicked` (kept for the whole site) remembers those already
    pressed, so each is pressed once per site and the click budget goes to the page's own buttons.
    A link's navigation request is stopped before it leaves (`on_stopped(url)` is told): never sent.
    A click the page offered and the scan could not make is told to `on_shortfall`."""
    clicked = clicked if clicked is not None else set()
    try:
        ctas: list[dict] = await page.evaluate(_FIND_CTAS, CTA_PATTERN)
    except Exception:  # noqa: BLE001 - a hostile page may refuse evaluation
        return []
    done: list[str] = []
    tried = 0
    for index, cta in enumerate(ctas):
        if tried >= SCAN_MAX_CLICKS_PER_PAGE:
            break
        text = " ".join(str(cta.get("text", "")).split())[:80]
        key = f"{text}\n{cta.get('href', '')}"
        if cta.get("chrome") and key in clicked:
            continue
        label = f"click: {text}"
        on_action(label)
        tried += 1
        if cta.get("chrome"):
            clicked.add(key)
        target = _target(page.url, str(cta.get("href", "")))
        stopper = None
        if target:
            try:
                stopper = await _stop_navigation_to(page, target, on_stopped)
            except Exception as error:  # noqa: BLE001 - without the stop the click would leave the page
                on_shortfall(f"{label}: not done (its navigation could not be held: {type(error).__name__})")
                continue
        selector = f'[data-pixelhound-cta="{index}"]'
        outcome, why = await perform(
            page, selector, "click",
            lambda limit, force, selector=selector: page.click(selector, timeout=limit, force=force, no_wait_after=True),
            SCAN_CLICK_TIMEOUT_SECONDS,
        )
        if outcome is Outcome.DONE:
            done.append(label)
            await settle(page)
        elif outcome is Outcome.FAILED:
            on_shortfall(f"{label}: not done ({why})")
        if stopper is not None:
            with contextlib.suppress(Exception):
                await stopper.send("Fetch.disable")
                await stopper.detach()
    return done


async def _stop_navigation_to(page: Page, target: str, on_stopped: Callable[[str], None] | None) -> CDPSession:
    """Stop the navigation to `target` before its request leaves, so the page stays for the next click
    (an aborted navigation commits nothing). Only document requests to that URL are paused (CDP
    Fetch with one pattern): Playwright's `route` would pause every request of the page while the
    click's own tracker requests are leaving, and delay them past the next action."""
    session = await page.context.new_cdp_session(page)

    async def paused(event: dict) -> None:
        if on_stopped is not None:
            on_stopped(str(event.get("request", {}).get("url", "")).split("#", 1)[0])
        with contextlib.suppress(Exception):
            await session.send("Fetch.failRequest", {"requestId": event["requestId"], "errorReason": "Aborted"})

    session.on("Fetch.requestPaused", lambda event: asyncio.ensure_future(paused(event)))
    pattern = re.sub(r"([*?\\])", r"\\\1", target)
    await session.send("Fetch.enable", {"patterns": [{"urlPattern": pattern, "resourceType": "Document", "requestStage": "Request"}]})
    return session


async def _search_box(page: Page) -> str | None:
    selectors = [
        "form[role=search] input:not([type=hidden])",
        "input[type=search]",
        "input[name=q]",
        "input[name=s]",
        "input[name=search]",
        "input[name=query]",
        "input[name=keys]",
    ]
    for selector in selectors:
        with contextlib.suppress(Exception):
            if await page.locator(selector).first.is_visible(timeout=300):
                return selector
    return None


async def site_search(page: Page, term: str, on_action, on_shortfall: Shortfall = _ignore) -> str | None:  # noqa: ANN001
    """Run the site's own search with the probe term; the label of the action, or None."""
    selector = await _search_box(page)
    if selector is None:
        return None
    label = f"search: {term}"
    on_action(label)
    box = page.locator(selector).first
    outcome, why = await perform(page, selector, "type", lambda limit, force: box.fill(term, timeout=limit, force=force),
                                 SCAN_TYPE_TIMEOUT_SECONDS)
    if outcome is not Outcome.DONE:
        if outcome is Outcome.FAILED:
            on_shortfall(f"{label}: not typed ({why})")
        return None
    try:
        async with page.expect_navigation(timeout=10000, wait_until="load"):
            await box.press("Enter")
    except Exception:  # noqa: BLE001 - searches that do not navigate still ran their handlers
        pass
    await settle(page)
    return label


def _submission_pattern(targets: set[str]) -> re.Pattern[str]:
    """The forms' own targets, whatever their query or fragment, as one regular expression: Playwright
    matches it in its driver, so only a submission reaches Python (a predicate function would bring
    every request of the page through Python while the forms are filled)."""
    alternatives = "|".join(re.escape(target) for target in sorted(targets))
    return re.compile(rf"^(?:{alternatives})(?:[?#].*)?$")


async def _intercept(route: Route, on_intercept) -> None:  # noqa: ANN001
    on_intercept(route.request)
    await route.fulfill(
        status=200,
        content_type="text/html",
        body="<!doctype html><title>Not sent</title><p>pixelhound intercepted this form submission; "
        "the site received nothing.</p>",
    )


async def fill_forms(page: Page, identity: CanaryIdentity, submit_to_site: bool, on_action, on_intercept,  # noqa: ANN001
                     on_shortfall: Shortfall = _ignore) -> list[str]:
    """Fill each non-search form with the canary identity and press its submit control; a field or a
    submit the page offered and the scan could not use is told to `on_shortfall`."""
    try:
        forms = await page.evaluate(_FORMS)
    except Exception:  # noqa: BLE001
        return []
    done = []
    chosen = [f for f in forms if not f["isSearch"] and f["fields"]][:2]
    targets = {f["action"].split("#")[0].split("?")[0] for f in chosen if f["action"]}
    if not submit_to_site and targets:
        # Installed before any field is typed in: turning interception on while a tracker's
        # beacon is leaving (GA4 sends form_start a second after the first keystroke) can cost
        # Playwright that request's event, so the recorder would never see it.
        try:
            await page.route(_submission_pattern(targets), lambda route: _intercept(route, on_intercept))
        except Exception:  # noqa: BLE001 - without the interception nothing may be submitted
            return done
    for form in chosen:
        label = f"form: {form['id'] or form['action']}"
        on_action(label)
        try:
            fields = await page.evaluate(_FIELDS, form["index"])
        except Exception:  # noqa: BLE001 - the page may have navigated away after a previous form
            break
        for field in fields:
            value = value_for(field, identity)
            if value is None:
                continue
            selector = f'form[data-pixelhound-form="{form["index"]}"] [data-pixelhound-field="{field["n"]}"]'
            locator = page.locator(selector)
            if field["tag"] == "select":
                choose = lambda limit, force, locator=locator: locator.select_option(  # noqa: E731
                    index=1, timeout=limit, force=force)
                outcome, why = await perform(page, selector, "choose", choose, SCAN_TYPE_TIMEOUT_SECONDS)
            else:
                type_in = lambda limit, force, locator=locator, value=value: locator.fill(  # noqa: E731
                    value, timeout=limit, force=force)
                outcome, why = await perform(page, selector, "type", type_in, SCAN_TYPE_TIMEOUT_SECONDS)
                if outcome is Outcome.DONE:
                    with contextlib.suppress(Exception):
                        await locator.dispatch_event("change")
                        await locator.dispatch_event("blur")
            if outcome is Outcome.FAILED:
                on_shortfall(f"{label}: field {str(field.get('name') or field.get('id') or field['n'])[:60]} not filled ({why})")
        submit_selector = (
            f'form[data-pixelhound-form="{form["index"]}"] [type=submit], '
            f'form[data-pixelhound-form="{form["index"]}"] button:not([type])'
        )
        submit = page.locator(submit_selector).first
        outcome, why = await perform(page, submit_selector, "click", lambda limit, force: submit.click(timeout=limit, force=force),
                                     SCAN_CLICK_TIMEOUT_SECONDS)
        if outcome is Outcome.DONE:
            done.append(label)
        elif outcome is Outcome.FAILED:
            on_shortfall(f"{label}: not submitted ({why})")
        await settle(page)
    if not submit_to_site and targets:
        with contextlib.suppress(Exception):
            await page.unroute_all(behavior="ignoreErrors")
    return done
