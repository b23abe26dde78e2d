"""Validates the live STAC API of an EcoTrack server with the reference validators from PyPI.

stac-api-validator (the STAC API conformance suite: core, collections, features, item-search) and
stac-validator (JSON Schema of each object) fetch the STAC JSON Schemas from schemas.stacspec.org.
Machines without internet cannot reach it, so the schemas come from the copies pystac ships for STAC
1.1.0 (pystac.validation.local_validator): requests.get is answered from that table for those URLs only.

A control checks that the validators can fail: an item with its geometry removed must be rejected.

Usage: python3 stac_validate.py ROOT_URL COLLECTION (scripts/checks/stac.sh runs it against the demo server)
"""
import json
import sys

import requests
from pystac.validation.local_validator import get_local_schema_cache

LOCAL = get_local_schema_cache()
# stac-validator resolves some relative references against an $id without its file name.
LOCAL.update({url.replace(".json", "json"): schema for url, schema in LOCAL.items()})
_get = requests.get


class _Offline:
    status_code = 200
    headers = {"content-type": "application/json"}

    def __init__(self, body):
        self._body = body
        self.text = json.dumps(body)
        self.content = self.text.encode()

    def json(self):
        return self._body

    def raise_for_status(self):
        pass


def offline_get(url, *args, **kwargs):
    if isinstance(url, str) and url.split("#")[0] in LOCAL:
        return _Offline(LOCAL[url.split("#")[0]])
    return _get(url, *args, **kwargs)


requests.get = offline_get
import stac_validator.utilities  # noqa: E402  (after the patch, so its `requests` sees it)

stac_validator.utilities.requests.get = offline_get


def validate_objects(root):
    """stac-validator on the landing page, every collection, and the first page of items of each."""
    from stac_validator.stac_validator import StacValidate

    failures = 0
    landing = _get(root, timeout=30).json()
    collections = _get(root + "/collections", timeout=30).json()["collections"]
    objects = [("landing", landing)] + [(c["id"], c) for c in collections]
    for collection in collections:
        page = _get(f"{root}/collections/{collection['id']}/items?limit=3", timeout=30).json()
        objects += [(f"{collection['id']}/{item['id']}", item) for item in page["features"]]
    for name, body in objects:
        validator = StacValidate()
        valid = validator.validate_dict(body)
        if not valid:
            failures += 1
            print(f"stac-validator: {name} INVALID: {json.dumps(validator.message)[:600]}")
    print(f"stac-validator: {len(objects) - failures} of {len(objects)} objects valid ({len(collections)} collections)")
    items = [body for _, body in objects if body.get("type") == "Feature"]
    if not items:
        print("stac-validator: no items to validate (the demo should have some)")
        return failures + 1
    broken = dict(items[0])
    del broken["geometry"]
    if StacValidate().validate_dict(broken):
        print("stac-validator: CONTROL FAILED: an item without geometry passed, so the schemas are not being applied")
        failures += 1
    return failures


def geometry_of(root, collection):
    """The collection's spatial extent as a GeoJSON polygon, for the validator's intersects searches."""
    west, south, east, north = _get(f"{root}/collections/{collection}", timeout=30).json()["extent"]["spatial"]["bbox"][0]
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def main():
    root, collection = sys.argv[1], sys.argv[2]
    failures = validate_objects(root)
    geometry = geometry_of(root, collection)
    from stac_api_validator.__main__ import main as api_validator

    args = ["--root-url", root, "--collection", collection, "--geometry", geometry, "--validate-pagination"]
    for conformance in ["core", "collections", "features", "item-search"]:
        args += ["--conformance", conformance]
    try:
        code = api_validator(args, standalone_mode=False) or 0
    except SystemExit as exit:
        code = exit.code or 0
    sys.exit(1 if failures or code else 0)


if __name__ == "__main__":
    main()
