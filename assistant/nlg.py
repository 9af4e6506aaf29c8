"""Response generator that fills clinic details into the domain's answers.

Configured in endpoints.yml (`nlg: type: assistant.nlg.ClinicResponseGenerator`).
Answers say `{clinic_phone}`, `{emergency_number}`, ...; the values come from the
clinic settings file, which also picks each answer's variation for the clinic's country
(assistant/country_answers.py). The file is read at start (a broken one stops the server instead
of giving a wrong answer) and again whenever it changes (clinic_settings.current()). Because this
runs inside the Rasa server, the emergency fallback answer is filled in even
when the action server is down.

Each answer is then shaped for the channel it goes to (assistant/channels/formatting.py): on SMS,
for example, Markdown becomes plain text and buttons become a list in the text.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from assistant import clinic_settings
from assistant.country_answers import for_country
from assistant.channels import formatting
from assistant.names import CAUTION, EMERGENCY, EMERGENCY_FALLBACK, SAFETY_FALLBACK, is_web_chat

# The referral advice SafetyPolicy gives itself when a referral action fails (action server down).
# The chat page makes it stand out like the actions' referrals, from the same marker.
FALLBACK_SAFETY_LEVELS = {EMERGENCY_FALLBACK: EMERGENCY, SAFETY_FALLBACK: CAUTION}


class ClinicResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config=None, domain=None, settings=None) -> None:
        self.follow_file = settings is None  # None: follow settings/clinic.yml as it changes
        self.settings = settings or clinic_settings.current()
        super().__init__(domain.responses if domain else {})  # sets self.responses for that country
        self.clinic_values = self.settings.placeholders()

    @property
    def responses(self) -> Dict[Text, List[Dict[Text, Any]]]:
        return self._for_country

    @responses.setter
    def responses(self, responses: Dict[Text, List[Dict[Text, Any]]]) -> None:
        # Rasa's Agent sets `nlg.responses = domain.responses` again after loading a model: keep
        # every variation, and answer from the clinic country's ones.
        self.all_responses = responses or {}
        self._for_country = for_country(self.all_responses, self.settings.country.code)

    def _use(self, settings: clinic_settings.ClinicSettings) -> None:
        self.settings = settings
        self.responses = self.all_responses  # the setter picks the variations for the new country
        self.clinic_values = settings.placeholders()

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        if self.follow_file:
            latest = clinic_settings.current()
            if latest is not self.settings:
                self._use(latest)
        # Clinic values win over slots of the same name: they are not user-settable.
        filled = {**tracker.current_slot_values(), **self.clinic_values}
        reply = self.generate_from_slots(utter_action, filled, output_channel, **kwargs)
        if not reply:
            return reply
        metadata = tracker.latest_message.metadata if tracker.latest_message else None
        if utter_action in FALLBACK_SAFETY_LEVELS and is_web_chat(metadata):
            reply = {**reply, "custom": {"safety_level": FALLBACK_SAFETY_LEVELS[utter_action]}}
        return formatting.for_channel(reply, output_channel)
