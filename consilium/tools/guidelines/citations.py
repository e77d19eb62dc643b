"""Which paragraph of a section grounds a structured treatment line.

A section often names a drug in more than one paragraph, sometimes only as the option not to
choose ("norepinephrine over ... vasopressin"). The citation goes to the first paragraph that
names the drug, unless a later one that names it shares more words with the treatment's note
(the note says when the line applies: "added when norepinephrine reaches 0.25-0.5 mcg/kg/min").
When no paragraph names the drug (the text may use its class), the section's first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consilium.tools.guidelines.models import GuidelineTreatment, Passage
from consilium.tools.guidelines.tokens import tokenize


def names_drug(text: str, drug: str) -> bool:
    """True when `drug` appears as whole words ("piperacillin-tazobactam" matches "/" or "-")."""
    words = [re.escape(w) for w in re.findall(r"[a-z0-9]+", drug.lower())]
    if not words:
        return False
    pattern = r"\b" + r"[\s/-]+".join(words) + r"\b"
    return re.search(pattern, text.lower()) is not None


def grounding_passage(treatment: GuidelineTreatment, section: Sequence[Passage]) -> Passage:
    """The paragraph of `section` (in order, non-empty) to cite for `treatment`."""
    naming = [p for p in section if names_drug(p.text, treatment.drug)]
    if not naming:
        return section[0]
    wanted = set(tokenize(treatment.note or ""))
    # max() keeps the first of equal scores, so ties go to the earlier paragraph.
    return max(naming, key=lambda p: len(wanted & set(tokenize(p.text))))
