"""Open objects (``additionalProperties``) take their extra properties in a typed way.

Webflow's CMS items carry user-defined fields: ``models.FieldData(name=..., color=...)``
type-checks (a ``**extra`` ``__init__`` under ``TYPE_CHECKING``), is sent with ``color`` and
reads it back as ``item.color`` (a typed ``__getattr__``),
and a body field of an open object also takes a plain mapping of wire names. Objects that
document no extra properties keep refusing unknown keywords under mypy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WEBFLOW = ROOT / "generated" / "webflow"
USER_SCRIPT = '''\
from typing import Any, Dict

from webflow import Client, models

client = Client(token="t")
item = models.FieldData(name="N", slug="n", color="red")
client.collections.items.create_item_live("c1", field_data=item)
fields: Dict[str, Any] = {"name": "x", "color": "blue"}
client.collections.items.create_item_live("c1", field_data=fields)
models.Site(id="s", colour="red")  # the one error: Site lists its fields only
colour: str = item.color  # extra properties read back as attributes, typed by additionalProperties
'''


def test_custom_fields_type_check_and_closed_models_still_refuse_unknown_keywords(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(USER_SCRIPT)
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "app.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "MYPYPATH": str(WEBFLOW)})
    assert 'app.py:10: error: Unexpected keyword argument "colour" for "Site"' in result.stdout, result.stdout
    assert "Found 1 error in 1 file" in result.stdout, result.stdout


SEND_SCRIPT = """\
import json

import httpx

from webflow import Client, models

sent = []


def answer(request):
    sent.append(json.loads(request.content)["fieldData"])
    return httpx.Response(202, json={"id": "i1"})


client = Client(token="t", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
client.collections.items.create_item_live("c1", field_data=models.FieldData(name="N", slug="n", color="red"))
client.collections.items.create_item_live("c1", field_data={"name": "x", "color": "blue"})
assert models.FieldData(name="N", slug="n", color="red").color == "red"
print(json.dumps(sent))
"""


def test_custom_fields_and_plain_mappings_are_sent() -> None:
    # In a process of its own: the test session may import other packages named webflow.
    result = subprocess.run([sys.executable, "-c", SEND_SCRIPT], cwd=WEBFLOW, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == [{"name": "N", "slug": "n", "color": "red"}, {"name": "x", "color": "blue"}]
