"""The static HTML report: `python -m hirewire.report` (see __main__.py).

data.py reads the marts (queries in sql/), charts.py turns them into plotly figure specs,
build.py renders templates/report.html.j2 into one self-contained file whose script
(templates/report.js) draws the chosen job seeker's view, browser.py drives headless Chromium.
"""
