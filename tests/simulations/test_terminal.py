"""The `simulate` command driven through a real pseudo-terminal (pexpect), and without one."""

from __future__ import annotations

import json
import subprocess

import pexpect
import pytest

from consilium.core.settings import Settings
from consilium.simulations.session import Session
from tests.simulations.conftest import APPENDICITIS_CASE, CLI, PE_CASE, plain

TIMEOUT = 30


def spawn(args: list[str], env: dict[str, str]) -> pexpect.spawn:
    return pexpect.spawn(CLI[0], [*CLI[1:], *args], env=env, encoding="utf-8",
                         timeout=TIMEOUT, dimensions=(50, 140))


def read_to_end(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return plain(child.before or "")


def test_doctor_mode_asks_orders_consults_and_commits(cli_env: dict[str, str]) -> None:
    child = spawn([APPENDICITIS_CASE, "--mode", "doctor", "--budget", "300"], cli_env)
    child.expect("you>")
    child.sendline("Where is the pain now?")
    child.expect("moved to the lower right side")
    child.expect("you>")
    child.send("/con\t")  # completion turns "/con" into "/consult"
    child.sendline("")
    child.expect("The panel suggests")
    child.expect("working diagnosis: ")
    child.expect("you>")
    child.sendline("/order CBC")
    child.expect("white cell count 15.8")
    child.expect("you>")
    child.sendline("/commit appendicitis ; appendicectomy")
    output = read_to_end(child)
    assert "Differential" in output and "Spend" in output
    assert "verdict" in output and "correct" in output and "incorrect" not in output
    assert "18 of 300 USD" in output
    assert "Traceback" not in output
    assert child.exitstatus == 0


def test_help_lists_the_slash_commands_and_unknown_ones_are_refused(
        cli_env: dict[str, str]) -> None:
    child = spawn([PE_CASE, "--mode", "doctor"], cli_env)
    child.expect("you>")
    child.sendline("/help")
    child.expect("/consult")
    child.expect("/commit")
    child.expect("you>")
    child.sendline("/xray")
    child.expect("unknown command")
    child.expect("you>")
    child.sendeof()
    output = read_to_end(child)
    assert "Resume with: consilium simulate --resume" in output
    assert "Traceback" not in output and child.exitstatus == 0


def test_ctrl_c_leaves_without_a_traceback_and_the_session_resumes(
        cli_env: dict[str, str], cli_settings: Settings) -> None:
    child = spawn([PE_CASE, "--mode", "doctor", "--budget", "500"], cli_env)
    child.expect("you>")
    child.sendline("/order D-dimer")
    child.expect("4,200")
    child.expect("you>")
    child.sendintr()
    output = read_to_end(child)
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    session_id = output.split("--resume ")[1].split()[0]
    assert Session.resume(session_id, settings=cli_settings).state.spent_usd == 10

    again = spawn(["--resume", session_id], cli_env)
    again.expect("you>")
    again.sendline("/commit pulmonary embolism ; anticoagulation")
    output = read_to_end(again)
    assert "10 of 500 USD" in output and "correct" in output


def test_patient_mode_the_user_answers_the_panel(cli_env: dict[str, str]) -> None:
    child = spawn([PE_CASE, "--mode", "patient"], cli_env)
    child.expect("panel asks:.*how did this start")
    child.expect("patient>")
    child.sendline("I suddenly became breathless and coughed up blood; my left calf is swollen")
    for _ in range(4):  # past history, medications, social, family
        child.expect("patient>")
        child.sendline("")
    child.expect("patient>")
    child.sendline("/status")
    child.expect("coughed up blood")
    child.expect("patient>")
    child.sendline("/quit")
    output = read_to_end(child)
    assert "Resume with" in output and "Traceback" not in output


def test_watch_mode_in_a_terminal_shows_the_transcript_and_the_score(
        cli_env: dict[str, str]) -> None:
    child = spawn([PE_CASE], cli_env)
    output = read_to_end(child)
    assert "Transcript" in output and "Differential" in output
    assert "Score: session" in output and "correct" in output
    assert child.exitstatus == 0


def test_watch_json_runs_without_a_terminal(cli_env: dict[str, str]) -> None:
    done = subprocess.run([*CLI, PE_CASE, "--mode", "watch", "--json", "--budget", "400"],
                          env=cli_env, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["score"]["correct"] is True and data["score"]["cost_usd"] <= 400
    roles = {e["role"] for e in data["transcript"]}
    assert {"patient", "examiner", "critic"} <= roles


@pytest.mark.parametrize(("args", "message"), [
    (["missing.yaml"], "no such case file"),
    ([PE_CASE, "--mode", "doctor", "--json"], "needs --mode watch"),
    (["--resume", "no-such-session"], "no saved session"),
    ([], "give a CASE file"),
])
def test_bad_input_exits_2_with_one_message(cli_env: dict[str, str], args: list[str],
                                            message: str) -> None:
    done = subprocess.run([*CLI, *args], env=cli_env, capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 2
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
