"""When to ask "Did you mean...?" instead of answering: the two best topics are too close to choose."""

from dataclasses import dataclass
from typing import Any, Dict, List

from assistant.dialogue.topics import topic_ranking


@dataclass(frozen=True)
class ClarifyRule:
    # ask when the best topic's confidence is below this ...
    max_confidence: float
    # ... and the second is within this much of it
    margin: float

    def close_topics(self, parse: Dict[str, Any], limit: int = 2) -> List[str]:
        """The topics to offer (best first), or [] when the best one is clear enough to answer."""
        ranking = topic_ranking(parse)
        if len(ranking) < 2:
            return []
        best_conf, second_conf = ranking[0][1], ranking[1][1]
        if best_conf >= self.max_confidence or best_conf - second_conf > self.margin:
            return []
        return [name for name, conf in ranking[:limit] if best_conf - conf <= self.margin]
