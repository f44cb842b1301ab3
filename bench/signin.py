"""CPU per sign-in (issue 30): one password check with each hasher, in this process's CPU
time (not wall time), the median of a few. PBKDF2 at Django's iterations was the first hasher
before; Argon2id with OWASP's parameters is now (accounts.hashers); Django's own Argon2
defaults for comparison."""

import statistics
import time

CHECKS = 7
PASSWORD = "correct-horse-battery-9"  # noqa: S105 - a sample to hash, no account's


def cpu_per_check(hasher) -> float:
    encoded = hasher.encode(PASSWORD, hasher.salt())
    times = []
    for _ in range(CHECKS):
        started = time.process_time()
        assert hasher.verify(PASSWORD, encoded)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def signin_cpu() -> dict:
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    from accounts.hashers import OwaspArgon2PasswordHasher

    before = PBKDF2PasswordHasher()
    return {
        "pbkdf2_iterations": before.iterations,
        "before_ms": round(cpu_per_check(before), 1),
        "django_argon2_ms": round(cpu_per_check(Argon2PasswordHasher()), 1),
        "after_ms": round(cpu_per_check(OwaspArgon2PasswordHasher()), 1),
        "after_params": "argon2id, 19 MiB, 2 passes, 1 lane",
    }


def report(result: dict) -> list[str]:
    return [
        f"Sign-in CPU (one password check, this process's CPU time, median of {CHECKS}): before, "
        f"PBKDF2-SHA256 at {result['pbkdf2_iterations']:,} iterations, {result['before_ms']} ms; "
        f"after, {result['after_params']} (accounts.hashers), {result['after_ms']} ms "
        f"(Django's Argon2 defaults: {result['django_argon2_ms']} ms). Older hashes are re-made "
        "with it at the next sign-in.",
        "",
    ]
