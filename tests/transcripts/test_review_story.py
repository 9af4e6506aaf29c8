"""`make story-from-conversation`: a reviewed conversation as a test story that `rasa test core` replays."""

import json
import urllib.request
import uuid

import pytest
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

import review_fixture as fx
from conftest import run_command
from staff_tools import story_from_conversation, transcripts
from staff_tools.report.steps import rasa
from staff_tools.review.story import file_name


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("story") / "tracker.db")


def export(db, out, conversation, *extra):
    return story_from_conversation.main([conversation, "--db", str(db), "--out", str(out), *extra])


def read_story(path, domain):
    steps = YAMLStoryReader(domain, source_name=str(path)).read_from_file(str(path))
    assert len(steps) == 1
    return [e for e in steps[0].events if not (isinstance(e, ActionExecuted) and e.action_name == "action_listen")]


def test_story_follows_the_test_story_format(tracker_db, tmp_path, domain):
    assert export(tracker_db, tmp_path, "conv-safety", "--name", "Warfarin then numb legs") == 0
    path = tmp_path / "test_warfarin_then_numb_legs.yml"
    text = path.read_text()
    assert fx.EMAIL not in text and fx.PHONE not in text
    assert "answer_feedback" not in text  # the page's feedback is not dialogue
    events = read_story(path, domain)
    summary = [
        (e.text, e.intent.get("full_retrieval_intent_name") or e.intent_name)
        if isinstance(e, UserUttered)
        else ("action", e.action_name)
        if isinstance(e, ActionExecuted)
        else ("slot", e.key, e.value)
        for e in events
    ]
    assert summary == [
        ("I'm on warfarin, my email is [email]", "faq/precautions"),
        ("action", "action_safety_referral"),
        ("slot", "safety_referral", "caution"),
        ("can someone call me on [phone]", "contact_clinic"),
        ("action", "utter_contact_clinic"),
        ("I can't feel my legs and I wet myself", "faq/sciatica"),
        ("action", "action_emergency_referral"),
        ("slot", "safety_referral", "emergency"),
    ]
    assert all(isinstance(e, (UserUttered, ActionExecuted, SlotSet)) for e in events)


def test_unsure_turns_are_marked_for_checking(tracker_db, tmp_path):
    assert export(tracker_db, tmp_path, "conv-drive") == 0
    text = (tmp_path / "test_conversation_conv_drive.yml").read_text()
    assert "intent: faq/session_what_to_expect  # CHECK: understood with confidence 0.41" in text
    assert "intent: greet  # understood with confidence 0.99" in text
    assert "email me at" not in text  # the feedback comment stays out


def test_existing_story_is_not_overwritten(tracker_db, tmp_path, capsys):
    assert export(tracker_db, tmp_path, "conv-fallback", "--name", "off topic") == 0
    path = tmp_path / "test_off_topic.yml"
    path.write_text(path.read_text().replace("intent: nlu_fallback", "intent: out_of_scope"))
    assert export(tracker_db, tmp_path, "conv-fallback", "--name", "off topic") == 1
    assert "already exists" in capsys.readouterr().err
    assert "intent: out_of_scope  #" in path.read_text().split("blorp zzz")[1]
    assert export(tracker_db, tmp_path, "conv-fallback", "--name", "off topic", "--force") == 0
    assert "intent: nlu_fallback" in path.read_text()


def test_unknown_conversation_and_odd_names(tracker_db, tmp_path, capsys):
    assert export(tracker_db, tmp_path, "no-such-conversation") == 1
    assert export(tracker_db, tmp_path, fx.PHONE_SENDER) == 0
    assert not any("447700900456" in p.name for p in tmp_path.iterdir())
    assert file_name("../../etc/passwd") == "test_etc_passwd.yml"
    assert file_name("test_Driving home!") == "test_driving_home.yml"


def add_feedback(server, sender, helpful, topic):
    """What the chat page's "Did this help?" stores: a SlotSet in the conversation (via the HTTP API)."""
    body = json.dumps({"event": "slot", "name": "answer_feedback", "value": {"helpful": helpful, "topic": topic}})
    request = urllib.request.Request(
        f"{server.url}/conversations/{sender}/tracker/events?token={server.token}",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


@pytest.mark.live
def test_live_conversation_exported_as_story_replays_green(live_server, tmp_path, root):
    sender = f"review-{uuid.uuid4().hex[:8]}"
    live_server.say(sender, "hello")
    live_server.say(sender, "does acupuncture hurt?")
    add_feedback(live_server, sender, True, "faq/does_it_hurt")
    live_server.say(sender, "I'm on warfarin, how many sessions would I need?")

    out = tmp_path / "transcripts"
    assert transcripts.main(["--db", str(live_server.tracker_db), "--out", str(out), "--conversation", sender]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["turns"] == 3
    assert summary["feedback"]["by_topic"] == {"faq/does_it_hurt": {"helpful": 1, "not_helpful": 0}}
    assert summary["safety_referrals"]["by_level"]["caution"] == 1

    stories = tmp_path / "stories"
    assert story_from_conversation.main([sender, "--db", str(live_server.tracker_db), "--out", str(stories)]) == 0
    story = next(stories.glob("test_*.yml"))
    text = story.read_text()
    assert "action: action_safety_referral" in text and "safety_referral: caution" in text
    assert "intent: faq/does_it_hurt" in text and "action: utter_faq" in text

    args = ["core", "--stories", str(story), "--model", "models/assistant.tar.gz", "--out", str(tmp_path / "results")]
    result = run_command(rasa("test", *args, "--fail-on-prediction-errors"), timeout=900)
    failed = tmp_path / "results" / "failed_test_stories.yml"
    assert result.returncode == 0, (failed.read_text() if failed.exists() else "") + result.stderr[-3000:]
    assert "None of the test stories failed" in failed.read_text()
