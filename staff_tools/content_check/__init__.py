"""Checks of the assistant's content (answers and training examples) against content/check_rules.yml.

`staff_tools/check_content.py` is the command; `run_checks` is what it and the tests call.
"""

from staff_tools.content_check.runner import run_checks  # noqa: F401
