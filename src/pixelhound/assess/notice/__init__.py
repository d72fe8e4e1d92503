"""Privacy-notice check: does the notice name every company that received data, and does it promise
what the site does not do?

In the 2023 NHS case most privacy notices never named Facebook although the Meta Pixel received
patients' data. The check reads a site's privacy and cookie notices (found among its links by
pixelhound.links; HTML the scanner already fetched: nothing is fetched here), by concern:

- text.py: the readable text of a notice page (trafilatura), cut into sentences;
- names.py: every name a notice may use for a recipient, and the sentence that names it;
- promises.py: promises ("we will never share your health information for marketing");
- check.py: one site's notices read for its recipients and promises;
- findings.py: undisclosed recipients and broken promises, and the two rules that report them.
"""
