"""The kinds of dated step a prosecution goes through, and what each means."""

from __future__ import annotations

EVENT_KINDS: dict[str, str] = {
    "arrest": "arrested (by the police's national security department or another unit)",
    "charge": "charged, or the charge first laid in court",
    "bail_granted": "bail granted (by a magistrate or a higher court)",
    "bail_denied": "bail refused at a hearing",
    "bail_revoked": "bail that had been granted was revoked (the defendant is held again)",
    "remand": "held in custody pending trial, from this day",
    "plea": "a plea entered (guilty or not guilty)",
    "verdict": "convicted or acquitted",
    "sentence": "sentenced",
    "release": "released from custody (on bail, on acquittal, after serving a sentence)",
    "appeal": "an appeal or review filed or decided",
}
