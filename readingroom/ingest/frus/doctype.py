"""The one document type a FRUS title states ("Telegram From the Embassy…" -> "Telegram").

The names are the archive's one type vocabulary (`records.vocabularies.DOCUMENT_TYPES`); the
rules read a title in an order that matters (the first match wins). A title that states no
type gives "Document" (no type of the vocabulary) or, undated, "Editorial Note".
"""

from __future__ import annotations

import re

TYPE_RULES = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"^editorial note\b", "Editorial Note"),
        (r"\bmemorandum of (a )?conversation", "Memorandum of Conversation"),
        (r"telephone conversation|^transcript of (a )?telephone", "Telephone Conversation"),
        (r"^special national intelligence estimate", "Special National Intelligence Estimate"),
        (r"^national intelligence estimate", "National Intelligence Estimate"),
        (r"^national security action memorandum", "National Security Action Memorandum"),
        (r"^circular telegram", "Circular Telegram"),
        (r"^(circular )?airgram", "Airgram"),
        (r"^telegram|^intelligence information cable", "Telegram"),
        (r"^(circular )?instruction", "Instruction"),
        (r"^despatch", "Despatch"),
        (r"^(draft )?letter\b", "Letter"),
        (r"^(oral |draft )?message\b|^informal communication\b", "Message"),
        (r"^memorandum of discussion\b", "Memorandum of Discussion"),
        (r"^(summary |preliminary |draft )?minutes\b", "Minutes"),
        (r"^(summary )?record of|^memorandum of (a )?(conference|meeting)", "Record of Meeting"),
        (r"^highlights (of|from)\b", "Record of Meeting"),
        (r"^(preliminary |summary )?notes\b", "Notes"),
        (r"^([\w-]+ )?note\b", "Note"),
        (r"^transcript\b", "Transcript"),
        (r"\bdiary entry\b", "Diary Entry"),
        (r"^aide-m[ée]moire\b", "Aide-Mémoire"),
        (r"^([\w-]+ ){0,4}paper\b|^talking points\b|^intelligence brief\b", "Paper"),
        (r"^([\w-]+ ){0,4}report\b", "Report"),
        (r"^current intelligence weekly", "Report"),
        (r"^([\w-]+ ){0,4}study\b", "Study"),
        (r"^(weekly )?summary\b", "Summary"),
        (r"^([\w-]+ ){0,5}statement\b|^address\b", "Statement"),
        (r"press release\b", "Press Release"),
        (r"communiqu[ée]\b", "Communiqué"),
        (r"^([\w-]+ ){0,2}memorandum\b", "Memorandum"),
    )
)


def document_type(title: str, *, has_dateline: bool = True) -> str:
    """The one document type a FRUS title states ("Telegram From the Embassy…" -> "Telegram").

    A title that states none is a "Document", or an "Editorial Note" when undated: FRUS prints
    its editors' notes without a dateline.
    """
    for pattern, name in TYPE_RULES:
        if pattern.search(title):
            return name
    return "Document" if has_dateline else "Editorial Note"
