"""Conversation review: read the tracker store, write transcripts, export test stories.

Modules, one job each:
- store: read events from the tracker store's `events` table (SQLite or PostgreSQL)
- conversation: rebuild conversations and turns (topic, confidence, actions, referrals, feedback)
- privacy: mask e-mail addresses and phone numbers; safe conversation labels
- selection: the --fallbacks / --low-confidence / --safety / --since / --until / --conversation filters
- summary: counts over the selected conversations
- markdown, turns_csv: the written outputs
- story: a conversation as a test story (tests/stories_from_review/)
"""
