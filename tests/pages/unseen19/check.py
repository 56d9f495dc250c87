"""Run the extractor over the hand-made pages in this folder and compare with expected.jsonl (the checker
all the batches from unseen3 on share: tests/pages/batch_check.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import batch_check  # noqa: E402

HERE = Path(__file__).parent


def check(exp):
    return batch_check.check(exp, HERE)


if __name__ == "__main__":
    sys.exit(batch_check.main(HERE))
