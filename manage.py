#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import sys


def main() -> None:
    from config.env import settings_module  # before Django: `.env` may name the settings

    settings_module()  # production unless `.env` or the environment names another
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
