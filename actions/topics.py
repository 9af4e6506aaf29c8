"""Topic actions: ask which topic was meant, and answer a follow-up with the last topic.

- action_did_you_mean: the two best topics were too close to choose (TopicPolicy decides, with
  assistant/dialogue/clarify.py). It offers a button for each, plus "Something else"; a button
  sends that topic's plain question (content/topics.yml), which the NLU answers as usual.
- action_answer_follow_up: a short turn that only makes sense after the last answer ("is that
  normal?", "how soon?") gets that answer's topic again; with no earlier answer it asks what
  the person would like to know.
- action_answer_second_question: a message with two questions about different topics got the
  first answer; this answers the other one, in the same turn, or offers it as a button when its
  topic is unsure (assistant/two_questions.py).
Each returns a slot event (`offered_topics` or `last_topic`): TopicPolicy reads it as "the action
worked", as SafetyPolicy reads `safety_referral`.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.dialogue import topic_buttons
from assistant.dialogue.topics import last_answered_topic, sub_topic_of, topic_ranking
from assistant.names import (
    DID_YOU_MEAN_ACTION,
    FAQ_RESPONSE_PREFIX,
    FOLLOW_UP_ACTION,
    LAST_TOPIC_SLOT,
    OFFERED_TOPICS_SLOT,
    SECOND_QUESTION_ACTION,
)
from assistant.two_questions import pending_part

# Loaded when the action server starts: a broken topics file stops it with a clear error.
MESSAGES, BUTTONS = topic_buttons.load_all()
SOMETHING_ELSE = {"title": "Something else", "payload": "/deny"}
CHOICES = 2
# below this the second question's topic is offered as a button instead of answered (the same
# bar as "Did you mean...?": TopicPolicy's max_confidence in config.yml)
SECOND_QUESTION_MIN_CONFIDENCE = 0.5


class ActionDidYouMean(Action):
    def name(self) -> Text:
        return DID_YOU_MEAN_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        ranking = [name for name, _ in topic_ranking(tracker.latest_message or {}) if name in BUTTONS]
        choices = ranking[:CHOICES]
        if len(choices) < 2:  # nothing to choose between: answer the best guess, or ask again
            dispatcher.utter_message(response=_response_for(choices[0]) if choices else "utter_default")
            return [SlotSet(LAST_TOPIC_SLOT, choices[0])] if choices else [SlotSet(OFFERED_TOPICS_SLOT, [])]
        buttons = [{"title": BUTTONS[t].title, "payload": BUTTONS[t].question} for t in choices]
        dispatcher.utter_message(text=MESSAGES["did_you_mean"], buttons=buttons + [SOMETHING_ELSE])
        return [SlotSet(OFFERED_TOPICS_SLOT, choices)]


class ActionAnswerFollowUp(Action):
    def name(self) -> Text:
        return FOLLOW_UP_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        topic = last_answered_topic(tracker.events or [])
        if topic:
            dispatcher.utter_message(response=_response_for(topic))
        else:
            dispatcher.utter_message(text=MESSAGES["follow_up_without_topic"])
        return [SlotSet(LAST_TOPIC_SLOT, topic)]


class ActionAnswerSecondQuestion(Action):
    def name(self) -> Text:
        return SECOND_QUESTION_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message or {}
        part = pending_part(message.get("metadata"), sub_topic_of(message))
        if not part or part["topic"] not in BUTTONS:
            return []
        topic = part["topic"]
        if float(part.get("confidence") or 0) >= SECOND_QUESTION_MIN_CONFIDENCE:
            dispatcher.utter_message(response=_response_for(topic))
            return [SlotSet(LAST_TOPIC_SLOT, topic)]
        button = {"title": BUTTONS[topic].title, "payload": BUTTONS[topic].question}
        dispatcher.utter_message(text=MESSAGES["second_question"].format(question=part["text"]), buttons=[button])
        return [SlotSet(OFFERED_TOPICS_SLOT, [topic])]


def _response_for(topic: Text) -> Text:
    return f"{FAQ_RESPONSE_PREFIX}{topic}" if topic != "contact_clinic" else "utter_contact_clinic"
