"""Speaker turns and the paragraphs that continue them."""

from __future__ import annotations

from readingroom.enrich.conversation import attribute_blocks, speaker_label
from readingroom.records.contract import BlockRecord


def test_label_splits_title_and_name() -> None:
    block = BlockRecord(
        "turn", "Ambassador An Yong: Albania has brilliant perspectives.", "Ambassador An Yong"
    )
    label = speaker_label(3, block)
    assert (label.title, label.name) == ("Ambassador", "An Yong")
    assert block.text[label.start : label.end] == "An Yong"


def test_continuations_until_interrupted() -> None:
    blocks = [
        BlockRecord("preface", "(On May 7 ...)"),
        BlockRecord("turn", "Comrade Enver Hoxha: How are you?", "Comrade Enver Hoxha"),
        BlockRecord("paragraph", "We are very happy."),
        BlockRecord("paragraph", "During these days ..."),
        BlockRecord("turn", "Comrade Li Byeongchan: Thank you.", "Comrade Li Byeongchan"),
        BlockRecord("stage", "(Laughter)"),
        BlockRecord("paragraph", "Not said by anyone we know."),
    ]
    said = [(i, label.name, continued) for i, label, continued in attribute_blocks(blocks)]
    assert said == [
        (1, "Enver Hoxha", False),
        (2, "Enver Hoxha", True),
        (3, "Enver Hoxha", True),
        (4, "Li Byeongchan", False),
    ]
