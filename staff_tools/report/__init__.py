"""The evaluation report: run Rasa's tests and the live evaluations, then render one HTML page.
Its first section, for clinic staff (staff.py), gives a verdict per area against the thresholds in
content/report_verdicts.yml and what changed since the previous report (results/staff_figures*.json).

python -m staff_tools.report run [--folds 3] [--skip-cv]    # everything, then the page
python -m staff_tools.report render                          # the page from the last results
"""
