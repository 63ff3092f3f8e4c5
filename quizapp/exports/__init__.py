"""Question export for other systems: Moodle XML and GIFT. Pure functions, no Flask or database.

A question is a plain dict::

    {"id": "ICS-L1.U3.q-hearing-listening",          # our question ID
     "prompt": "What is the difference ...?",          # plain text
     "model_answer": "Hearing just happens ...",       # plain text
     "hint": "Think about ..." or None,
     "criteria": ["ICS-L1.U3.3a"],                     # criterion IDs
     "unit": "ICS-L1.U3",
     "rubric": {...},                                  # docs/formats.md shape, lexicon inlined
     "test_responses": [{"text": ..., "band": ...}]}   # accepted, not exported

- :func:`moodle_xml` ``(questions, category) -> str``: a Moodle XML file; each question is an
  essay question (free text, graded by hand in Moodle), with the model answer as general feedback
  and, with the rubric's marking points, in the information for graders; ID number = our ID;
  tags = the criterion IDs and the unit ID.
- :func:`gift` ``(questions, category) -> str``: the same questions in GIFT (essay ``{}``,
  model answer as general feedback, ``// [id:] [tag:]`` comment for the ID number and tags).

``category`` is the Moodle question category to import into: a name, or a list of names from
parent to child (written under ``$course$``). Both raise :class:`ExportError` (a ValueError)
naming the question and field when a question dict is malformed or an ID repeats.
"""

from ._common import ExportError
from ._gift import gift
from ._xml import moodle_xml

__all__ = ["ExportError", "gift", "moodle_xml"]
