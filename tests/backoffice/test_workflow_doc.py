"""docs/workflow.md shows the workflow table as it is in the code, never an older one."""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from backoffice.management.commands.workflow_diagram import replace_regions
from backoffice.workflow import ACTIONS, mermaid_diagram

PAGE = Path(settings.BASE_DIR) / "docs" / "workflow.md"


def test_the_page_is_up_to_date_with_the_workflow_table():
    text = PAGE.read_text(encoding="utf-8")
    assert replace_regions(text) == text, (
        "docs/workflow.md is out of date: run "
        "`python manage.py workflow_diagram --update docs/workflow.md`"
    )


def test_the_markdown_table_has_one_row_per_action():
    out = StringIO()
    call_command("workflow_diagram", "--markdown", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(ACTIONS)
    assert (
        "| `merge` | Merge into another case | any open state | `invalid_closed` |"
        in out.getvalue()
    )
    assert out.getvalue() in PAGE.read_text(encoding="utf-8")


def test_the_command_prints_the_diagram_in_the_page():
    out = StringIO()
    call_command("workflow_diagram", stdout=out)
    assert out.getvalue() == mermaid_diagram()
    assert "received --> acknowledged: acknowledge" in out.getvalue()
    assert out.getvalue() in PAGE.read_text(encoding="utf-8")
