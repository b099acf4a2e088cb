"""The scrub_pii management command: JSON lines in, JSON lines out, one bad line never stops it."""

import io
import json

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError


def run(stdin_text: str) -> list[dict]:
    out = io.StringIO()
    call_command("scrub_pii", stdin=io.StringIO(stdin_text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_scrubs_each_line_in_order():
    lines = [
        {"id": 1, "text": "顾客王小明，电话13800138000。"},
        {"id": "b", "text": "Mr. Smith, mail smith@example.com", "known": {}},
    ]
    records = run("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    assert records == [
        {
            "id": 1,
            "text": "顾客[顾客]，电话[电话]。",
            "findings": [
                {"kind": "name", "start": 2, "end": 5},
                {"kind": "phone", "start": 8, "end": 19},
            ],
        },
        {
            "id": "b",
            "text": "Mr. [customer], mail [email]",
            "findings": [
                {"kind": "name", "start": 4, "end": 9},
                {"kind": "email", "start": 16, "end": 33},
            ],
        },
    ]


def test_known_values_are_used():
    line = {
        "id": 7,
        "text": "张先生回电 138 0013 8000",
        "known": {"name": "张伟", "phone": 13800138000},
    }
    (record,) = run(json.dumps(line, ensure_ascii=False))
    assert record["text"] == "[顾客]先生回电 [电话]"


def test_output_is_utf8_json_without_personal_data():
    out = io.StringIO()
    line = json.dumps({"id": 1, "text": "顾客李娜，微信号 lina_88"}, ensure_ascii=False)
    call_command("scrub_pii", stdin=io.StringIO(line), stdout=out)
    raw = out.getvalue()
    assert "[社交账号]" in raw  # ensure_ascii=False: Chinese is written as is
    assert "李娜" not in raw and "lina_88" not in raw  # findings carry offsets, not the text


def test_bad_lines_yield_errors_and_processing_continues():
    stdin = "\n".join(
        [
            "{not json",
            json.dumps({"id": 2}),
            json.dumps({"id": 3, "text": 42}),
            json.dumps([1, 2]),
            json.dumps({"id": 5, "text": "ok", "known": ["x"]}),
            "",
            json.dumps({"id": 6, "text": "电话13800138000"}),
        ]
    )
    records = run(stdin)
    assert [r.get("id") for r in records] == [None, 2, 3, None, 5, 6]
    assert records[0]["error"].startswith("invalid JSON")
    assert records[1] == {"id": 2, "error": '"text" is missing'}
    assert records[2] == {"id": 3, "error": '"text" must be a string'}
    assert records[3] == {"id": None, "error": "each line must be a JSON object"}
    assert records[4] == {"id": 5, "error": '"known" must be an object'}
    assert records[5]["text"] == "电话[电话]"


def test_invalid_utf8_from_a_byte_stream_is_one_error():
    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO(b'{"id": 1, "text": "\xff"}\n{"id": 2, "text": "hi"}\n')

    out = io.StringIO()
    call_command("scrub_pii", stdin=BinaryStdin(), stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == [
        {"id": None, "error": "line is not valid UTF-8"},
        {"id": 2, "text": "hi", "findings": []},
    ]


def test_unreadable_stdin_is_a_command_error():
    class Broken(io.StringIO):
        def __iter__(self):
            raise OSError("read failed")

    with pytest.raises(CommandError, match="could not read stdin"):
        call_command("scrub_pii", stdin=Broken(), stdout=io.StringIO())
