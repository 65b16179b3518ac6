"""The committed Webflow client (generated/webflow) run the way issue 22 found it wanting:
a listing past Webflow's cap of 100, the response behind a call, errors with the request
id, the User-Agent and an injected client's timeout. Each runs in a fresh interpreter in
the package's folder, as a user's program would."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

WEBFLOW = ROOT / "generated" / "webflow"
PRELUDE = """
import json, warnings
import httpx
import webflow

ITEMS = [{"id": str(i), "fieldData": {"name": f"item {i}", "slug": f"item-{i}"}} for i in range(250)]
seen = []

def answer(request):
    seen.append(request)
    if request.url.path.endswith("/items"):
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        page = ITEMS[offset:offset + min(limit, 100)]  # Webflow answers at most 100
        return httpx.Response(200, json={"items": page, "pagination": {"limit": 100, "offset": offset, "total": 250}})
    if request.url.path.endswith("/missing"):
        return httpx.Response(404, json={"code": "resource_not_found", "message": "Requested resource not found"},
                              headers={"x-request-id": "req-404"})
    return httpx.Response(200, json={"id": "s1"}, headers={"X-RateLimit-Remaining": "59", "x-request-id": "req-1"})

http = httpx.Client(transport=httpx.MockTransport(answer), timeout=5.0)
client = webflow.Client(token="t", http_client=http)
"""


def run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PRELUDE + code], cwd=WEBFLOW, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def test_a_page_size_above_webflows_cap_still_lists_every_item() -> None:
    out = run("""
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    page = client.collections.items.list_items_all("c1", page_size=200)
items = list(page)
print(len(items), len(seen), page.total, [r.url.params["limit"] for r in seen][0])
print(caught[0].message)
""")
    assert out == ["250 3 250 100", "page_size=200 is more than this listing allows; using 100"]


def test_the_response_behind_a_call_and_errors_with_the_request_id() -> None:
    out = run("""
response = client.sites.with_raw_response.get("s1")
print(response.status_code, response.headers["x-ratelimit-remaining"], response.request_id, response.parse().id)
print(seen[-1].headers["user-agent"].split(" ")[0], client._http.settings.timeout)
try:
    client.sites.get("missing")
except webflow.NotFoundError as error:
    print(error.request_id, error.code, error.api_message)
""")
    assert out == ["200 59 req-1 s1", "webflow-client/0.1.0 Timeout(timeout=5.0)",
                   "req-404 resource_not_found Requested resource not found"]
