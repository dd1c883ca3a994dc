"""Tests for identifier checks and normalisation (data-standards.md §3)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.people.identifiers import (
    UPN_LETTERS,
    IdentifierError,
    format_nhs_number,
    is_temporary_upn,
    make_nhs_number,
    make_uln,
    make_upn,
    normalise_nhs_number,
    normalise_postcode,
    normalise_ukprn,
    normalise_uln,
    normalise_upn,
    normalise_urn,
    postcode_district,
)

PROPERTY = settings(max_examples=200, deadline=None)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def error_for(function, *args, **kwargs) -> IdentifierError:
    with pytest.raises(IdentifierError) as excinfo:
        function(*args, **kwargs)
    return excinfo.value


def test_identifier_error_is_a_value_error_with_code():
    error = error_for(normalise_upn, "A801200005001")
    assert isinstance(error, ValueError)
    assert error.code == "upn_check_letter"
    assert str(error) == error.message


# --------------------------------------------------------------------------------------------- UPN

UPN_13_MESSAGE = (
    "Character 13 is invalid: it must be a digit, or for a temporary UPN a letter other than I, O or S."
)


def test_upn_check_letter_from_spec_example():
    assert make_upn("801", "2000", "05", "001") == "B801200005001"
    assert normalise_upn("B801200005001") == "B801200005001"


@pytest.mark.parametrize("raw", ["b801200005001", " B801 2000 05 001 ", "b8012000\t05001"])
def test_upn_lower_case_and_spacing_are_normalised(raw):
    assert normalise_upn(raw) == "B801200005001"


def test_temporary_upn_is_accepted():
    upn = make_upn("801", "2000", "05", "00a")
    assert upn == "M80120000500A"
    assert normalise_upn(upn.lower()) == upn
    assert is_temporary_upn(upn)
    assert not is_temporary_upn("B801200005001")


def test_upn_from_an_la_newer_than_stdnums_list_is_accepted():
    upn = make_upn("838", "4000", "24", "123")  # Dorset (838) is missing from stdnum's 2011 list
    assert normalise_upn(upn) == upn
    assert normalise_upn(upn, known_la_codes={"838", "830"}) == upn


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "upn_blank", "The UPN is blank."),
        ("B80120000500", "upn_length", "A UPN must be 13 characters; this one has 12."),
        ("B8012000050011", "upn_length", "A UPN must be 13 characters; this one has 14."),
        ("I801200005001", "upn_check_letter",
         "Character 1 must be the check letter: a letter other than I, O or S."),
        ("1801200005001", "upn_check_letter",
         "Character 1 must be the check letter: a letter other than I, O or S."),
        ("B8A1200005001", "upn_la_code", "Characters 2–4 must be digits (the local authority code)."),
        ("B80120000A001", "upn_digits", "Characters 5–12 must be digits."),
        ("B801200005-01", "upn_digits", "Characters 5–12 must be digits."),
        ("B80120000500O", "upn_character_13", UPN_13_MESSAGE),
        ("B80120000500-", "upn_character_13", UPN_13_MESSAGE),
        ("A801200005001", "upn_check_letter",
         "Wrong check letter at character 1: check the UPN has been copied correctly."),
    ],
)  # fmt: skip
def test_upn_error_messages(raw, code, message):
    error = error_for(normalise_upn, raw)
    assert (error.code, error.message) == (code, message)


def test_upn_unknown_la_code_message():
    error = error_for(normalise_upn, "B801200005001", known_la_codes={"830", "838"})
    assert error.code == "upn_unknown_la"
    assert error.message == "Characters 2–4 (801) are not a local authority code."


@pytest.mark.parametrize(
    "parts", [("80", "2000", "05", "001"), ("801", "20a0", "05", "001"), ("801", "2000", "5", "001"),
              ("801", "2000", "05", "0001"), ("801", "2000", "05", "00I"), ("801", "2000", "05", "A01")]
)  # fmt: skip
def test_make_upn_rejects_bad_parts(parts):
    assert error_for(make_upn, *parts).code == "upn_part"


upn_parts = st.tuples(
    digits(3),
    digits(4),
    digits(2),
    digits(3) | st.tuples(digits(2), st.sampled_from(UPN_LETTERS)).map("".join),
)


@PROPERTY
@given(upn_parts)
def test_make_upn_always_validates(parts):
    upn = make_upn(*parts)
    assert normalise_upn(upn) == upn
    assert normalise_upn(upn.lower()) == upn
    assert is_temporary_upn(upn) == parts[3][-1].isalpha()


@PROPERTY
@given(upn_parts, st.integers(min_value=1, max_value=11), st.integers(min_value=1, max_value=9))
def test_changing_one_upn_digit_breaks_the_check_letter(parts, position, delta):
    upn = make_upn(*parts)
    changed = upn[:position] + str((int(upn[position]) + delta) % 10) + upn[position + 1 :]
    assert error_for(normalise_upn, changed).code == "upn_check_letter"


@PROPERTY
@given(upn_parts, st.sampled_from(UPN_LETTERS))
def test_changing_the_check_letter_is_detected(parts, letter):
    upn = make_upn(*parts)
    if letter != upn[0]:
        assert error_for(normalise_upn, letter + upn[1:]).code == "upn_check_letter"


# --------------------------------------------------------------------------------------------- ULN


def test_valid_uln():
    assert make_uln("123456789") == "1234567899"
    assert normalise_uln(" 12345 67899 ") == "1234567899"


def test_temporary_uln_is_refused_with_instruction():
    error = error_for(normalise_uln, "9999999999")
    assert error.code == "uln_temporary"
    assert error.message == (
        "9999999999 is the placeholder used when a learner's ULN is not known. Leave the ULN blank and "
        "record why it is unknown instead."
    )


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "uln_blank", "The ULN is blank."),
        ("12345678A9", "uln_digits", "A ULN must contain digits only."),
        ("123456789", "uln_length", "A ULN must be 10 digits; this one has 9."),
        ("1234567898", "uln_check_digit",
         "Wrong check digit at digit 10: check the ULN has been copied correctly."),
        ("1000000060", "uln_check_digit",
         "Digits 1–9 cannot begin a valid ULN: check the ULN has been copied correctly."),
    ],
)  # fmt: skip
def test_uln_error_messages(raw, code, message):
    error = error_for(normalise_uln, raw)
    assert (error.code, error.message) == (code, message)


def test_make_uln_returns_none_without_a_valid_check_digit():
    assert make_uln("100000006") is None


@PROPERTY
@given(digits(9))
def test_make_uln_always_validates(body):
    uln = make_uln(body)
    if uln is None:
        assert all(error_for(normalise_uln, body + str(c)).code == "uln_check_digit" for c in range(10))
    elif uln != "9999999999":
        assert normalise_uln(uln) == uln


# --------------------------------------------------------------------------------------------- NHS number


@pytest.mark.parametrize("raw", ["9434765870", "943 476 5870", "943-476-5870", " 943476 5870 "])
def test_nhs_number_normalisation_and_format(raw):
    assert normalise_nhs_number(raw) == "9434765870"
    assert format_nhs_number(raw) == "943 476 5870"


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "nhs_blank", "The NHS number is blank."),
        ("943 476 587X", "nhs_digits",
         "An NHS number must contain digits only (spaces and hyphens are allowed)."),
        ("943 476 587", "nhs_length", "An NHS number must be 10 digits; this one has 9."),
        ("943 476 5871", "nhs_check_digit",
         "Wrong check digit at digit 10: check the NHS number has been copied correctly."),
        ("1000000010", "nhs_check_digit",
         "Digits 1–9 cannot begin a valid NHS number: check it has been copied correctly."),
    ],
)  # fmt: skip
def test_nhs_error_messages(raw, code, message):
    error = error_for(normalise_nhs_number, raw)
    assert (error.code, error.message) == (code, message)


def test_make_nhs_number():
    assert make_nhs_number("943476587") == "9434765870"
    assert make_nhs_number("100000001") is None
    assert error_for(make_nhs_number, "94347658").code == "nhs_length"


@PROPERTY
@given(digits(9))
def test_make_nhs_number_always_validates(body):
    number = make_nhs_number(body)
    if number is None:
        assert all(
            error_for(normalise_nhs_number, body + str(c)).code == "nhs_check_digit" for c in range(10)
        )
    else:
        assert normalise_nhs_number(number) == number
        assert format_nhs_number(number).replace(" ", "") == number


@PROPERTY
@given(digits(9), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_changing_one_nhs_digit_is_detected(body, position, delta):
    number = make_nhs_number(body)
    if number is not None:
        changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
        assert error_for(normalise_nhs_number, changed).code == "nhs_check_digit"


# --------------------------------------------------------------------------------------------- URN, UKPRN


def test_urn_and_ukprn():
    assert normalise_urn(" 112 233 ") == "112233"
    assert normalise_urn("012345") == "012345"
    assert normalise_ukprn("10001234") == "10001234"


@pytest.mark.parametrize(
    ("function", "raw", "code", "message"),
    [
        (normalise_urn, "", "urn_blank", "The URN is blank."),
        (normalise_urn, "11223", "urn_length", "A URN must be 6 digits; this one has 5."),
        (normalise_urn, "11223X", "urn_digits", "A URN must contain digits only."),
        (normalise_ukprn, "1000123", "ukprn_length", "A UKPRN must be 8 digits; this one has 7."),
        (normalise_ukprn, "1000-1234", "ukprn_digits", "A UKPRN must contain digits only."),
    ],
)
def test_urn_and_ukprn_error_messages(function, raw, code, message):
    error = error_for(function, raw)
    assert (error.code, error.message) == (code, message)


# --------------------------------------------------------------------------------------------- postcodes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("de43ag", "DE4 3AG"),
        ("  DE4   3AG ", "DE4 3AG"),
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("w1a 0ax", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcode_normalisation(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "district"), [("de4 3ag", "DE4"), ("EC1A1BB", "EC1A"), ("GIR 0AA", "GIR"), ("m11ae", "M1")]
)
def test_postcode_district(raw, district):
    assert postcode_district(raw) == district


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "postcode_blank", "The postcode is blank."),
        ("DE4-3AG", "postcode_characters", "A postcode can only contain letters, numbers and a space."),
        ("DE4", "postcode_length",
         "A postcode has 5 to 7 letters and numbers, not counting the space; this one has 3."),
        ("DE41 3AGG", "postcode_length",
         "A postcode has 5 to 7 letters and numbers, not counting the space; this one has 8."),
        ("DE4 AAG", "postcode_inward",
         "The last part of the postcode (AAG) must be a number then two letters, like 3AG in DE4 3AG "
         "(the letters C, I, K, M, O and V are not used there)."),
        ("DE4 3CG", "postcode_inward",
         "The last part of the postcode (3CG) must be a number then two letters, like 3AG in DE4 3AG "
         "(the letters C, I, K, M, O and V are not used there)."),
        ("QE4 3AG", "postcode_outward",
         "The first part of the postcode (QE4) is not a postcode area and district, like DE4 in DE4 3AG."),
        ("4DE 3AG", "postcode_outward",
         "The first part of the postcode (4DE) is not a postcode area and district, like DE4 in DE4 3AG."),
        ("DEE4 3AG", "postcode_outward",
         "The first part of the postcode (DEE4) is not a postcode area and district, like DE4 in DE4 3AG."),
    ],
)  # fmt: skip
def test_postcode_error_messages(raw, code, message):
    error = error_for(normalise_postcode, raw)
    assert (error.code, error.message) == (code, message)


VALID_POSTCODE = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2}"
)


@PROPERTY
@given(st.from_regex(VALID_POSTCODE, fullmatch=True), st.booleans(), st.sampled_from(["", " ", "  "]))
def test_postcode_round_trip(postcode, lower, gap):
    outward, inward = postcode.split(" ")
    raw = f" {outward}{gap}{inward} "
    raw = raw.lower() if lower else raw
    assert normalise_postcode(raw) == postcode
    assert normalise_postcode(normalise_postcode(raw)) == postcode
    assert postcode_district(raw) == outward
