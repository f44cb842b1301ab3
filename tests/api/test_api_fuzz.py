"""Schemathesis, an outside fuzzer, over every operation of the API's schema, against a live
server, with an athlete's token and with a coach's (issue 27): examples, coverage, fuzzing
and the stateful phase that follows the links between operations (a session made by POST is
read, changed and deleted). No 5xx, every response as the schema says.

`positive_data_acceptance` is left out: the schema cannot say every rule (a start more than a
day ahead, a check-in for a day not started), so a schema-valid body may rightly get a 422."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from accounts import services
from accounts.models import Role
from tests.factories import MembershipFactory, StrengthFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _fuzz(base: str, token: str, folder: Path) -> subprocess.Popen:
    """Schemathesis over the live server's schema with `token`, started (not waited for)."""
    folder.mkdir()
    return subprocess.Popen(
        [
            str(SCHEMATHESIS),
            "run",
            f"{base}/api/schema",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "12",  # per operation and phase (25 took about as long: the phases cost the time)
            "--seed",
            "26",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=folder,
    )


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, settings, tmp_path, seeded
):
    """With an athlete's token and with a coach's, both runs at once (the live server answers
    requests in threads): each over every operation, each to its own verdict."""
    settings.API_RATE = "1000000/m"  # the fuzzer is not the rate limit's test
    athlete = UserFactory()
    coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=coach.memberships.get().gym, user=UserFactory())
    runs = {}
    for role, user in (("athlete", athlete), ("coach", coach)):
        StrengthFactory(athlete=user, exercises=["Back squat"])
        _, token = services.api_token_create(user=user, name="fuzz", can_write=True, days=1)
        runs[role] = (token, _fuzz(live_server.url, token, tmp_path / role))
    for role, (token, run) in runs.items():
        out, _ = run.communicate(timeout=600)
        assert run.returncode == 0, f"{role}: {out[-6000:]}"
        # The stateful phase ran and followed links (it is skipped when it finds none).
        assert re.search(r"✅  Stateful \(in [\d.]+s\)[^❌]*?✅ \d+ passed", out), out[-3000:]
        assert token not in out  # the fuzzer's report filters it too
