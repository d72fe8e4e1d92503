"""Pinterest Tag decoding: the real `/user/` and `/v3/` requests with a hashed email, and event
data (search, line items) as GET and as a form POST."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import pinterest
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_URL, PARAMETER, REFERRER, SEARCH_TERM

IDAHO = "idaho-yourhealthidaho.org"
NEVADA = "nevada-nevadahealthlink.com"
HASH = "24aba99b2defbb47ee981b4200313f61f3ae31541d8717bdac1e463c838939b0"


@pytest.mark.parametrize(
    ("site", "tag", "page"),
    [(IDAHO, "2613441547282", "https://www.yourhealthidaho.org/"), (NEVADA, "2613373493470", "https://www.nevadahealthlink.com/")],
)
def test_real_init_and_user_sync(site: str, tag: str, page: str) -> None:
    (user,) = realworld_captures(site, "ct.pinterest.com/user/")
    (init,) = realworld_captures(site, "ct.pinterest.com/v3/")
    (user_draft,) = pinterest.decode(ParsedRequest(user))
    (init_draft,) = pinterest.decode(ParsedRequest(init))
    assert (user_draft.event, user_draft.account) == ("user", tag)
    assert (init_draft.event, init_draft.account) == ("init", tag)
    assert field(init_draft, "event").name == EVENT
    for draft in (user_draft, init_draft):
        email = identifier(draft, "pd.em")
        assert (email.kind, email.value) == ("hashed_email", HASH)
    assert init_draft.page_url == page
    assert field(init_draft, "ad.loc").name == PAGE_URL
    assert field(init_draft, "ad.is_eu").value == "true"
    assert field(user_draft, "dep").value == "2,PAGE_LOAD"
    assert not user_draft.page_url


def test_every_routed_real_capture_decodes() -> None:
    routed = routed_captures("pinterest")
    assert len(routed) == 4
    for site, capture in routed:
        (draft,) = pinterest.decode(ParsedRequest(capture))
        assert draft.event in {"init", "user"} and draft.account.isdigit(), (site, capture.url)


def _search_params() -> dict[str, str]:
    return {
        "tid": "2612345678901",
        "event": "search",
        "ed": json.dumps({"search_query": "vasectomy near me", "line_items": [{"product_name": "Vasectomy consult", "product_price": 0}]}),
        "ad": json.dumps({"loc": "https://clinic.test/search?q=vasectomy", "ref": "https://clinic.test/", "if": False}),
        "pd": json.dumps({"em": "jane@example.com", "external_id": "user-77", "np": "gtm"}),
        "cb": "1745853773205",
    }


def _assert_search(draft) -> None:
    assert (draft.event, draft.account) == ("search", "2612345678901")
    term = field(draft, "ed.search_query")
    assert (term.name, term.value) == (SEARCH_TERM, "vasectomy near me")
    item = field(draft, "ed.line_items[0].product_name")
    assert (item.name, item.value) == (CUSTOM_DATA, "Vasectomy consult")
    assert field(draft, "ad.ref").name == REFERRER
    assert draft.page_url == "https://clinic.test/search?q=vasectomy"
    assert identifier(draft, "pd.em").kind == "email"  # sent unhashed
    assert identifier(draft, "pd.external_id").kind == "external_id"
    assert field(draft, "pd.np").name == PARAMETER


def test_search_event_get() -> None:
    (draft,) = pinterest.decode(make_request("https://ct.pinterest.com/v3/?" + urlencode(_search_params())))
    _assert_search(draft)


def test_search_event_form_post() -> None:
    body = urlencode(_search_params())
    req = make_request("https://ct.pinterest.com/v3/", "POST", body, "application/x-www-form-urlencoded")
    (draft,) = pinterest.decode(req)
    _assert_search(draft)


def test_json_parameter_that_does_not_parse_is_listed_as_sent() -> None:
    (draft,) = pinterest.decode(make_request("https://ct.pinterest.com/v3/?tid=1&event=lead&ed=%7Bbroken"))
    assert field(draft, "ed").value == "{broken"


def test_request_without_parameters_reports_nothing() -> None:
    assert pinterest.decode(make_request("https://ct.pinterest.com/v3/")) == []
