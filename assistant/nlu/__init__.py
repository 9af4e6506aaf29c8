"""NLU pipeline components of this project (besides the safety check and the encoder featurizer)."""
