#!/usr/bin/env bash
# make test, after the whole suite: the clock-sensitive modules once more under four local
# hours (time-machine, see tests/conftest.py --clock), so a clock bug fails CI, not users.
# The hours are where "today", "tomorrow" and the evening heads-up change their answer.
set -uo pipefail
cd "$(dirname "$0")/.."
MODULES=(
  tests/recovery/test_reminders.py tests/recovery/test_plan_heads_up.py
  tests/recovery/test_planner.py tests/recovery/test_plans.py
  tests/recovery/test_checkin.py tests/recovery/test_background.py
  tests/recovery/test_calendar.py tests/recovery/test_downhill.py
  tests/training/test_imports.py tests/recovery/test_staff.py
)
CLOCKS=("00:30@Europe/Berlin" "06:59@America/New_York" "19:30@Europe/London" "23:30@Europe/Berlin")
failed=()
for clock in "${CLOCKS[@]}"; do
  echo "--- clock at ${clock}"
  "$(dirname "$0")/../.venv/bin/pytest" -q -p no:cacheprovider --clock="${clock}" "${MODULES[@]}" || failed+=("${clock}")
done
if ((${#failed[@]})); then
  echo "Failed under the shifted clock: ${failed[*]}"
  exit 1
fi
echo "Shifted clocks: all ${#CLOCKS[@]} passed."
