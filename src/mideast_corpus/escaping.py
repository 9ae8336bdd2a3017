"""One way to put corpus text into HTML: the report page, chart labels and notebook displays.

Outlet names, titles and passages come from the corpus and may hold markup (``<script>``, quotes that
end an attribute). :func:`escape_html` turns ``&``, ``<``, ``>`` and both quotes into character
references, quotes as *numeric* ones (``&#34;``, ``&#39;``): browsers read them like ``&quot;``, and
plotly's label renderer, which knows only a few named references, decodes them too, so one escaped
string serves a chart label, an attribute and the page around it.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["escape_html"]


def escape_html(value: Any) -> str:
    """``str(value)`` with ``& < > " '`` as character references, safe in HTML text, attributes and charts.

    Examples
    --------
    >>> escape_html("<b onclick='x'>A&B</b>")
    '&lt;b onclick=&#39;x&#39;&gt;A&amp;B&lt;/b&gt;'
    >>> escape_html('"quoted"')
    '&#34;quoted&#34;'
    """
    return html.escape(str(value), quote=False).replace('"', "&#34;").replace("'", "&#39;")
