"""The mixed load of `make bench`: simulated athletes and coaches who sign in (allauth's form,
with its CSRF token), then look at Today, check in over HTMX, read their history and guidance,
or, for coaches, watch the roster. bench/run.py starts it headless and reads its CSV."""

import itertools
import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ["BENCH_PASSWORD"]
ATHLETES = int(os.environ.get("BENCH_LOGIN_ATHLETES", "100"))
_numbers = itertools.count()
# Every warning-sign question of the check-in (recovery.models.RED_FLAG_FIELDS; locust runs
# outside Django, so the list is written out).
CHECKIN = {
    **dict.fromkeys(
        (
            "rf_dark_urine",
            "rf_no_urine",
            "rf_severe_pain",
            "rf_weakness",
            "rf_joint_or_bone_pain",
            "rf_acute_injury",
            "rf_cardiac",
            "rf_unwell",
            "rf_confusion",
        ),
        "no",
    ),
    "can_walk_normally": "yes",
    "hamstrings": "1",
    "glutes": "1",
    "calves": "0",
    "adductors": "0",
    "sleep_quality": "4",
    "energy": "3",
}


class Visitor(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    email = ""

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login form")
        self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="login",
        )

    def htmx_post(self, path: str, data: dict, name: str) -> None:
        self.client.post(
            path,
            data,
            headers={"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name=name,
        )


class Athlete(Visitor):
    weight = 9

    def on_start(self) -> None:
        self.email = f"a{next(_numbers) % ATHLETES}@bench.local"
        super().on_start()

    @task(5)
    def today(self) -> None:
        self.client.get("/today/", name="/today/")

    @task(2)
    def check_in(self) -> None:
        self.htmx_post(
            "/checkin/", {**CHECKIN, "quads": str(random.randint(0, 6))}, "/checkin/ (HTMX)"
        )

    @task(2)
    def history(self) -> None:
        self.client.get("/training/", name="/training/")

    @task(1)
    def guidance(self) -> None:
        self.client.get("/guidance/", name="/guidance/")


class Coach(Visitor):
    weight = 1
    email = "coach@bench.local"

    @task(3)
    def roster(self) -> None:
        self.client.get("/coach/", name="/coach/")

    @task(1)
    def roster_refresh(self) -> None:
        self.client.get("/coach/", headers={"HX-Request": "true"}, name="/coach/ (HTMX refresh)")
