"""The runtime of every generated Python client, copied into each package beside its modules.

It is ordinary Python: linted, type-checked and unit-tested here once (tests/test_runtime.py),
with only the per-API facts (credentials, envelope, error field) passed in by the generated
client as :class:`_base.Settings`.
"""
