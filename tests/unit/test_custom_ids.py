"""The one grammar of custom_ids: what the bot writes, it reads back; anything else is refused by shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.discord.custom_ids import KINDS, CustomId, Field, Kind, encode, ours, parse


@pytest.mark.parametrize(
    ("custom_id", "expected"),
    [
        ("momentos:answer:12:3", CustomId(Kind.ANSWER, (12, 3))),
        ("momentos:answer:0:0", CustomId(Kind.ANSWER, (0, 0))),
        ("momentos:answer:" + "9" * 19 + ":4", CustomId(Kind.ANSWER, (int("9" * 19), 4))),
        ("momentos:answer:" + "9" * 20 + ":1", None),  # longer than a 64-bit id
        ("momentos:answer:12:10", None),  # a choice is one digit
        ("momentos:answer:-1:0", None),
        ("momentos:answer:12:-1", None),
        ("momentos:answer::1", None),
        ("momentos:answer:12:", None),
        ("momentos:answer:12", None),  # an old format without the choice
        ("momentos:answer:１２:1", None),  # full-width digits
        ("momentos:answer:12:٣", None),  # an Arabic-Indic digit
        ("momentos:answer:1e3:1", None),
        ("momentos:answer:012:1", None),  # not how the bot writes 12
        ("momentos:answer: 12:1", None),
        ("momentos:reflect:7", CustomId(Kind.REFLECT, (7,))),
        ("momentos:reflect:7:1", None),
        ("momentos:kudos:", None),
        ("momentos:forget:5:6", CustomId(Kind.FORGET, (5, 6))),
        ("momentos:forget:5", None),
        ("momentos:draft:42", CustomId(Kind.DRAFT, (42,))),
        ("momentos:reflection:3", CustomId(Kind.REFLECTION_FORM, (3,))),
        ("momentos:scenario:42", CustomId(Kind.SCENARIO_FORM, (42,))),
        ("momentos:vote:1:1", None),  # a kind this version does not know
        ("otrobot:answer:1:1", None),
        ("momentos", None),
        ("", None),
    ],
)
def test_ids_are_parsed_strictly(custom_id: str, expected: CustomId | None) -> None:
    assert parse(custom_id) == expected


def test_the_formats_already_on_discord_are_kept() -> None:
    """Buttons posted by earlier versions are in channels now: the grammar must not change under them."""
    assert encode(Kind.ANSWER, 12, 3) == "momentos:answer:12:3"
    assert encode(Kind.REFLECT, 7) == "momentos:reflect:7"
    assert encode(Kind.KUDOS, 8) == "momentos:kudos:8"
    assert encode(Kind.HIGHLIGHT, 8) == "momentos:highlight:8"
    assert encode(Kind.FORGET, 5, 6) == "momentos:forget:5:6"
    assert encode(Kind.DRAFT, 42) == "momentos:draft:42"
    assert encode(Kind.REFLECTION_FORM, 3) == "momentos:reflection:3"
    assert encode(Kind.SCENARIO_FORM, 42) == "momentos:scenario:42"


@pytest.mark.parametrize(("kind", "values"), [(Kind.ANSWER, (1, 10)), (Kind.ANSWER, (1,)), (Kind.REFLECT, (-1,))])
def test_encoding_what_does_not_fit_the_kind_is_an_error(kind: Kind, values: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=kind.value):
        encode(kind, *values)


@given(st.sampled_from(list(Kind)), st.data())
def test_every_id_the_bot_writes_reads_back(kind: Kind, data: st.DataObject) -> None:
    values = tuple(
        data.draw(st.integers(0, 9) if field is Field.CHOICE else st.integers(0, 2**63 - 1)) for field in KINDS[kind]
    )
    custom_id = encode(kind, *values)
    assert len(custom_id) <= 100, "Discord's limit for a custom_id"
    assert ours(custom_id) and parse(custom_id) == CustomId(kind, values)


@given(st.text(max_size=60))
def test_any_text_parses_to_nothing_or_to_an_id_that_encodes_back_to_itself(text: str) -> None:
    parsed = parse(text)
    assert parsed is None or encode(parsed.kind, *parsed.values) == text
