"""Checks and canonical forms for identifiers (data-standards.md §3).

Pure Python, no Django. Every ``normalise_*`` function returns the string to store (identifiers are never
stored as numbers) or raises :class:`IdentifierError`, whose message is plain English and says where the
fault is, so forms and imports can show it as it stands. ``make_*`` functions build valid identifiers for
synthetic data.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from stdnum import exceptions as stdnum_errors
from stdnum.gb import nhs
from stdnum.gb import upn as stdnum_upn

__all__ = [
    "UPN_LETTERS",
    "IdentifierError",
    "format_nhs_number",
    "is_temporary_upn",
    "make_nhs_number",
    "make_uln",
    "make_upn",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_ukprn",
    "normalise_uln",
    "normalise_upn",
    "normalise_urn",
    "postcode_district",
]

#: The 23 letters used for the UPN check letter and a temporary UPN's 13th character (no I, O or S).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_ASCII_DIGITS = frozenset("0123456789")
#: "9999999999": the ILR's temporary ULN, never stored (data-standards.md §3.3).
TEMPORARY_ULN = "9999999999"


class IdentifierError(ValueError):
    """An identifier failed its check. ``message`` is written for the person who typed it in;
    ``code`` is a stable machine-readable reason (e.g. ``"upn_check_letter"``)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _compact(value: str) -> str:
    """Remove all whitespace and upper-case."""
    return "".join(value.split()).upper()


def _is_digits(value: str) -> bool:
    return bool(value) and all(c in _ASCII_DIGITS for c in value)


def _require_digits(value: str, length: int, name: str, code: str) -> str:
    """Shared check for identifiers that are a fixed number of digits."""
    if not value:
        raise IdentifierError(f"The {name} is blank.", f"{code}_blank")
    if not _is_digits(value):
        raise IdentifierError(f"A {name} must contain digits only.", f"{code}_digits")
    if len(value) != length:
        raise IdentifierError(
            f"A {name} must be {length} digits; this one has {len(value)}.", f"{code}_length"
        )
    return value


# --------------------------------------------------------------------------------------------- UPN (§3.1)


def normalise_upn(value: str, known_la_codes: Collection[str] | None = None) -> str:
    """Check a Unique Pupil Number and return it without spaces, upper-cased (data-standards.md §3.1).

    Character 1 is the check letter, 2–4 the LA code, 5–8 the establishment number, 9–10 the year of issue,
    11–13 the serial; a temporary UPN has a letter (not I, O or S) in position 13. When ``known_la_codes``
    is given, characters 2–4 must be one of them (stdnum's 2011 LA list is deliberately not used).
    """
    upn = _compact(value)
    if not upn:
        raise IdentifierError("The UPN is blank.", "upn_blank")
    if len(upn) != 13:
        raise IdentifierError(f"A UPN must be 13 characters; this one has {len(upn)}.", "upn_length")
    if upn[0] not in UPN_LETTERS:
        raise IdentifierError(
            "Character 1 must be the check letter: a letter other than I, O or S.", "upn_check_letter"
        )
    if not _is_digits(upn[1:4]):
        raise IdentifierError("Characters 2–4 must be digits (the local authority code).", "upn_la_code")
    if not _is_digits(upn[4:12]):
        raise IdentifierError("Characters 5–12 must be digits.", "upn_digits")
    if upn[12] not in _ASCII_DIGITS and upn[12] not in UPN_LETTERS:
        raise IdentifierError(
            "Character 13 is invalid: it must be a digit, or for a temporary UPN a letter other than "
            "I, O or S.",
            "upn_character_13",
        )
    if stdnum_upn.calc_check_digit(upn[1:]) != upn[0]:
        raise IdentifierError(
            "Wrong check letter at character 1: check the UPN has been copied correctly.",
            "upn_check_letter",
        )
    if known_la_codes is not None and upn[1:4] not in known_la_codes:
        raise IdentifierError(
            f"Characters 2–4 ({upn[1:4]}) are not a local authority code.", "upn_unknown_la"
        )
    return upn


def is_temporary_upn(value: str) -> bool:
    """Whether a valid UPN is temporary (a letter in position 13)."""
    return normalise_upn(value)[12] in UPN_LETTERS


def make_upn(la_code: str, estab: str, year2: str, serial: str) -> str:
    """Build a UPN from its parts, computing the check letter (for synthetic data).

    ``serial`` is 3 digits, or 2 digits and a letter (not I, O or S) for a temporary UPN.
    """
    parts = (("la_code", la_code, 3), ("estab", estab, 4), ("year2", year2, 2))
    for name, part, length in parts:
        if len(part) != length or not _is_digits(part):
            raise IdentifierError(f"{name} must be {length} digits, not {part!r}.", "upn_part")
    serial = serial.upper()
    if not (
        len(serial) == 3
        and _is_digits(serial[:2])
        and (serial[2] in _ASCII_DIGITS or serial[2] in UPN_LETTERS)
    ):
        raise IdentifierError(
            f"serial must be 3 digits, or 2 digits and a letter other than I, O or S, not {serial!r}.",
            "upn_part",
        )
    body = la_code + estab + year2 + serial
    return stdnum_upn.calc_check_digit(body) + body


# --------------------------------------------------------------------------------------------- ULN (§3.3)


def _uln_check_digit(nine_digits: str) -> int | None:
    """ILR checksum: weights 10..2, r = sum mod 11; no check digit if r is 0, else ``10 − r``."""
    remainder = sum(w * int(c) for w, c in zip(range(10, 1, -1), nine_digits, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def normalise_uln(value: str) -> str:
    """Check a Unique Learner Number (10 digits, check digit last) and return its digits (§3.3).

    ``9999999999`` (the ILR's temporary ULN) is refused: the reason the ULN is unknown is recorded instead.
    """
    uln = _compact(value)
    if uln == TEMPORARY_ULN:
        raise IdentifierError(
            "9999999999 is the placeholder used when a learner's ULN is not known. Leave the ULN blank "
            "and record why it is unknown instead.",
            "uln_temporary",
        )
    _require_digits(uln, 10, "ULN", "uln")
    check = _uln_check_digit(uln[:9])
    if check is None:
        raise IdentifierError(
            "Digits 1–9 cannot begin a valid ULN: check the ULN has been copied correctly.", "uln_check_digit"
        )
    if int(uln[9]) != check:
        raise IdentifierError(
            "Wrong check digit at digit 10: check the ULN has been copied correctly.", "uln_check_digit"
        )
    return uln


def make_uln(nine_digits: str) -> str | None:
    """Append the check digit to nine digits, or return ``None`` if no check digit fits."""
    _require_digits(nine_digits, 9, "ULN body", "uln")
    check = _uln_check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# ------------------------------------------------------------------------------------- NHS number (§3.2)


def _nhs_check_digit(nine_digits: str) -> int | None:
    """Weights 10..2, sum mod 11, check digit ``11 − r`` (11 → 0); ``None`` where that gives 10."""
    check = 11 - sum(w * int(c) for w, c in zip(range(10, 1, -1), nine_digits, strict=True)) % 11
    if check == 10:
        return None
    return 0 if check == 11 else check


def normalise_nhs_number(value: str) -> str:
    """Check an NHS number (10 digits, modulus 11) and return its digits without spaces or hyphens (§3.2)."""
    number = nhs.compact(value)
    if not number:
        raise IdentifierError("The NHS number is blank.", "nhs_blank")
    try:
        return nhs.validate(number)
    except stdnum_errors.InvalidLength:  # a subclass of InvalidFormat, so caught first
        raise IdentifierError(
            f"An NHS number must be 10 digits; this one has {len(number)}.", "nhs_length"
        ) from None
    except stdnum_errors.InvalidFormat:
        raise IdentifierError(
            "An NHS number must contain digits only (spaces and hyphens are allowed).", "nhs_digits"
        ) from None
    except stdnum_errors.InvalidChecksum:
        if _nhs_check_digit(number[:9]) is None:
            message = "Digits 1–9 cannot begin a valid NHS number: check it has been copied correctly."
        else:
            message = "Wrong check digit at digit 10: check the NHS number has been copied correctly."
        raise IdentifierError(message, "nhs_check_digit") from None


def format_nhs_number(value: str) -> str:
    """An NHS number for display, in groups of 3, 3 and 4 digits: ``943 476 5870``."""
    return nhs.format(normalise_nhs_number(value))


def make_nhs_number(nine_digits: str) -> str | None:
    """Append the check digit to nine digits, or return ``None`` if the check digit would be 10."""
    _require_digits(nine_digits, 9, "NHS number body", "nhs")
    check = _nhs_check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# ------------------------------------------------------------------------------------- URN, UKPRN (§3.4)


def normalise_urn(value: str) -> str:
    """Check a school Unique Reference Number from GIAS: 6 digits (§3.4). Existence is checked elsewhere."""
    return _require_digits(_compact(value), 6, "URN", "urn")


def normalise_ukprn(value: str) -> str:
    """Check a UK Provider Reference Number: 8 digits, no check digit (§3.4)."""
    return _require_digits(_compact(value), 8, "UKPRN", "ukprn")


# --------------------------------------------------------------------------------------------- postcodes

# Royal Mail's character rules: area letters never Q, V or X first, or I, J or Z second; the letter after
# a one-letter district is one of ABCDEFGHJKPSTUW, after a two-letter one ABEHMNPRVWXY; the inward code's
# letters never C, I, K, M, O or V.
_OUTWARD = re.compile(
    r"""
    [A-PR-UWYZ][0-9][0-9]?             # A9, A99
    | [A-PR-UWYZ][A-HK-Y][0-9][0-9]?   # AA9, AA99
    | [A-PR-UWYZ][0-9][A-HJKPSTUW]     # A9A
    | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]  # AA9A
    """,
    re.VERBOSE,
)
_INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")
_GIRO = "GIR0AA"


def normalise_postcode(value: str) -> str:
    """Check a UK postcode's format and return it upper-cased with one space before the inward code.

    ``"de43ag"`` → ``"DE4 3AG"``. ``GIR 0AA`` is accepted. Whether the postcode exists is not checked.
    """
    compact = _compact(value)
    if not compact:
        raise IdentifierError("The postcode is blank.", "postcode_blank")
    if not all(c.isascii() and c.isalnum() for c in compact):
        raise IdentifierError(
            "A postcode can only contain letters, numbers and a space.", "postcode_characters"
        )
    if not 5 <= len(compact) <= 7:
        raise IdentifierError(
            "A postcode has 5 to 7 letters and numbers, not counting the space; this one has "
            f"{len(compact)}.",
            "postcode_length",
        )
    if compact == _GIRO:
        return "GIR 0AA"
    outward, inward = compact[:-3], compact[-3:]
    if not _INWARD.fullmatch(inward):
        raise IdentifierError(
            f"The last part of the postcode ({inward}) must be a number then two letters, like 3AG in "
            "DE4 3AG (the letters C, I, K, M, O and V are not used there).",
            "postcode_inward",
        )
    if not _OUTWARD.fullmatch(outward):
        raise IdentifierError(
            f"The first part of the postcode ({outward}) is not a postcode area and district, like DE4 in "
            "DE4 3AG.",
            "postcode_outward",
        )
    return f"{outward} {inward}"


def postcode_district(value: str) -> str:
    """The outward code (postcode district) of a postcode: ``"DE4 3AG"`` → ``"DE4"``."""
    return normalise_postcode(value).split(" ", 1)[0]
