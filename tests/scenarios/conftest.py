"""Shared data for the scenario engine's tests: a toy lexicon and conversation (pure: no app)."""

LEXICON = {"apologise": ["apologise", "say sorry", "sorry"]}

CONVERSATION = {
    "id": "toy-angry",
    "title": "A toy angry customer",
    "type": "conversation",
    "setting": {"organisation": "Toy Shop", "channel": "face to face", "mood": "angry"},
    "cast": [{"role": "customer", "name": "{customer}", "about": "Bought a broken {toy}."}],
    "variables": {
        "customer": {"type": "name", "pool": ["Dev Patel", "Joanne Hughes", "Aisha Rahman"]},
        "toy": {"type": "text", "pool": ["kite", "yo-yo"]},
    },
    "turns": [
        {"id": "greet", "lines": ["I'm {customer}. This {toy} broke on day one!"],
         "criteria": ["X.U1.1", "X.U1.2"],
         "rubric": {
             "concepts": [
                 {"id": "sorry", "label": "Apologise", "lexicon": ["apologise"]},
                 {"id": "help", "label": "Offer help",
                  "phrasings": ["swap|replace|refund it", "let me help"]},
             ],
             "negatives": [{"id": "dismissive", "label": "Dismissive",
                            "phrasings": ["not my problem", "calm down"],
                            "penalty": 0.6, "reason": "It makes them angrier."}],
         },
         "branches": [
             {"when": {"negative": "dismissive"}, "goto": "angrier", "mood": "furious"},
             {"when": {"band": "secure"}, "goto": "calm"},
         ],
         "next": "neutral"},
        {"id": "angrier", "lines": ["Don't you dare tell me that!"], "criteria": ["X.U1.2"],
         "rubric": {"concepts": [{"id": "sorry", "label": "Apologise", "lexicon": ["apologise"]}]},
         "next": "bad-end"},
        {"id": "calm", "lines": ["Oh, thank you. Can I swap it for another {toy}?"],
         "criteria": ["X.U1.3"],
         "rubric": {"concepts": [{"id": "yes", "label": "Agree",
                                  "phrasings": ["yes", "of course", "swap"]}]},
         "next": "good-end"},
        {"id": "neutral", "lines": ["Well?"], "criteria": ["X.U1.3"],
         "rubric": {"concepts": [{"id": "help", "label": "Offer help",
                                  "phrasings": ["swap|replace|refund it"]}]},
         "next": "end"},
        {"id": "good-end", "end": True, "summary": "{customer.first} left happy."},
        {"id": "bad-end", "end": True, "summary": "{customer.first} walked out."},
    ],
    "debrief": {"summary": "Say sorry first."},
    "test_transcripts": [
        {"label": "strong",
         "turns": [{"say": "So sorry {customer.first}, I can swap it", "band": "secure"},
                   {"say": "yes of course", "band": "secure"}],
         "path": ["greet", "calm", "good-end"]},
    ],
}
