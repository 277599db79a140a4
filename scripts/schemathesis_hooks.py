"""Schemathesis hooks for Batayon's API check (scripts/api-check).

A tus PATCH body is the file's raw bytes, sent like application/octet-stream;
a link followed from a null field (a try with no course activity) would put
the text "None" in a path meant for a number, which is the tool's step, not a
request a client makes.

Schema-valid data must be accepted (2xx, 3xx, 401, 403, 404, 409, 429). The
document states every rule a schema can state; the rules below cannot be
stated by a schema (they depend on other records, on other fields, or on a
file's bytes), so a 422 (or 415) naming only these fields of these
operations is the right answer to schema-valid data. Anything else fails as
the built-in ST202 would.
"""
import json

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import requires_case_meta, skips_on_unexpected_http_status

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")

ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]

LOGIN = "a mobile number (11 digits from 013–019, +88/88 optional, Bangla or ASCII digits) or an e-mail address"
EXISTS = "must name a record that exists (and is visible to the caller)"

# (method, path) -> {field: reason}; "415" as a field: the body's bytes are checked.
UNSTATABLE = {
    ("POST", "/api/v1/auth/register"): {
        "phone": "a Bangladeshi mobile number (11 digits from 013–019, +88/88 optional); one of phone and e-mail is needed",
        "email": "an e-mail address; one of phone and e-mail is needed",
    },
    ("POST", "/api/v1/auth/login"): {"login": LOGIN},
    ("POST", "/api/v1/auth/password-reset"): {"login": LOGIN},
    ("POST", "/api/v1/auth/password-reset/confirm"): {
        "login": LOGIN,
        "code": "must be the code that was sent, unused and not expired",
    },
    ("POST", "/api/v1/contents"): {
        "chapter_id": "the chapter " + EXISTS,
        "upload_id": "a finished tus upload of the caller's",
        "tags": "split at , ، ; and each at most 40 characters once normalised, at most 10 different",
        "external_url": "at most 500 bytes; a file or a link, not both",
        "file": "a file or a link is needed",
    },
    ("PATCH", "/api/v1/contents/{id}"): {
        "chapter_id": "the chapter " + EXISTS,
        "tags": "each at most 40 characters once normalised, at most 10 different",
        "reason": "needed (1–1000 characters) when `hidden` is sent",
    },
    ("POST", "/api/v1/contents/{id}/comments"): {"parent_id": "a top-level comment on the same content"},
    ("POST", "/api/v1/questions"): {
        "chapter_id": "the chapter " + EXISTS,
        "subject_id": "the subject " + EXISTS + ", of the chapter's class when both are given",
        "class": "the class of the chapter or subject when those are given",
        "tags": "split at , ، ; and each at most 40 characters once normalised, at most 5 different",
    },
    ("PATCH", "/api/v1/questions/{id}"): {
        "chapter_id": "the chapter " + EXISTS,
        "subject_id": "the subject " + EXISTS,
        "class": "the class of the chapter or subject when those are given",
        "tags": "split at , ، ; and each at most 40 characters once normalised, at most 5 different",
    },
    ("POST", "/api/v1/posts"): {
        "title": "to publish: at least 10 characters (a draft may be shorter)",
        "body": "to publish: at least 20 characters (a draft may be shorter)",
        "category": "to publish: one of the categories (a draft may leave it empty)",
        "tags": "split at , ، ; and each at most 40 characters once normalised, at most 5 different",
    },
    ("PATCH", "/api/v1/posts/{id}"): {
        "title": "to publish: at least 10 characters (a draft may be shorter)",
        "body": "to publish: at least 20 characters (a draft may be shorter)",
        "category": "to publish: one of the categories (a draft may leave it empty)",
        "tags": "split at , ، ; and each at most 40 characters once normalised, at most 5 different",
    },
    ("POST", "/api/v1/ideas"): {"scope": "district or upazila needs that place in the teacher's profile"},
    ("POST", "/api/v1/contents/{id}/reports"): {"reason": "one that fits a content: spam, copyright, wrong_chapter or inappropriate"},
    ("POST", "/api/v1/reports"): {
        "reason": "one that fits the item's kind (a content: spam, copyright, wrong_chapter, inappropriate; "
        "a community item: spam, inappropriate, off_topic, misinformation)",
    },
    ("PUT", "/api/v1/me/digest"): {"subscribed": "the account needs an e-mail address"},
    ("PUT", "/api/v1/me/follows"): {
        "key": "for `teacher` or `subject` the id of one that exists; for `tag` 1–40 characters once normalised",
    },
    ("PUT", "/api/v1/me/photo"): {
        "photo": "a picture must be sent",
        "415": "the file's bytes must really be a JPEG, PNG, WebP or GIF picture, whatever the request says",
    },
    ("PUT", "/api/v1/me/profile"): {
        "district_id": "the district " + EXISTS + "; needed with an upazila",
        "upazila_id": "the upazila " + EXISTS + " and lies in the district",
        "level": "a level code of the curriculum",
        "subjects": "subject codes of the curriculum",
        "institution": "an EIIN or the exact name of an institution in the chosen upazila",
    },
    ("POST", "/api/v1/courses"): {"subject_code": "a subject code of the curriculum"},
    ("PATCH", "/api/v1/courses/{id}"): {"subject_code": "a subject code of the curriculum"},
    ("POST", "/api/v1/modules/{id}/activities"): {
        "content_id": "video and audio need a content that " + EXISTS,
        "body": "reading and practice need a body or a content",
    },
    ("POST", "/api/v1/modules/{id}/questions"): {
        "options": "single: two or more non-empty choices, one correct; multiple: two or more, one or more correct",
        "true_answer": "needed for true_false",
        "number_answer": "needed for numeric",
    },
    ("POST", "/api/v1/quizzes/{id}/attempts"): {
        "idempotency_key": "a key already used for another quiz",
        "answers": "every question of the quiz answered, and only those",
    },
    ("POST", "/api/v1/training-batches"): {
        "course_id": "a batch needs a course that " + EXISTS,
        "district_id": "the district " + EXISTS,
        "starts_on": "a real calendar day",
        "trainers": "each the mobile number or e-mail of an account",
    },
    ("POST", "/api/v1/training-batches/{id}/attendance"): {
        "day": "one of the batch's days",
        "code": "the pass of a teacher placed in the batch",
    },
    ("POST", "/api/v1/practice-logs"): {
        "title": "needed unless an activity or a content names the try",
        "activity_id": "an activity " + EXISTS,
        "content_id": "a content " + EXISTS,
        "planned_on": "a day (YYYY-MM-DD) within a year of today",
        "tried_on": "a day (YYYY-MM-DD) within the past year, not after tomorrow",
        "what_done": "needed with tried_on",
        "response": "needed with tried_on",
    },
    ("PUT", "/api/v1/practice-logs/{id}"): {
        "title": "needed unless an activity or a content names the try",
        "activity_id": "an activity " + EXISTS,
        "content_id": "a content " + EXISTS,
        "planned_on": "a day (YYYY-MM-DD) within a year of today",
        "tried_on": "a day (YYYY-MM-DD) within the past year, not after tomorrow",
        "what_done": "needed with tried_on",
        "response": "needed with tried_on",
    },
    ("POST", "/api/v1/practice-logs/{id}/notes"): {"body": "a comment needs a body (an encouragement may be empty)"},
    ("POST", "/api/v1/practice-logs/{id}/observations"): {
        "checks": "a checklist item or a note is needed",
        "observed_on": "a day (YYYY-MM-DD) within the past year",
    },
    ("POST", "/api/v1/moderation/verifications/{id}"): {"reason": "needed when rejecting"},
}


def _fields(response):
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        return None
    return {e.get("field") for e in errors if isinstance(e, dict)}


def _listed(case, response):
    listed = UNSTATABLE.get((case.operation.method.upper(), case.operation.path), {})
    if response.status_code == 415:
        return "415" in listed
    if response.status_code == 422:
        fields = _fields(response)
        return fields is not None and fields <= listed.keys()
    return False


@schemathesis.check
@skips_on_unexpected_http_status
@requires_case_meta
def positive_data_acceptance_listed(ctx, response, case):
    """ST202 with the rules above: schema-valid data is accepted, or refused
    only for a listed rule no schema can state."""
    if not case.meta.generation.mode.is_positive:
        return None
    # A link followed from a null field (see filter_path_parameters) is not schema-valid.
    if any(v is None or v == "None" for v in (case.path_parameters or {}).values()):
        return None
    status = response.status_code
    # Server errors are not_a_server_error's to report.
    if 200 <= status < 400 or status in (401, 403, 404, 409, 429) or status >= 500 or _listed(case, response):
        return None
    raise RejectedPositiveData(
        operation=case.operation.label,
        message="Valid data should have been accepted\nExpected: " + ", ".join(ACCEPTED)
        + " (or 422/415 for a rule listed in scripts/schemathesis_hooks.py)",
        status_code=status,
        allowed_statuses=ACCEPTED,
    )


@schemathesis.hook
def filter_path_parameters(ctx, path_parameters):
    return not any(v is None or v == "None" for v in (path_parameters or {}).values())
