"""Draft from text: a visit drafted from the secretary's notes, a unit's report or a press report (no NLP library).

``draft_from_text(text, store=None)`` returns a :class:`Draft`; ``Draft.to_exchange()`` is visit exchange data for
``ssdesk.exchange.import_visit``; ``Draft.to_json()`` adds where each item came from and how sure it is
(``docs/draft-format.md``). Nothing is written to a case file here. Rules: ``resources/drafting/``.
"""

from ssdesk.drafting.core import draft_from_text
from ssdesk.drafting.model import Draft, Match

__all__ = ["Draft", "Match", "draft_from_text"]
