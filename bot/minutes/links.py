"""Links in an item's text, bare or in Markdown, found by linkify-it."""

from __future__ import annotations

import logging

from linkify_it import LinkifyIt

logger = logging.getLogger(__name__)

# Only links with a scheme: fuzzy matching takes `setup.py` for a site in Paraguay.
_LINKIFY = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False})
# linkify-it scans every character in Python; give it only the words that may be links.
# (Split, not a regex: `\S*://\S*` backtracks quadratically on a 3,000-character word.)
_MARKERS = ("://", "mailto:")


def links_in(text: str) -> tuple[str, ...]:
    candidates = [word for word in text.split() if any(m in word for m in _MARKERS)]
    if not candidates:
        return ()
    matches = _LINKIFY.match(" ".join(candidates)) or []
    return tuple(dict.fromkeys(match.url for match in matches))
