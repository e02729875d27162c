"""The ``permits`` commands, in-process through click's runner with the real environment."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from permits.assembly.app import create_app
from permits.assembly.console import main
from permits.domain.identifiers import with_check_digit
from permits.domain.passwords import verify_password
from permits.http.request import runtime_of
from permits.migrations import upgrade
from permits.models import Firm, User

VALID_BIN = with_check_digit("20014000777")


@pytest.fixture
def run(env):
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(main, list(args), env=env, input=stdin, catch_exceptions=False)

    return invoke


def firm_args(**changes: str) -> list[str]:
    values = {"--name": "Altyn Qaru LLP", "--bin": VALID_BIN, "--licence-number": "MIA-TL-1",
              "--licence-valid-until": "2030-06-30", **changes}  # fmt: skip
    return [part for pair in values.items() for part in pair]


def test_firms_create_registers_a_firm(run, db):
    result = run("firms", "create", *firm_args())
    assert result.exit_code == 0, result.output
    assert f"(BIN {VALID_BIN})" in result.output
    with db.scoped() as s:
        assert s.scalar(select(Firm.name).where(Firm.bin == VALID_BIN)) == "Altyn Qaru LLP"


@pytest.mark.parametrize(("change", "message"), [
    ({"--bin": VALID_BIN[:-1] + str((int(VALID_BIN[-1]) + 1) % 10)}, "BIN check digit is wrong"),
    ({"--bin": "12345"}, "BIN must be exactly 12 digits"),
    ({"--licence-valid-until": "30.06.2030"}, "'30.06.2030' does not match the format"),
    ({"--name": " "}, "firm name"),
])  # fmt: skip
def test_firms_create_refuses_bad_input_in_one_line_without_a_traceback(run, db, change, message):
    result = run("firms", "create", *firm_args(**change))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    with db.scoped() as s:
        assert s.scalar(select(Firm.id)) is None


def test_a_second_firm_with_the_same_bin_is_refused(run):
    assert run("firms", "create", *firm_args()).exit_code == 0
    result = run("firms", "create", *firm_args(**{"--name": "Other"}))
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_users_create_reads_the_password_from_stdin_and_stores_only_its_hash(run, db):
    run("firms", "create", *firm_args())
    result = run(
        "users",
        "create",
        "--username",
        "boss",
        "--role",
        "applicant",
        "--firm",
        VALID_BIN,
        "--head",
        "--password-stdin",
        stdin="a long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    with db.scoped() as s:
        user = s.scalar(select(User).where(User.username == "boss"))
    assert user.is_head and user.firm_id is not None
    assert "secret" not in user.password_hash
    assert verify_password(user.password_hash, "a long enough secret")


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "applicant"], "give its BIN"),
    (["--role", "officer", "--head"], "Only an applicant can be the head"),
    (["--role", "officer", "--firm", VALID_BIN], "Only applicants belong to a firm"),
    (["--role", "emperor"], "'emperor' is not one of"),
])  # fmt: skip
def test_users_create_refuses_impossible_users(run, db, args, message):
    run("firms", "create", *firm_args())
    result = run(
        "users",
        "create",
        "--username",
        "x",
        *args,
        "--password-stdin",
        stdin="a long enough secret\n",
    )
    assert result.exit_code != 0
    assert message in result.output
    with db.scoped() as s:
        assert s.scalar(select(User.id)) is None


def test_users_create_refuses_a_short_password(run):
    result = run(
        "users",
        "create",
        "--username",
        "a",
        "--role",
        "auditor",
        "--password-stdin",
        stdin="short\n",
    )
    assert result.exit_code == 1
    assert "password: The password must be at least 12 characters" in result.output


def test_workflow_diagram_prints_mermaid(run):
    result = run("workflow", "diagram", "--type", "re_export")
    assert result.exit_code == 0
    assert result.output.startswith("stateDiagram-v2\n")
    assert "awaiting_decision --> approved: approve" in result.output
    assert run("workflow", "diagram", "--type", "import", "--version", "9").exit_code == 1


def test_commands_on_an_unmigrated_database_say_to_run_init(env, empty_database_url):
    result = CliRunner().invoke(
        main, ["audit", "verify"], env={**env, "PERMITS_DATABASE_URL": empty_database_url}
    )
    assert result.exit_code == 1
    assert "run 'permits init' first" in result.output


def test_init_creates_an_empty_database_and_is_idempotent(env, empty_database_url):
    env = {**env, "PERMITS_DATABASE_URL": empty_database_url}
    first = CliRunner().invoke(main, ["init"], env=env)
    assert first.exit_code == 0, first.output
    assert "migrated from empty to" in first.output
    second = CliRunner().invoke(main, ["init"], env=env)
    assert "already at revision" in second.output


def test_init_migrates_an_older_database_without_losing_data(env, empty_database_url, tmp_path):
    app = create_app({"DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path / "i"),
                      "ALLOW_UNSCANNED": "1"})  # fmt: skip
    engine = runtime_of(app).database.engine
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO firms (name, bin, address, licence_number, licence_valid_until,"
                 " created_at) VALUES ('Old LLP', :bin, '', 'L-1', '2030-01-01', '2020-01-01')"),
            {"bin": VALID_BIN},
        )  # fmt: skip
    runtime_of(app).database.dispose()
    result = CliRunner().invoke(
        main, ["init"], env={**env, "PERMITS_DATABASE_URL": empty_database_url}
    )
    assert result.exit_code == 0, result.output
    assert "migrated from 0001 to" in result.output
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM firms")).scalar() == "Old LLP"
        assert connection.execute(text("SELECT count(*) FROM countries")).scalar() > 200
    engine.dispose()


def test_keys_init_creates_the_keys_once_and_show_prints_the_root_fingerprint(env, tmp_path):
    env = {**env, "PERMITS_SIGNING_PASSPHRASE": "a long passphrase",
           "PERMITS_KEYS_PATH": str(tmp_path / "new-keys")}  # fmt: skip
    first = CliRunner().invoke(main, ["keys", "init"], env=env)
    assert first.exit_code == 0, first.output
    assert "signing keys created" in first.output
    fingerprint = first.output.split("root certificate SHA-256: ")[1].splitlines()[0].strip()
    assert "audit log key: " in first.output
    again = CliRunner().invoke(main, ["keys", "init"], env=env)
    assert "already present" in again.output
    assert fingerprint in again.output
    shown = CliRunner().invoke(main, ["keys", "show"], env=env)
    assert shown.exit_code == 0
    assert fingerprint in shown.output
    assert "Permit Signing Service" in shown.output


@pytest.mark.parametrize(("passphrase", "message"), [
    ("", "PERMITS_SIGNING_PASSPHRASE"), ("short", "at least 12 characters"),
])  # fmt: skip
def test_keys_need_a_real_passphrase(env, tmp_path, passphrase, message):
    env = {**env, "PERMITS_KEYS_PATH": str(tmp_path / "new-keys")}
    result = CliRunner().invoke(
        main, ["keys", "init"], env={**env, "PERMITS_SIGNING_PASSPHRASE": passphrase}
    )
    assert result.exit_code == 1
    assert message in result.output


def test_a_wrong_passphrase_does_not_open_the_keys(env, tmp_path):
    env = {**env, "PERMITS_KEYS_PATH": str(tmp_path / "new-keys")}
    CliRunner().invoke(
        main, ["keys", "init"], env={**env, "PERMITS_SIGNING_PASSPHRASE": "the right one!"}
    )
    result = CliRunner().invoke(
        main, ["keys", "show"], env={**env, "PERMITS_SIGNING_PASSPHRASE": "the wrong one!"}
    )
    assert result.exit_code == 1
    assert "does not open the signing key" in result.output


def test_init_creates_the_signing_keys_when_a_passphrase_is_set(env, empty_database_url, tmp_path):
    env = {**env, "PERMITS_DATABASE_URL": empty_database_url,
           "PERMITS_SIGNING_PASSPHRASE": "a long passphrase",
           "PERMITS_KEYS_PATH": str(tmp_path / "new-keys")}  # fmt: skip
    result = CliRunner().invoke(main, ["init"], env=env)
    assert result.exit_code == 0, result.output
    assert "signing keys created" in result.output
    assert "signing keys already present" in CliRunner().invoke(main, ["init"], env=env).output


def test_verify_checks_a_permit_file_and_exits_0_only_when_authentic(env, session, app, tmp_path):
    from tests.factories import Cast, application_in

    permit = application_in(session, Cast(), "approved").permit
    good = tmp_path / "permit.pdf"
    good.write_bytes(runtime_of(app).intake.store.get(permit.pdf_sha256))
    result = CliRunner().invoke(main, ["verify", str(good)], env=env)
    assert (result.exit_code, result.output.splitlines()[0]) == (
        0,
        f"authentic (active): {permit.number}",
    )
    bad = tmp_path / "bad.pdf"
    data = bytearray(good.read_bytes())
    data[data.index(b"stream", 1000) + 40] ^= 1
    bad.write_bytes(bytes(data))
    tampered = CliRunner().invoke(main, ["verify", str(bad)], env=env)
    assert tampered.exit_code == 1
    assert tampered.output.startswith("tampered")
    offline = {**env, "PERMITS_DATABASE_URL": f"sqlite:///{tmp_path / 'no-database.sqlite3'}"}
    alone = CliRunner().invoke(main, ["verify", str(good)], env=offline)
    assert (alone.exit_code, alone.output.splitlines()[0]) == (0, f"authentic: {permit.number}")


def test_permits_expire_reports_how_many_expired(env):
    result = CliRunner().invoke(main, ["permits", "expire"], env=env)
    assert (result.exit_code, result.output) == (0, "0 permits expired\n")
