"""Seeded generator of bad and odd requests to the REST webhook, each with the answer it must get.

`bad_requests(count, good_senders, seed)` returns `count` Probes covering every kind below at least
once. Requests that must be rejected (or that carry no text) may use the sender id of a good
conversation: they must leave that conversation's tracker untouched.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import yaml

INPUTS = yaml.safe_load((Path(__file__).parent / "inputs.yml").read_text(encoding="utf-8"))
JSON = "application/json"
ANSWERED, REJECTED, WRONG_METHOD = 200, 400, 405


@dataclass(frozen=True)
class Probe:
    kind: str
    body: bytes
    expect: int  # ANSWERED: a list of replies; REJECTED / WRONG_METHOD: a JSON object with "error"
    method: str = "POST"
    content_type: Optional[str] = JSON
    sender: Optional[str] = None  # set when the request reaches that conversation's tracker
    text: Optional[str] = None  # the message text, for requests that must be answered


def _json(obj) -> bytes:
    return json.dumps(obj).encode()


def _message(sender: str, text) -> bytes:
    return _json({"sender": sender, "message": text})


class Generator:
    def __init__(self, rng: random.Random, good_senders: Sequence[str]) -> None:
        self.rng = rng
        self.good_senders = list(good_senders)
        self.count = 0

    def own_sender(self) -> str:
        self.count += 1
        return f"odd-{self.count}-{self.rng.randrange(10**6)}"

    def any_sender(self) -> str:
        """A good conversation's id half the time: rejected requests must not reach its tracker."""
        return self.rng.choice(self.good_senders) if self.rng.random() < 0.5 else self.own_sender()

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(INPUTS["words"]) for _ in range(n))

    def answered(self, kind: str, text: str, content_type: Optional[str] = JSON) -> Probe:
        sender = self.own_sender()
        return Probe(kind, _message(sender, text), ANSWERED, content_type=content_type, sender=sender, text=text)

    # --- rejected with 400 ---------------------------------------------------------------
    def empty_body(self) -> Probe:
        return Probe("empty body", b"", REJECTED)

    def whitespace_body(self) -> Probe:
        return Probe("whitespace body", self.rng.choice([b" ", b"\n", b"\t \r\n"]) * self.rng.randint(1, 50), REJECTED)

    def invalid_utf8(self) -> Probe:
        junk = bytes(self.rng.randrange(0x80, 0x100) for _ in range(self.rng.randint(1, 40))) + b"\xff"
        template = self.rng.choice([b'{"sender": "%s", "message": "%s"}', b"%s%s"])
        return Probe("invalid UTF-8", template % (self.any_sender().encode(), junk), REJECTED)

    def malformed_json(self) -> Probe:
        good = _message(self.any_sender(), self.words(5)).decode()
        candidates = [
            good[: self.rng.randint(1, len(good) - 1)],
            good.replace('"', "'"),
            good[:-1] + ",}",
            good.replace(":", " ", 1),
            "{" * self.rng.randint(1, 30),
            "{sender: a, message: hi}",
            good + good,
        ]
        body = self.rng.choice(candidates)
        try:
            json.loads(body)
            body = body + "}"  # a cut that happened to be valid: make it invalid
        except ValueError:
            pass
        return Probe("malformed JSON", body.encode(), REJECTED)

    def top_level_not_object(self) -> Probe:
        body = self.rng.choice(
            ["[]", "[1, 2]", "42", "-3.5e9", "null", "true", '"hello"', '[{"sender": "a", "message": "hi"}]']
        )
        return Probe("JSON not an object", body.encode(), REJECTED)

    def message_wrong_type(self) -> Probe:
        value = self.rng.choice([42, 3.14, True, False, ["does it hurt"], {"text": "hi"}, {"a": {"b": {"c": [1]}}}, []])
        return Probe("message of the wrong type", _message(self.any_sender(), value), REJECTED)

    def sender_wrong_type(self) -> Probe:
        sender = self.rng.choice([None, True, [], ["a"], {"id": "a"}, "", "   ", "\n"])
        return Probe("sender of the wrong type", _json({"sender": sender, "message": self.words(4)}), REJECTED)

    def missing_sender(self) -> Probe:
        return Probe("missing sender", _json({"message": self.words(4)}), REJECTED)

    def huge_sender(self) -> Probe:
        return Probe("huge sender id", _message("s" * self.rng.randint(129, 20_000), "hi"), REJECTED)

    def sender_with_control_chars(self) -> Probe:
        sender = "user" + self.rng.choice(["\n", "\r\n", "\x1b[31m", "\x07", "\x00"]) + "x"
        return Probe("sender with control characters", _message(sender, "hi"), REJECTED)

    def metadata_wrong_type(self) -> Probe:
        body = _json({"sender": self.any_sender(), "message": "hi", "metadata": self.rng.choice([[], "x", 1, True])})
        return Probe("metadata not an object", body, REJECTED)

    def form_encoded(self) -> Probe:
        return Probe(
            "form-encoded body",
            b"sender=a&message=does+it+hurt",
            REJECTED,
            content_type="application/x-www-form-urlencoded",
        )

    def unreadable_json(self) -> Probe:
        depth = self.rng.randint(5_000, 50_000)
        body = self.rng.choice(["[" * depth + "]" * depth, '{"sender": ' + "9" * self.rng.randint(5_000, 20_000) + "}"])
        return Probe("JSON too deep or number too long", body.encode(), REJECTED)

    # --- other methods: 405 ----------------------------------------------------------------
    def wrong_method(self) -> Probe:
        method = self.rng.choice(["GET", "PUT", "PATCH", "DELETE"])
        body = b"" if method in ("GET", "DELETE") else _message(self.any_sender(), "hi")
        return Probe(f"{method} method", body, WRONG_METHOD, method=method)

    # --- answered with 200 -----------------------------------------------------------------
    def empty_message(self) -> Probe:
        body = self.rng.choice(
            [
                _message("{s}", ""),
                _message("{s}", "  \n\t "),
                _message("{s}", None),
                _json({"sender": "{s}"}),
                _message("{s}", "\x00\x01"),
            ]
        )
        return Probe("empty message", body.replace(b"{s}", self.any_sender().encode()), ANSWERED)

    def long_text(self) -> Probe:
        words = self.words(30)
        return self.answered("100 KB text", (words + " ") * (100_000 // (len(words) + 1)))

    def odd_text(self, group: str) -> Callable[[], Probe]:
        return lambda: self.answered(group, self.rng.choice(INPUTS["odd_texts"][group]))

    def control_chars(self) -> Probe:
        words = self.words(6).split()
        for _ in range(3):
            words.insert(
                self.rng.randrange(len(words)), self.rng.choice(["\x00", "\x1b[2J", "\x07", "\x08", "\x7f", "\r"])
            )
        return self.answered("control characters", " ".join(words))

    def lone_surrogate(self) -> Probe:
        sender = self.own_sender()
        body = ('{"sender": "%s", "message": "does it hurt \\ud83d \\udc00 %s"}' % (sender, self.words(3))).encode()
        return Probe("lone surrogate escapes", body, ANSWERED, sender=sender)

    def odd_content_type(self) -> Probe:
        content_type = self.rng.choice(["text/plain", "application/xml", None, "multipart/form-data", "*/*"])
        return self.answered("odd content type", "how long is a session?", content_type=content_type)

    def extra_fields(self) -> Probe:
        sender = self.own_sender()
        body = _json(
            {
                "sender": sender,
                "message": "is it safe?",
                "metadata": {"page": "/faq", "n": [1, {"x": None}]},
                "extra": {"deep": [[[[]]]]},
                "sender_name": "<b>x</b>",
            }
        )
        return Probe("extra fields and metadata", body, ANSWERED, sender=sender, text="is it safe?")

    def kinds(self) -> Dict[str, Callable[[], Probe]]:
        kinds = {
            name: getattr(self, name)
            for name in [
                "empty_body",
                "whitespace_body",
                "invalid_utf8",
                "malformed_json",
                "top_level_not_object",
                "message_wrong_type",
                "sender_wrong_type",
                "missing_sender",
                "huge_sender",
                "sender_with_control_chars",
                "metadata_wrong_type",
                "form_encoded",
                "unreadable_json",
                "wrong_method",
                "empty_message",
                "long_text",
                "control_chars",
                "lone_surrogate",
                "odd_content_type",
                "extra_fields",
            ]
        }
        kinds.update({group: self.odd_text(group) for group in INPUTS["odd_texts"]})
        return kinds


# How often each kind is drawn after every kind has appeared once. Requests refused before the model
# cost the server almost nothing; those that reach the model cost ~50 ms each (a 5,000-character one more),
# so they are drawn less often to keep a 1,000-request run well under a minute.
REFUSED_WEIGHT = 3.0
MODEL_WEIGHTS = {
    "languages": 2,
    "unicode": 1,
    "markup": 1,
    "sql": 1,
    "intent_injection": 0.5,
    "control_chars": 0.5,
    "lone_surrogate": 0.5,
    "odd_content_type": 0.5,
    "extra_fields": 0.5,
    "long_text": 0.2,
}


def bad_requests(count: int, good_senders: Sequence[str], seed: int = 6) -> List[Probe]:
    rng = random.Random(seed)
    generator = Generator(rng, good_senders)
    kinds = generator.kinds()
    names = list(kinds)
    probes = [kinds[name]() for name in names]
    weights = [MODEL_WEIGHTS.get(name, REFUSED_WEIGHT) for name in names]
    while len(probes) < count:
        probes.append(kinds[rng.choices(names, weights)[0]]())
    rng.shuffle(probes)
    return probes


def good_conversations(count: int, prefix: str = "good") -> Dict[str, List[str]]:
    """`count` conversations (id -> turns), cycling through the scripts in inputs.yml."""
    scripts = INPUTS["conversations"]
    return {f"{prefix}-{i}": list(scripts[i % len(scripts)]) for i in range(count)}
