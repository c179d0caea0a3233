"""Defaults of the client: service roots, API version, timeouts and retry limits."""

from __future__ import annotations

#: The IBM-API-Version sent on every request (the value qiskit-ibm-runtime 0.48+ sends).
DEFAULT_API_VERSION = "2026-04-15"

#: Service root for us-east (the spec's first server); other regions are
#: https://{region}.quantum.cloud.ibm.com/api. The spec's paths carry the version ("/v1/jobs").
DEFAULT_SERVICE_URL = "https://quantum.cloud.ibm.com/api"
#: The version segment of the spec's paths: a root given with it (".../api/v1", the form IBM's
#: docs and older clients use) is the same service root.
PATH_VERSION_SEGMENT = "/v1"
DEFAULT_REGION = "us-east"
DEFAULT_IAM_URL = "https://iam.cloud.ibm.com"
IAM_TOKEN_PATH = "/identity/token"
IAM_GRANT_TYPE = "urn:ibm:params:oauth:grant-type:apikey"
#: IBM Cloud Global Search (instance names to CRNs), as the official SDK calls it.
SEARCH_PATH = "/v3/resources/search"

#: Seconds: finite everywhere; the long read/write budget is for job submission only.
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0
DEFAULT_WRITE_TIMEOUT = 60.0
DEFAULT_POOL_TIMEOUT = 10.0
SUBMIT_READ_TIMEOUT = 300.0
SUBMIT_WRITE_TIMEOUT = 900.0

DEFAULT_MAX_RETRIES = 3
RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
#: A server asking to wait longer than this (Retry-After) is not waited for.
MAX_RETRY_AFTER = 120.0

#: Renew the IAM token once this fraction of its lifetime has passed (IBM SDK core uses 0.8).
TOKEN_RENEW_FRACTION = 0.8

#: Job tag limits of the live service (spec 0.45.3: 8 tags of up to 86 characters; the vendored
#: spec's 5 x 24 is raised by openapi/overrides.yaml). One of the 8 holds the client tag below.
MAX_TAGS = 8
MAX_TAG_LENGTH = 86
#: Tags a caller may give a submitted job: one slot holds the client tag.
MAX_USER_TAGS = MAX_TAGS - 1

#: The service's cap on `max_execution_time` / job `cost`, in seconds (3 hours).
MAX_EXECUTION_TIME_LIMIT = 10800
#: The job log levels the service takes (in lower case).
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")

#: Prefix of the tag added to every submission so an ambiguous submission can be found again.
CLIENT_TAG_PREFIX = "qrc-"

#: Largest answer accepted (bytes, on the wire and after decompression); `max_response_size=`
#: raises it. Bounds what a hostile or broken server (a gzip bomb) can make the client allocate.
DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024 * 1024
#: Largest array a job result may declare (bytes once decoded); bounds .npy headers and shapes.
MAX_RESULT_ARRAY_BYTES = 256 * 1024 * 1024
