"""Question dicts for the export tests, and texts that exercise escaping."""

from __future__ import annotations

import copy


def question(**overrides) -> dict:
    """A complete question dict, as the API layer will pass it (lexicon already inlined)."""
    q = {
        "id": "ICS-L1.U3.q-hearing-listening",
        "prompt": "What is the difference between hearing and listening?",
        "model_answer": "Hearing just happens: sound reaches your ears without you trying. "
                        "Listening means you choose to pay attention.",
        "hint": "Think about what your brain does, not just your ears.",
        "criteria": ["ICS-L1.U3.3a"],
        "unit": "ICS-L1.U3",
        "rubric": {
            "concepts": [
                {"id": "hear-passive", "label": "Hearing just happens: sound reaches your ears",
                 "phrasings": ["hearing|heard|hear sound|sounds"], "required": True},
                {"id": "listen-attention", "label": "Listening means paying attention",
                 "phrasings": ["listen* pay* attention"]},
                {"id": "why", "label": "Or you miss what they want", "weight": 0.5,
                 "phrasings": ["miss* what"]},
            ],
            "groups": [
                {"id": "ways", "label": "Ways to show you are listening", "min": 2, "weight": 2,
                 "concepts": [{"id": "nod", "label": "Nod", "phrasings": ["nod"]},
                              {"id": "eye", "label": "Eye contact", "phrasings": ["eye contact"]},
                              {"id": "sum", "label": "Summarise", "phrasings": ["summar*"]}]},
            ],
            "negatives": [
                {"id": "argue", "label": "Arguing with the customer",
                 "phrasings": ["argu* customer"], "penalty": 0.3,
                 "reason": "Arguing makes an upset customer angrier."},
            ],
        },
        "test_responses": [{"text": "hearing is noise, listening is paying attention",
                            "band": "secure"}],
    }
    q.update(copy.deepcopy(overrides))
    return q


def second_question(**overrides) -> dict:
    q = question(
        id="ICS-L1.U3.q-angry",
        prompt="A customer is shouting at you. What should you do?",
        model_answer="Stay calm, listen, and apologise for the problem.",
        hint=None,
        criteria=["ICS-L1.U3.3b", "ICS-L1.U3.3.1.4"],
        rubric={"concepts": [{"id": "calm", "label": "Stay calm", "phrasings": ["stay calm"]}]},
    )
    q.update(copy.deepcopy(overrides))
    return q


# (case name, text): texts that must survive both exports exactly as a reader would see them.
TRICKY_TEXTS = [
    ("plain", "What is listening?"),
    ("html markup", "Why is <b>bold</b> & <i>italic</i> shown as text?"),
    ("quotes", "He said \"sorry\" and it's 'fine'"),
    ("entity lookalike", "Write &amp; or &lt; literally, and &#35;"),
    ("cdata end", "a ]]> b ]]]]> c"),
    ("gift specials", "Ratio 1:2 {x} = ~y #z and ####, ::name::"),
    ("backslashes", "C:\\temp\\new \\n \\\\ \\{ \\: ends with \\"),
    ("unicode", "£5 refund – café ☕ “curly” ‘quotes’"),
    ("paragraphs", "Line one\nline two\n\n\nSecond paragraph\r\nwith CRLF"),
    ("leading bracket", "[html] is not a format here; [plain] neither"),
    ("comment lookalike", "// not a comment\n// [tag:sneaky] [id:sneaky]"),
    ("category lookalike", "$CATEGORY: nope"),
    ("spaces", "  lots   of\tspace  "),
    ("control characters", "bad\x01char\x0bs\x1f gone\uffff"),
]
