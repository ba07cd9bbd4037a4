# Schemathesis hooks for scripts/api-conformance: requests meant to be valid (positive cases) are kept clear
# of two constraints that no OpenAPI schema of a single parameter can state. Requests meant to be invalid are
# left alone, so a schema-violating `cursor` or budget is still sent and must still be refused.
#
# - `cursor` is opaque: the server accepts only a cursor it issued for the same query (a forged one, or one of
#   another query, is a 400 `/problems/invalid-cursor`, as documented). A generated cursor that fits the
#   schema is still one the server rightly refuses, so positive cases go without one.
# - `min_budget` above `max_budget` is a 400 (documented on `min_budget`: "at most `max_budget`"), a
#   constraint between two parameters; positive cases that break it keep only `min_budget`.
# - `q` needs a word (a letter or digit in any script) or it is a 400 "no word to search for". The schema's
#   pattern says "not only blanks": the patterns schemathesis can generate from have no Unicode classes
#   (`\p{L}`), so positive cases whose `q` holds no letter or digit go without it, or, where `q` is required
#   (`/v1/search`), search for a word instead.
# - `limit=all` streams the whole selection as CSV or NDJSON only (documented on `limit`: JSON comes in pages),
#   a constraint between `limit` and `format`; positive cases with `limit=all` ask for NDJSON unless they ask
#   for CSV.
# - The file `POST /v1/imports` takes must not be empty (`minLength: 1`, else a 400 `/problems/empty-body`), but
#   schemathesis generates bodies of `format: binary` as bytes of any length, zero included; positive cases
#   with an empty file send a line instead.
# - The files `POST /v1/imports` takes are bytes (`format: binary`) under media types schemathesis has no
#   serializer of bytes for: CSV and TSV would go through its text serializer, which drops the bytes and sends an empty
#   body, and a spreadsheet through none. They go as `application/octet-stream` goes, byte for byte.
import schemathesis

schemathesis.serializer.alias(
    ["text/csv", "text/tab-separated-values", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    "application/octet-stream",
)


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    if case.operation.path == "/v1/imports" and case.method.upper() == "POST":
        # A binary body comes wrapped (`Binary(data=…)`).
        data = getattr(case.body, "data", case.body)
        if isinstance(data, (bytes, str)) and len(data) == 0:
            case.body = b"\n"
    if not case.query:
        return case
    query = case.query
    query.pop("cursor", None)
    if isinstance(query.get("q"), str) and not any(character.isalnum() for character in query["q"]):
        # Where `q` is required (`/v1/search`), a word takes its place; elsewhere it goes.
        if case.operation.path == "/v1/search":
            query["q"] = "Hamborg"
        else:
            del query["q"]
    if query.get("limit") == "all" and query.get("format") not in ("csv", "ndjson"):
        query["format"] = "ndjson"
    if "min_budget" in query and "max_budget" in query:
        try:
            if float(query["min_budget"]) > float(query["max_budget"]):
                del query["max_budget"]
        except (TypeError, ValueError):
            pass
    return case
