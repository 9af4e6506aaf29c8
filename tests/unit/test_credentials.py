"""The effective credentials file: platforms switched on by their environment variables (dev_tools/credentials.py)."""

import stat

import pytest
from rasa.core.run import create_http_input_channels

from conftest import run_module
from dev_tools import credentials

PLATFORM_VARIABLES = {
    "TELEGRAM_TOKEN": "123:abc",
    "TELEGRAM_BOT_USERNAME": "clinic_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.clinic.example/webhooks/telegram/webhook",
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": "slack-secret",
    "FACEBOOK_VERIFY_TOKEN": "verify-me",
    "FACEBOOK_APP_SECRET": "fb-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "EAAB-test",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "TWILIO_SMS_NUMBER": "+15550001111",
    "TWILIO_WHATSAPP_NUMBER": "+15550002222",
}


@pytest.fixture(scope="module")
def base(root):
    return credentials.load(root / "credentials.yml")


@pytest.fixture(scope="module")
def platforms(root):
    return credentials.load(root / "credentials.platforms.yml")


def test_without_platform_variables_only_the_base_channels_start(base, platforms):
    effective, notes = credentials.build(base, platforms, {})
    assert effective == base and "assistant.rest_channel.SafeRestInput" in effective
    assert notes == []


def test_every_platform_section_loads_in_rasa_when_its_variables_are_set(base, platforms, tmp_path):
    effective, notes = credentials.build(base, platforms, PLATFORM_VARIABLES)
    assert notes == [] and set(effective) == set(base) | set(platforms)
    assert "${" not in str(effective)
    assert effective["assistant.channels.twilio.TwilioWhatsAppInput"]["twilio_number"] == "whatsapp:+15550002222"
    assert effective["assistant.channels.slack.SlackInput"]["api_url"] == "https://www.slack.com/api/"  # the default
    path = tmp_path / "effective.yml"
    credentials.write_private(path, effective)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Rasa reads the file exactly as `rasa run` does and builds every channel from it
    names = {channel.name() for channel in create_http_input_channels(None, str(path))}
    assert {"rest", "telegram", "slack", "facebook", "twilio", "twilio_whatsapp"} <= names


def test_a_half_configured_platform_stays_off_with_a_note(base, platforms):
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "TWILIO_ACCOUNT_SID": "AC1",
        "TWILIO_AUTH_TOKEN": "twilio-token",
        "TWILIO_SMS_NUMBER": "+15550001111",
    }
    effective, notes = credentials.build(base, platforms, env)
    assert "assistant.channels.slack.SlackInput" not in effective
    assert "assistant.channels.twilio.TwilioSmsInput" in effective
    assert notes == [
        "SlackInput stays off until SLACK_SIGNING_SECRET is set",
        "TwilioWhatsAppInput stays off until TWILIO_WHATSAPP_NUMBER is set",
    ]
    assert not any(value in " ".join(notes) for value in env.values())  # names only, never values


def test_optional_values_take_their_default_unless_set():
    section = {"s": {"token": "${T}", "url": "${URL:-https://api.example}", "hook": "${HOOK:-}"}}
    assert credentials.required_variables(section["s"]) == ["T"]
    effective, _ = credentials.build({}, section, {"T": "x"})
    assert effective["s"] == {"token": "x", "url": "https://api.example", "hook": ""}
    effective, _ = credentials.build({}, section, {"T": "x", "URL": "http://127.0.0.1:9"})
    assert effective["s"]["url"] == "http://127.0.0.1:9"


def test_base_channels_must_have_their_variables(tmp_path):
    with pytest.raises(credentials.CredentialsError, match="NEEDED"):
        credentials.build({"rest": {"key": "${NEEDED}"}}, {}, {})
    with pytest.raises(credentials.CredentialsError, match="both"):
        credentials.build({"rest": None}, {"rest": {"a": "${A}"}}, {"A": "1"})


@pytest.mark.parametrize("content", ["rest: [unclosed", "- a list", "rest: just text", "\xff\xfe"])
def test_a_broken_file_is_a_clear_error_not_a_traceback(tmp_path, root, content):
    broken = tmp_path / "broken.yml"
    broken.write_bytes(content.encode("latin-1"))
    with pytest.raises(credentials.CredentialsError):
        credentials.load(broken)
    run = run_module("dev_tools.credentials", root / "credentials.yml", broken, "--out", tmp_path / "out.yml")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("run: credentials:") and "broken.yml" in run.stderr


def test_the_command_reports_channels_by_name_only(tmp_path, root):
    out = tmp_path / "out.yml"
    platforms = root / "credentials.platforms.yml"
    run = run_module("dev_tools.credentials", root / "credentials.yml", platforms, "--out", out, env=PLATFORM_VARIABLES)
    assert run.returncode == 0, run.stderr
    assert "channels on: SafeRestInput" in run.stderr and "TwilioSmsInput" in run.stderr
    assert not any(value in run.stderr for value in PLATFORM_VARIABLES.values())
    assert "slack-secret" in out.read_text()
