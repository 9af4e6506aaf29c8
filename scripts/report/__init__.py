"""The evaluation report: run Rasa's tests and the live evaluations, then render one HTML page.

python -m scripts.report run [--folds 3] [--skip-cv]    # everything, then the page
python -m scripts.report render                          # the page from the last results
"""
