"""What clinic staff run to look at and check the assistant's content and conversations.

Commands (each also a `make` target; docs/staff-guide.md):
- check_content: the answers and training examples against content/check_rules.yml (`make check-content`)
- triage_check: the safety check alone over labelled sets (`make safety-check`)
- report: the evaluation report, `python -m staff_tools.report run|render` (`make report`)
- transcripts: readable transcripts of stored conversations (`make transcripts`)
- story_from_conversation: a reviewed conversation as a test story (`make story-from-conversation`)

Libraries behind them: content_check/, report/, review/ (the tracker store, read for review).
Run a command as `python -m staff_tools.<name>` from the project folder.
"""
