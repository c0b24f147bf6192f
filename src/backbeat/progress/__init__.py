"""How it is going: the progress report, the plan it is measured against, the weekly review.

Pure: records, profile and catalogue in, figures and words out; the faces read and draw them.
"""
