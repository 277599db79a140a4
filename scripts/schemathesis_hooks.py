"""Schemathesis hooks for Batayon's API check (scripts/api-check): a tus
PATCH body is the file's raw bytes, sent like application/octet-stream."""
import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
