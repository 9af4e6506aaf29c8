"""The safety check, one job per module.

- lexicon.py: reads lexicon/*.yml; spelling.py, history.py: its helpers;
- lexicon_detector.py: red flags named in the lexicon, with negation, history and relatives rules;
  mentions.py finds the lexicon's terms in a message (phrases.py: phrase matching on token norms),
  clauses.py reads the words around one (clauses, negation, whom it is about, the past);
- semantic_detector.py: a classifier on the sentence encoder's embedding, for wording the lexicon lacks;
- combine.py: the more serious of both, read with the conversation so far (context.py);
- wording.py: the referral worded for the writer or for the person they speak for;
- nlu_component.py, policy.py: how Rasa runs it on every message.
"""
