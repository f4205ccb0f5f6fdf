"""Text made safe for Markdown: Markdown marks and HTML escaped, line breaks folded."""
from __future__ import annotations

import pytest

from processwalk.render import mdtext


@pytest.mark.parametrize("text, expected", [
    ("a | b", "a \\| b"),
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("*bold* _it_ `code` [link](javascript:x) ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:x) \\~\\~s\\~\\~"),
    ("two\nlines", "two lines"),
    ("a & b \\ c", "a &amp; b \\\\ c"),
    ("it's \"quoted\"", "it's \"quoted\""),
])
def test_md_escapes_markdown_and_html(text: str, expected: str) -> None:
    assert mdtext.md(text) == expected
