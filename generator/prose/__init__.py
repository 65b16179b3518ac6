"""Reading prose API documentation: the text of rendered Slate, ReDoc and API Blueprint pages
and of object references, into facts a doc spec can be checked against.

``read(text)`` returns a :class:`~generator.prose.facts.Prose`: the endpoints the text names,
each with the parameters its tables list and the request and response examples it shows, the
object tables (models) and the outgoing webhooks. :mod:`generator.prose.check` compares those
facts with a doc spec (``apigen lint-docs``); :mod:`generator.prose.html` reduces a fetched
page to such text (``apigen drift``).
"""

from generator.prose.read import detect_format, read

__all__ = ["detect_format", "read"]
