"""NLU component: messages in another language are out of scope, whatever the classifier said.

The classifiers only know English; a Spanish or French question that contains
"acupuntura" would otherwise be matched to an English topic. Runs after the
classifiers and before the FallbackClassifier. Word lists: lexicon/languages.yml.
"""

import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.component import PipelineComponent

LANGUAGES_FILE = Path(__file__).resolve().parent.parent / "lexicon" / "languages.yml"
OUT_OF_SCOPE = "out_of_scope"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


class LanguageDetector:
    def __init__(self, path: Path = LANGUAGES_FILE) -> None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.english = set(raw["english"])
        self.others = {name: set(words) - self.english for name, words in raw["others"].items()}
        self.non_latin_share = float(raw["non_latin_share"])

    def other_language(self, text: Text) -> Optional[Text]:
        """The name of the other language the text is written in, or None for English (or unsure)."""
        letters = [c for c in text if c.isalpha()]
        if not letters:
            return None
        non_latin = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
        if non_latin / len(letters) >= self.non_latin_share:
            return "non-latin script"
        words = [w.lower() for w in _WORD.findall(text)]
        english = sum(w in self.english for w in words)
        best, count = None, 0
        for name, vocab in self.others.items():
            hits = sum(w in vocab for w in words)
            if hits > count:
                best, count = name, hits
        if count >= 2 and count > english:
            return best
        return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(PipelineComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        self.detector = LanguageDetector()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = self.detector.other_language(message.get(TEXT) or "")
            if language:
                message.set(INTENT, {"name": OUT_OF_SCOPE, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": OUT_OF_SCOPE, "confidence": 1.0}], add_to_output=True)
                message.set("language", language, add_to_output=True)
        return messages
