"""The command line as a whole: every command documented, errors as one line, no tracebacks."""

import click
import pytest
from click.testing import CliRunner

from actorgraph.cli import main


def all_commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


COMMANDS = list(all_commands(main))


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path, cmd):
    assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
    result = CliRunner().invoke(main, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden and param.name != "help":
            assert (param.help or "").strip(), f"{' '.join(path)} {param.opts[0]} has no help"


def test_version():
    result = CliRunner().invoke(main, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0 and "actorgraph" in result.output


def test_domain_errors_are_one_line_with_exit_code(tmp_path):
    bad = tmp_path / "reg.csv"
    bad.write_text("name,type\nX,Planet\n")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "build", "--registry", str(bad),
                                       str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("Error:") and "reg.csv" in result.output


def test_failed_input_is_reported_and_build_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok Xi Jinping di Beijing.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "build", "--date", "2024-05-16",
                                       str(empty), str(good)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "built 1 articles (1 failed)" in result.output
    assert "Traceback" not in result.output
