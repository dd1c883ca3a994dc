"""Plan content written as a careful officer would write it (used where a test needs a plan that passes)."""

from __future__ import annotations


def good_plan_content(*, setting_id: int | None = None, name: str = "Leo") -> dict:
    return {
        "a": f"{name} loves trains and drawing maps. He wants to make friends at school and to be a train driver. "
             "His parents want him to be able to tell people what he needs.",
        "needs": [
            {"text": f"{name}'s expressive language is about two years behind his age. He finds it hard to "
                     "put words in order and to explain what happened.", "sen_type": "SLCN", "rank": 1},
            {"text": f"{name} becomes anxious in noisy, busy places such as the dinner hall and withdraws.",
             "sen_type": "SEMH", "rank": 2},
        ],
        "c": "No health needs identified, based on advice from Dr Amal Haddad, community paediatrician, "
             "12 March 2026.",
        "d": "No social care needs identified, based on advice from Priya Shah, social worker, 20 March 2026.",
        "outcomes": [
            {"text": f"{name} will retell a short story in the right order using five linking words.",
             "by_when": "by the end of Year 4 (July 2027)", "measure": "speech and language therapist's "
             "narrative assessment each term", "pfa": False},
            {"text": f"{name} will eat lunch in the dinner hall with a friend on four days out of five.",
             "by_when": "by Easter 2027", "measure": "weekly record kept by his teaching assistant", "pfa": False},
        ],
        "provision": [
            {"need_refs": ["B1"], "what": "Speech and language therapy to build narrative skills",
             "who": "NHS speech and language therapist", "frequency": "once a week",
             "duration": "30 minutes, for the school year", "group_size": "1:1", "review": "each term"},
            {"need_refs": ["B2"], "what": "A quiet lunch club with a trained adult, then a planned move back to "
             "the dinner hall", "who": "teaching assistant trained in emotional literacy",
             "frequency": "daily", "duration": "20 minutes each lunchtime", "group_size": "group of 4",
             "review": "every 6 weeks"},
        ],
        "g": "No health provision required, based on advice from Dr Amal Haddad, community paediatrician.",
        "h1": "No social care provision identified, based on advice from Priya Shah, social worker.",
        "h2": "No social care provision identified, based on advice from Priya Shah, social worker.",
        "placement": {"setting_id": setting_id, "setting_type": "Mainstream primary school"},
        "personal_budget": "",
    }
