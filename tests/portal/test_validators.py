import pytest

from django.core.exceptions import ValidationError

from portal.validators import normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("010-12345678", "010-12345678"),
        ("(010) 1234 5678", "010-12345678"),
        ("021 87654321", "021-87654321"),
        ("0571-8765432", "0571-8765432"),
        ("0571-87654321 转 123", "0571-87654321 转123"),
        ("010-12345678 ext 9", "010-12345678 转9"),
        ("+86 10 12345678", "010-12345678"),
        ("（010）12345678", "010-12345678"),
    ],
)
def test_chinese_numbers_are_accepted_as_people_write_them(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "1380013800",
        "138001380001",
        "23800138000",
        "12800138000",
        "010-123",
        "phone",
        "+1 415 555 0100",
        "13800138000 转 1",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)
