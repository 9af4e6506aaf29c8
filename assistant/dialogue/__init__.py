"""Dialogue helpers shared by the Rasa server (policies) and the action server (actions):
which topic a parse or an answer is about, and when two topics are too close to choose."""
