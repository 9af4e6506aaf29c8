"""The HTTP API answers only with the token; browsers may call only from the clinic's allowed origins.

(tests/live/test_bad_input.py checks one tracker URL without a token and CORS on a plain POST.)
"""

import json
import urllib.error
import urllib.request

import pytest

from assistant import clinic_settings

pytestmark = pytest.mark.live
WEBHOOK = "/webhooks/rest/webhook"

# (method, path, JSON body): every route of Rasa's HTTP API that reads or changes conversations or the model
PROTECTED = [
    ("GET", "/status", None),
    ("GET", "/domain", None),
    ("GET", "/conversations/api-check/tracker", None),
    ("GET", "/conversations/api-check/story", None),
    ("POST", "/conversations/api-check/messages", {"text": "hello", "sender": "user"}),
    ("POST", "/conversations/api-check/tracker/events", {"event": "slot", "name": "x", "value": 1}),
    ("PUT", "/conversations/api-check/tracker/events", []),
    ("POST", "/conversations/api-check/execute", {"name": "utter_greet"}),
    ("POST", "/conversations/api-check/trigger_intent", {"name": "greet"}),
    ("POST", "/conversations/api-check/predict", None),
    ("POST", "/model/parse", {"text": "does acupuncture hurt"}),
    ("POST", "/model/train", None),
    ("POST", "/model/test/intents", None),
    ("POST", "/model/test/stories", None),
    ("POST", "/model/predict", None),
    ("PUT", "/model", {"model_file": "/tmp/none.tar.gz"}),
    ("DELETE", "/model", None),
]
# With the token these must work (2xx), or for train: get past the check to "no training data" (400), not train
WORKS_WITH_TOKEN = {
    ("GET", "/status"): 200,
    ("GET", "/domain"): 200,
    ("GET", "/conversations/api-check/tracker"): 200,
    ("GET", "/conversations/api-check/story"): 200,
    ("POST", "/conversations/api-check/messages"): 200,
    ("POST", "/model/parse"): 200,
    ("POST", "/model/train"): 400,
}


@pytest.fixture(scope="module", autouse=True)
def conversation(live_server):
    """The conversation the API calls read (its story needs at least one turn)."""
    live_server.say("api-check", "hello")


def call(server, method, path, body=None, token=None, headers=None):
    url = server.url + path + (f"?token={token}" if token is not None else "")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers


@pytest.mark.parametrize("method,path,body", PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
@pytest.mark.parametrize("token", [None, "", "wrong-token"], ids=["no token", "empty token", "wrong token"])
def test_api_refuses_without_the_right_token(live_server, method, path, body, token):
    status, raw, _ = call(live_server, method, path, body, token=token)
    assert status in (401, 403), (status, raw[:200])


def test_api_refuses_the_token_in_a_header_it_does_not_check(live_server):
    status, _, _ = call(live_server, "GET", "/status", headers={"Authorization": f"Bearer {live_server.token}"})
    assert status in (401, 403)


@pytest.mark.parametrize("method,path", list(WORKS_WITH_TOKEN), ids=[f"{m} {p}" for m, p in WORKS_WITH_TOKEN])
def test_api_works_with_the_token(live_server, method, path):
    body = {(m, p): b for m, p, b in PROTECTED}[(method, path)]
    status, raw, _ = call(live_server, method, path, body, token=live_server.token)
    assert status == WORKS_WITH_TOKEN[(method, path)], raw[:300]
    if status == 200:
        assert raw.strip()  # JSON, or YAML for the story


def test_the_tracker_read_with_the_token_holds_the_message_sent_through_the_api(live_server):
    call(
        live_server,
        "POST",
        "/conversations/api-check-2/messages",
        {"text": "does it hurt", "sender": "user"},
        token=live_server.token,
    )
    status, raw, _ = call(live_server, "GET", "/conversations/api-check-2/tracker", token=live_server.token)
    assert status == 200
    assert [e["text"] for e in json.loads(raw)["events"] if e["event"] == "user"] == ["does it hurt"]


def allowed_origin() -> str:
    return clinic_settings.load().allowed_origins[0]


@pytest.mark.parametrize(
    "origin,allowed",
    [
        (None, True),
        ("https://evil.example", False),
        ("null", False),
        ("http://localhost:5005.evil.example", False),
    ],
)
def test_cors_preflight_only_for_allowed_origins(live_server, origin, allowed):
    origin = origin or allowed_origin()
    status, _, headers = call(
        live_server,
        "OPTIONS",
        WEBHOOK,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status < 500
    assert (headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert headers.get("Access-Control-Allow-Origin") != "*"


def test_api_answers_carry_no_cors_grant_for_other_origins(live_server):
    _, _, headers = call(
        live_server, "GET", "/status", token=live_server.token, headers={"Origin": "https://evil.example"}
    )
    assert headers.get("Access-Control-Allow-Origin") in (None, "")
