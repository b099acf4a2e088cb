"""The systemd units shipped in deploy/systemd/ start commands that exist, every timer has its
service, and the README's deployment section uses them."""

import configparser
import shlex
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_every_service_runs_a_command_that_exists():
    services = sorted(UNITS.glob("*.service"))
    assert len(services) >= 8
    commands = get_commands()
    for path in services:
        argv = shlex.split(unit(path)["Service"]["ExecStart"])
        if argv[1:2] == ["manage.py"]:
            assert argv[2] in commands, f"{path.name}: no command {argv[2]}"
        else:
            # The app server runs with the shipped configuration (redacted access log).
            assert argv[0].endswith("/gunicorn"), path.name
            assert argv[1:] == ["-c", "config/gunicorn.conf.py", "config.wsgi"], path.name
            assert (ROOT / argv[2]).is_file()


def test_the_worker_unit_runs_the_resilient_worker_and_restarts():
    service = unit(UNITS / "complaints-worker.service")["Service"]
    assert shlex.split(service["ExecStart"])[2] == "run_worker"
    assert service["Restart"] == "always"


def test_every_timer_has_its_service_and_the_periodic_jobs_are_scheduled():
    timers = {path.stem: unit(path)["Timer"]["OnCalendar"] for path in UNITS.glob("*.timer")}
    for name in timers:
        assert (UNITS / f"{name}.service").exists(), name
    assert timers["complaints-sla-sweep"] == "*:0/5"
    assert timers["complaints-send-outbox"].endswith("/5")
    assert "Mon" in timers["complaints-send-reports-weekly"]
    assert timers["complaints-send-reports-monthly"].startswith("*-*-01")


def test_the_readme_deploys_with_the_units_and_the_resilient_worker():
    readme = (ROOT / "README.md").read_text()
    deploying = readme.split("## Deploying", 1)[1].split("\n## ", 1)[0]
    assert "deploy/systemd" in deploying and "run_worker" in deploying
    assert "manage.py db_worker" not in deploying  # it exits when the database restarts
