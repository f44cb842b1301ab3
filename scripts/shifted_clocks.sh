#!/usr/bin/env bash
# make test, after the whole suite: the clock-sensitive modules once more under four local
# hours (time-machine, see tests/conftest.py --clock), so a clock bug fails CI, not users.
# The hours are where "today", "tomorrow" and the evening heads-up change their answer.
# Two runs at a time, each with its own test database, Redis databases (broker, cache) and
# upload folder.
set -uo pipefail
cd "$(dirname "$0")/.."
MODULES=(
  tests/recovery/reminders/test_reminders.py tests/recovery/reminders/test_plan_heads_up.py
  tests/recovery/planning/test_planner.py tests/recovery/planning/test_plans.py
  tests/recovery/test_checkin.py tests/recovery/test_background.py
  tests/recovery/planning/test_calendar.py tests/recovery/test_downhill.py
  tests/training/test_imports.py tests/recovery/staff/test_staff.py
)
# Not about the hour (the page's query count as its history grows), and the slowest: the
# main run has it.
SLOW_NOT_CLOCK=(tests/recovery/test_checkin.py::test_today_page_queries_do_not_grow_with_history)
CLOCKS=("00:30@Europe/Berlin" "06:59@America/New_York" "19:30@Europe/London" "23:30@Europe/Berlin")
DATABASE="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/runready}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379/0}"
LOGS="$(mktemp -d)"

run() {  # run N CLOCK: its own database runready_clockN, Redis databases 8+2N and 9+2N
  local n="$1" clock="$2"
  DATABASE_URL="${DATABASE%/*}/runready_clock${n}" \
    REDIS_URL="${REDIS%/*}/$((8 + 2 * n))" CACHE_URL="${REDIS%/*}/$((9 + 2 * n))" \
    MEDIA_ROOT="${LOGS}/media${n}" \
    .venv/bin/pytest -q -p no:cacheprovider --clock="${clock}" "${MODULES[@]}" \
      --deselect "${SLOW_NOT_CLOCK[@]}" \
    >"${LOGS}/${n}.log" 2>&1
}

failed=()
for pair in "0 1" "2 3"; do
  pids=()
  for n in ${pair}; do
    run "${n}" "${CLOCKS[n]}" &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    n=$(echo "${pair}" | cut -d' ' -f$((i + 1)))
    if wait "${pids[i]}"; then
      echo "clock at ${CLOCKS[n]}: $(tail -1 "${LOGS}/${n}.log")"
    else
      echo "--- clock at ${CLOCKS[n]} FAILED:"
      tail -40 "${LOGS}/${n}.log"
      failed+=("${CLOCKS[n]}")
    fi
  done
done
rm -rf "${LOGS}"
if ((${#failed[@]})); then
  echo "Failed under the shifted clock: ${failed[*]}"
  exit 1
fi
echo "Shifted clocks: all ${#CLOCKS[@]} passed."
