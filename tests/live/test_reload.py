"""`make reload` switches the running server to the model file without a restart (Rasa's PUT /model)."""

import pytest

from conftest import run_module

pytestmark = pytest.mark.live


def reload(live_server, token):
    return run_module("dev_tools.reload", env={"RASA_PORT": str(live_server.rasa_port), "RASA_AUTH_TOKEN": token})


def test_reload_loads_the_model_and_the_conversation_goes_on(live_server):
    sender = "reload"
    live_server.say(sender, "what is acupuncture")
    result = reload(live_server, live_server.token)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reload: done" in result.stdout
    replies = live_server.say(sender, "does it hurt?")
    assert "tingl" in replies[0]["text"]
    users = [e for e in live_server.tracker(sender)["events"] if e["event"] == "user"]
    assert len(users) == 2  # the conversation before the reload is still there


def test_reload_with_a_wrong_token_is_a_clear_error(live_server):
    result = reload(live_server, "not-the-token")
    assert result.returncode != 0
    assert "refused the API token" in result.stderr
