"""The transcripts as web pages, for staff who open them in a browser rather than a Markdown viewer.

Each page is the Markdown page turned into HTML (python-markdown, tables). Everything a person typed
was already HTML-escaped and masked when the Markdown was written (markdown.py), so it stays text.
Links between pages point to the .html files.
"""

import re

import markdown as markdown_lib

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1d2b2e; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c9d3d5; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #eef3f4; }
blockquote { margin: 0.4rem 0; padding: 0.3rem 0.8rem; border-left: 4px solid #1f6f78; background: #f5f8f8; }
h3 { margin-top: 1.6rem; font-size: 1.05rem; }
code { background: #eef3f4; padding: 0 0.2rem; }
"""


def page(title: str, markdown_text: str) -> str:
    """A standalone HTML page for one Markdown page of the review."""
    linked = re.sub(r"\]\(([^)\s]+)\.md\)", r"](\1.html)", markdown_text)
    body = markdown_lib.markdown(linked, extensions=["tables"], output_format="html")
    escaped_title = title.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escaped_title}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
