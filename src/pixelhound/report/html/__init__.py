"""The HTML report's builder, split by section (index, evidence, sites, first screen, charts); the
entry point and template environment are in report/html_report.py."""
