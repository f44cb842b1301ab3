"""How the advice worked: the app judging its own rules (DESIGN §2 "outcomes", issue 25 item 5).

Over a span of days (90 by default), per verdict level and per fired rule: how many days
gave that advice, on how many the athlete ran, the share of those that kept the advice, the
change in worst soreness from the day's check-in to the next day's, and how often the legs
felt sore or painful on the run — for the days the advice was kept and the days it was not.
One aggregate query in the database, whatever the number of athletes or days; only counts
and means leave it, never a row about one person.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from accounts.models import User

from ..engine import wording
from ..engine.rules import RULES
from ..models import SORENESS_FIELDS

EVALUATION_DAYS = 90

# The few expressions PostgreSQL and SQLite (the embedded default of `make run`) spell apart.
DIALECTS = {
    "postgresql": {
        "all": "bool_and",
        "greatest": "GREATEST",
        "rules": "CROSS JOIN LATERAL jsonb_array_elements(d.fired) AS rule",
        "rule_id": "rule.value ->> 'rule_id'",
        "next_day": "d.local_date + 1",
    },
    "sqlite": {
        "all": "min",
        "greatest": "max",
        "rules": "CROSS JOIN json_each(d.fired) AS rule",
        "rule_id": "json_extract(rule.value, '$.rule_id')",
        "next_day": "date(d.local_date, '+1 day')",
    },
}
# Worst soreness of a check-in row `{t}`.
WORST = "{greatest}(" + ", ".join("{t}." + name for name in SORENESS_FIELDS) + ")"

# `{scope}`: the athletes' subquery, Django's own SQL with its parameters passed apart.
SQL = """
WITH advice AS (
    SELECT r.athlete_id, r.local_date, r.level, r.fired
    FROM recovery_recommendation r
    WHERE r.local_date BETWEEN %(first)s AND %(last)s {scope}
), runs AS (
    SELECT a.athlete_id, a.local_date, {all}(a.followed) AS followed,
           count(*) FILTER (WHERE s.legs_feel IN ('sore', 'painful')) AS legs_bad,
           count(*) FILTER (WHERE s.legs_feel <> '') AS legs_told
    FROM recovery_runadherence a JOIN training_session s ON s.id = a.session_id
    WHERE a.local_date BETWEEN %(first)s AND %(last)s
    GROUP BY a.athlete_id, a.local_date
), days AS (
    SELECT d.athlete_id, d.level, {rule_id} AS rule_id, runs.followed,
           runs.legs_bad, runs.legs_told,
           {worst_after} - {worst_on} AS change
    FROM advice d
    {rules}
    LEFT JOIN runs ON runs.athlete_id = d.athlete_id AND runs.local_date = d.local_date
    LEFT JOIN recovery_checkin c0
        ON c0.athlete_id = d.athlete_id AND c0.local_date = d.local_date
    LEFT JOIN recovery_checkin c1
        ON c1.athlete_id = d.athlete_id AND c1.local_date = {next_day}
)
SELECT level, rule_id, count(*), count(DISTINCT athlete_id), count(followed),
       count(*) FILTER (WHERE followed),
       avg(change) FILTER (WHERE followed), avg(change) FILTER (WHERE NOT followed),
       sum(legs_bad) FILTER (WHERE followed), sum(legs_told) FILTER (WHERE followed),
       sum(legs_bad) FILTER (WHERE NOT followed), sum(legs_told) FILTER (WHERE NOT followed)
FROM days
GROUP BY level, rule_id
ORDER BY level, rule_id
"""


@dataclass(frozen=True)
class RuleOutcome:
    level: int
    rule_id: str
    days: int  # days that gave this advice
    athletes: int
    ran: int  # of them, days with a run judged against the advice
    kept: int  # of those, days every run kept it
    change_kept: float | None  # next-day worst soreness minus the day's, when kept
    change_not: float | None  # and when not
    legs_bad_kept: int
    legs_told_kept: int
    legs_bad_not: int
    legs_told_not: int

    @property
    def title(self) -> str:
        return wording.rule_title(self.rule_id) if self.rule_id in RULES else self.rule_id

    @property
    def level_name(self) -> str:
        return wording.level_name(self.level).lower()

    @property
    def kept_share(self) -> float | None:
        return self.kept / self.ran if self.ran else None

    @property
    def legs_kept(self) -> float | None:
        return self.legs_bad_kept / self.legs_told_kept if self.legs_told_kept else None

    @property
    def legs_not(self) -> float | None:
        return self.legs_bad_not / self.legs_told_not if self.legs_told_not else None


def newest_day(now: dt.datetime) -> dt.date:
    """The newest local day anywhere at `now` (UTC+14): athletes far east of the viewer are a
    day ahead, and their today's runs count too."""
    return (now.astimezone(dt.UTC) + dt.timedelta(hours=14)).date()


def rule_outcomes(
    scope: QuerySet[User] | None,
    last: dt.date,
    days: int = EVALUATION_DAYS,
    until: dt.date | None = None,
) -> list[RuleOutcome]:
    """Per level and rule over the `days` up to `last` (and on to `until`: the days athletes
    east of the viewer have already reached, `newest_day`), for the athletes of `scope` (None:
    everyone; from `accounts.selectors.evaluation_scope`). One query."""
    first = last - dt.timedelta(days=days - 1)
    params: dict[str, Any] = {"first": first, "last": max(last, until or last)}
    where = ""
    if scope is not None:
        inner, inner_params = scope.order_by().values("pk").query.sql_with_params()
        names = [f"scope_{n}" for n in range(len(inner_params))]
        params.update(zip(names, inner_params, strict=True))
        # The scope's own SQL, its %s placeholders named so they sit beside the dates.
        inner = inner.replace("%", "%%").replace("%%s", "%s") % tuple(f"%({n})s" for n in names)
        where = f"AND r.athlete_id IN ({inner})"
    with connection.cursor() as cursor:
        words = DIALECTS[connection.vendor]
        query = SQL.format(
            scope=where,
            worst_after=WORST.format(t="c1", **words),
            worst_on=WORST.format(t="c0", **words),
            **words,
        )
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [
        RuleOutcome(
            level=level,
            rule_id=rule_id,
            days=count,
            athletes=athletes,
            ran=ran,
            kept=kept,
            change_kept=float(a) if a is not None else None,
            change_not=float(b) if b is not None else None,
            legs_bad_kept=int(c or 0),
            legs_told_kept=int(d or 0),
            legs_bad_not=int(e or 0),
            legs_told_not=int(f or 0),
        )
        for level, rule_id, count, athletes, ran, kept, a, b, c, d, e, f in rows
    ]
