"""`make audit`: production settings on loopback HTTP (Lighthouse and Chromium as the client).

The demo gym is loaded into its own test database (`test_runready_audit`: the demo data
command accepts only a development or test database) by a DEBUG run of the same settings.
"""

import os

from .loopback import loopback_defaults

loopback_defaults(name="test_runready_audit", redis_db=4, cache_db=5)

if os.environ.get("DEBUG", "").lower() == "true":  # the one-off demo data load
    from .base import *  # noqa: F403
else:
    from .production import *  # noqa: F403
