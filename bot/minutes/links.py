"""Links in an item's text, bare or in Markdown, found by linkify-it."""

from __future__ import annotations

import logging
import re

from linkify_it import LinkifyIt

logger = logging.getLogger(__name__)

# Only links with a scheme: fuzzy matching takes `setup.py` for a site in Paraguay.
_LINKIFY = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False})
# linkify-it scans every character in Python; give it only the words that may be links.
_CANDIDATE = re.compile(r"\S*(?:://|mailto:)\S*")


def links_in(text: str) -> tuple[str, ...]:
    candidates = _CANDIDATE.findall(text)
    if not candidates:
        return ()
    matches = _LINKIFY.match(" ".join(candidates)) or []
    return tuple(dict.fromkeys(match.url for match in matches))
