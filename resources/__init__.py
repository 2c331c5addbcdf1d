"""The console's resource files, installed as the package ``console_resources`` (see pyproject.toml).

A regular package rather than a namespace one: an installed copy is then found as one folder, ahead of any
other ``console_resources`` on the path (see console/resources.py).
"""
