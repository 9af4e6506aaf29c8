"""The pretrained sentence encoder (all-MiniLM-L6-v2), shared by the safety check and the NLU: files.py checks its files, model.py runs it."""
