"""Every topic has an answer, and every FAQ answer has training examples (and the reverse)."""

from typing import Dict, List

from staff_tools.content_check.content import Answer, Topic
from staff_tools.content_check.findings import Finding, error
from staff_tools.content_check.rules import Rules

CHECK = "answers"
FAQ_ANSWER = "utter_faq/"
FAQ_INTENT = "faq/"


def check(answers: List[Answer], topics: Dict[str, Topic], rules: Rules, where, shown) -> List[Finding]:
    """`where(key)` gives (file name, line) of a file's main section, for things that are missing
    (line None: the training data is a folder); `shown(path)` gives a file's name as reported."""
    found = []
    by_name: Dict[str, Answer] = {}
    for answer in answers:
        if answer.source == "domain":
            by_name.setdefault(answer.name, answer)
    answered = {n[len(FAQ_ANSWER) :]: a for n, a in by_name.items() if n.startswith(FAQ_ANSWER)}
    trained = {n[len(FAQ_INTENT) :]: t for n, t in topics.items() if n.startswith(FAQ_INTENT)}
    domain_file, responses_line = where("domain")
    nlu_file, nlu_line = where("nlu")
    nlu_is_folder = nlu_line is None

    def answer_home(topic: str) -> str:
        """Where an FAQ answer belongs: beside its examples when the training data is a folder."""
        if nlu_is_folder and topic in trained:
            return shown(trained[topic].file)
        return domain_file

    def add(file: str, line, subject: str, message: str, fix: str) -> None:
        found.append(error(CHECK, file, line, subject, message, fix))

    def examples_home(topic: str) -> str:
        return f"{nlu_file}/faq/{topic}.yml" if nlu_is_folder else nlu_file

    for topic in rules.faq_topics:
        if topic not in answered and topic not in trained:
            add(
                domain_file,
                responses_line,
                f"utter_faq/{topic}",
                "FAQ topic listed in the rules has no answer and no training examples.",
                f"add the response `utter_faq/{topic}` and `- intent: faq/{topic}` examples to "
                f"{examples_home(topic)}, or remove it from topics.faq_topics in {rules_name(rules)}",
            )
    for topic, examples in trained.items():
        if topic not in answered:
            add(
                shown(examples.file),
                examples.line,
                f"faq/{topic}",
                f"has training examples but no answer `utter_faq/{topic}`.",
                f"add the response `utter_faq/{topic}` under `responses:` in {answer_home(topic)}",
            )
    for topic, answer in answered.items():
        if topic not in trained:
            add(
                shown(answer.text.file),
                answer.key_line,
                answer.name,
                f"has no training examples in {nlu_file}, so it can never be chosen.",
                f"add examples under `- intent: faq/{topic}` in {examples_home(topic)}, or remove the answer",
            )
    for topic in sorted(set(answered) | set(trained)):
        if topic not in rules.faq_topics:
            line = answered[topic].key_line if topic in answered else trained[topic].line
            file = shown(answered[topic].text.file if topic in answered else trained[topic].file)
            add(
                file,
                line,
                f"faq/{topic}",
                "is an FAQ topic the rules do not list, so nothing checks it is meant to be there.",
                f"add `{topic}` to topics.faq_topics in {rules_name(rules)}",
            )

    for intent, response in rules.intent_answers.items():
        if response not in by_name:
            add(
                domain_file,
                responses_line,
                response,
                f"is missing: intent `{intent}` has no answer.",
                f"add the response `{response}` under `responses:` in {domain_file}",
            )
        if intent not in topics:
            add(
                nlu_file,
                nlu_line,
                intent,
                f"has no training examples in {nlu_file}.",
                f"add a `- intent: {intent}` block with examples to {nlu_file}, "
                f"or remove it from topics.intent_answers in {rules_name(rules)}",
            )
    for name, topic in topics.items():
        if not name.startswith(FAQ_INTENT) and name not in rules.intent_answers:
            add(
                shown(topic.file),
                topic.line,
                name,
                "is an intent with training examples but no answer set in the rules.",
                f"add the response `utter_{name}` to {domain_file} and `{name}: utter_{name}` "
                f"under topics.intent_answers in {rules_name(rules)}",
            )
    return found


def rules_name(rules: Rules) -> str:
    return rules.shown_as
