"""Schemathesis hooks for Batayon's API check (scripts/api-check): a tus
PATCH body is the file's raw bytes, sent like application/octet-stream; a
link followed from a null field (a try with no course activity) would put
the text "None" in a path meant for a number, which is the tool's step, not
a request a client makes."""
import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


@schemathesis.hook
def filter_path_parameters(ctx, path_parameters):
    return not any(v is None or v == "None" for v in (path_parameters or {}).values())
