"""Password hashing (issue 30): Argon2id with OWASP's parameters, not Django's defaults.

OWASP's Password Storage Cheat Sheet: Argon2id with 19 MiB of memory, 2 passes and 1 lane.
Django's Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about as much CPU per sign-in as
PBKDF2 at a million iterations; these cost a sixth of it (`make bench` measures both), so
sign-ins no longer queue every other request on a web core. The algorithm name stays
"argon2": a hash with other parameters (Django's, or PBKDF2's) is re-made with these at the
person's next sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
