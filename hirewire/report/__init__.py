"""The static HTML report: `python -m hirewire.report` (see __main__.py).

data.py reads the marts (queries in sql/), charts.py draws them with plotly, build.py renders
templates/report.html.j2 into one self-contained file, browser.py drives headless Chromium.
"""
