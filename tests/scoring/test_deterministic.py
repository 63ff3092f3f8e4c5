"""A proposed rubric, and so every score against it, is the same in every process: nothing may
depend on the order Python's per-process string hashing gives a set."""

import json
import os
import subprocess
import sys

# a model answer whose ideas share words (the weights of such words are sums over a set); with a
# plain float sum its rounded weights differed between hash seeds (13 and 27 against 0)
MODEL = ("The black areas in the 2 collectors (and the collectors themselves) are the same size. "
         "The amount of heat absorbed will be the same so the temperature change will also be "
         "the same.")
QUESTION = ("Look at the 2 solar water heaters shown here. The black triangular area is the solar "
            "collector in each container. If both heaters contain the same amount of water, would "
            "you expect the temperature change in heater X to be greater than, less than, or the "
            "same as the temperature change in heater Y after 30 minutes? (Same) Explain your "
            "answer.")
ANSWERS = ["It is not the shape that makes the difference, it is the area.",
           "Because it has the same amount of water and heat."]

SCRIPT = f"""
import json
from quizapp.scoring import derive_rubric, score
rubric = derive_rubric({QUESTION!r}, [{MODEL!r}])
print(json.dumps([[g.weight for g in rubric.groups]]
                 + [score(a, rubric).score for a in {ANSWERS!r}]))
"""


def _run(seed: int) -> list:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_proposed_weights_and_scores_do_not_depend_on_the_hash_seed():
    first = _run(0)
    assert len(first[0]) >= 2  # several key points, so their weights are shared sums
    for seed in (13, 27, 30):
        assert _run(seed) == first, f"hash seed {seed} gave other weights or scores"
