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


def _fuzz(base: str, token: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
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
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )


@pytest.mark.parametrize("role", ["athlete", "coach"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, settings, tmp_path, role, seeded
):
    settings.API_RATE = "1000000/m"  # the fuzzer is not the rate limit's test
    user = UserFactory()
    if role == "coach":
        coach = MembershipFactory(role=Role.COACH).user
        MembershipFactory(gym=coach.memberships.get().gym, user=user)
        user = coach
    StrengthFactory(athlete=user, exercises=["Back squat"])
    _, token = services.api_token_create(user=user, name="fuzz", can_write=True, days=1)
    result = _fuzz(live_server.url, token, tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    # The stateful phase ran and followed links (it is skipped when it finds none).
    assert re.search(r"✅  Stateful \(in [\d.]+s\)[^❌]*?✅ \d+ passed", out), out[-3000:]
    assert token not in out  # the fuzzer's report filters it too
