"""`rasa data validate --fail-on-warnings`, minus one spurious Rasa 3.6 warning.

Rasa's docs ask for a retrieval intent (faq) to be listed in the domain, and
Rasa 3.6 then also adds it from the NLU data and warns that "faq" is
duplicated "across multiple domain files" on every load. Only that exact
duplicate is skipped; any other warning still shows and fails the run.
"""

import sys

import rasa.shared.core.domain as rasa_domain

_warn_about_duplicates = rasa_domain.warn_about_duplicates_found_during_domain_merging


def _skip_retrieval_intent_duplicate(duplicates):
    if duplicates == {"intents": ["faq"]}:
        return None
    return _warn_about_duplicates(duplicates)


def main(argv=None) -> None:
    rasa_domain.warn_about_duplicates_found_during_domain_merging = _skip_retrieval_intent_duplicate
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "data", "validate", "--fail-on-warnings", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
