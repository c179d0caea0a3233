"""RuntimeEmulator: a local, real-HTTP stand-in for IBM Quantum's Runtime API and IAM.

    with RuntimeEmulator() as emu:
        client = emu.client()          # a RuntimeClient pointed at the emulator
        ...
        emu.fail_job(reason="Calibration drifted", code=1517)   # the next job fails

It serves the vendored spec's operations under /api/v1 plus IAM's /identity/token and IBM Cloud
Global Search's /v3/resources/search (instance names to CRNs), validates
requests like the service, runs circuits on qiskit's reference primitives, and offers knobs for
the failures tests need (see the methods below the "knobs" line).
"""

from __future__ import annotations

import dataclasses
import random
import secrets
import uuid
from collections.abc import Iterable
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from qiskit_runtime_client._constants import SEARCH_PATH
from qiskit_runtime_client.testing._app import EmulatorApp
from qiskit_runtime_client.testing._backends import Backend, default_backends
from qiskit_runtime_client.testing._clock import EmulatorTime, MonotonicClock, iso
from qiskit_runtime_client.testing._execution import RunContext, execute, job_seed, qiskit_thread
from qiskit_runtime_client.testing._faults import (
    DELAY,
    DROP,
    DROP_AFTER,
    ERROR,
    HTML,
    FaultRule,
    Faults,
)
from qiskit_runtime_client.testing._iam import TokenIssuer
from qiskit_runtime_client.testing._isa import isa_refusal
from qiskit_runtime_client.testing._lifecycle import Lifecycle
from qiskit_runtime_client.testing._paths import API_PREFIX
from qiskit_runtime_client.testing._recording import RecordedRequest, Recorder
from qiskit_runtime_client.testing._search import InstanceDirectory, InstanceEntry
from qiskit_runtime_client.testing._server import ServerThread
from qiskit_runtime_client.testing._service import Service
from qiskit_runtime_client.testing._spec import SpecIndex, default_index
from qiskit_runtime_client.testing._store import Fault, Job, Outcome, Store, new_id

if TYPE_CHECKING:
    from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient

_BACKEND_STATES = ("online", "paused", "offline")


def _count(count: int | None) -> int | None:
    """A fault's repeat count: None (until reset) or at least 1."""
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ValueError(f"count must be None (until reset_faults) or at least 1, got {count!r}")
    return count


def _seconds(name: str, value: object, *, positive: bool = False) -> float:
    """`value` as seconds, or a ValueError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, got {value!r}")
    if value < 0 or (positive and value == 0):
        bound = "greater than 0" if positive else "0 or more"
        raise ValueError(f"{name} must be {bound} seconds, got {value!r}")
    return float(value)


class RuntimeEmulator:
    """A Qiskit Runtime service on http://127.0.0.1:PORT, run in a background thread.

    Args:
        host, port: where to listen (port 0 picks a free port).
        api_key: the API key IAM accepts (random by default).
        queue_seconds, run_seconds: how long each job stays Queued, then Running (emulator time).
        clock: anything with `monotonic()`; share a `qiskit_runtime_client.ManualClock` with the
            client and jobs advance as the client sleeps, with no real waiting.
        token_lifetime: seconds an IAM access token is valid (`expires_in`).
        seed: seed for reproducible runs: job ids follow it, and each job samples with a seed
            derived from it and the job id (identical jobs still differ, as on a device).
        backends: replace the default backends (ibm_fez, ibm_kingston, ibm_torino and ibm_marrakesh,
            paused: current Heron devices with their real documents).
        rate_limit: jobs allowed per minute on POST /jobs (None: no limit; the service uses 5).
        spec: a prepared spec to serve instead of the shipped one (another edition, for tests);
            its paths may carry /v1 or not, the API is under /api/v1 either way.
        isa: True (the default) fails jobs whose circuits are not ISA circuits for the backend
            with reason code 1517, as the service does; False runs logical circuits too (and
            `client()` then makes clients that skip their own ISA check).
        instance_name: the name of the emulator's instance, which Global Search
            (POST /v3/resources/search, next to IAM) gives with its CRN: `client(instance=NAME)`
            or `RuntimeClient(instance=NAME, iam_url=emu.url, ...)` finds the CRN from it.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        queue_seconds: float = 0.2,
        run_seconds: float = 0.5,
        clock: MonotonicClock | None = None,
        token_lifetime: float = 3600,
        seed: int | None = None,
        backends: Iterable[Backend] | None = None,
        rate_limit: int | None = None,
        spec: dict[str, Any] | None = None,
        isa: bool = True,
        instance_name: str = "emulator",
    ) -> None:
        if not isinstance(isa, bool):
            raise TypeError(f"isa must be True or False, got {isa!r}")
        #: whether jobs with non-ISA circuits fail (reason code 1517)
        self.isa = isa
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an integer in 0..65535, got {port!r}")
        queue_seconds = _seconds("queue_seconds", queue_seconds)
        run_seconds = _seconds("run_seconds", run_seconds)
        token_lifetime = _seconds("token_lifetime", token_lifetime, positive=True)
        self.host = host
        self._port = port
        self.api_key = api_key or "emu-" + secrets.token_urlsafe(24)
        account_id = secrets.token_hex(16)
        #: the instance CRN the emulator serves (send it as Service-CRN)
        self.instance = (
            f"crn:v1:bluemix:public:quantum-computing:us-east:a/{account_id}:{uuid.uuid4()}::"
        )
        self.account_id = account_id
        if not isinstance(instance_name, str) or not instance_name.strip():
            raise ValueError(f"instance_name must be a non-empty string, got {instance_name!r}")
        #: the name of that instance (Global Search lists it with its CRN)
        self.instance_name = instance_name
        self._instances = InstanceDirectory(
            InstanceEntry(self.instance, instance_name, "us-east", account_id)
        )
        self._time = EmulatorTime(clock)
        self._store = Store(
            backends={b.name: b for b in (backends or default_backends())},
            account_id=account_id,
            user_id="IBMid-emulator",
        )
        if seed is not None:  # ids repeat with the seed, and with them each job's own seed
            self._store.ids = random.Random(seed)
        self._tokens = TokenIssuer(self.api_key, account_id, token_lifetime)
        self._service = Service(
            store=self._store,
            time=self._time,
            lifecycle=Lifecycle(self._store, self._time, qiskit_thread(), self._run_job),
            tokens=self._tokens,
            instance=self.instance,
            queue_seconds=queue_seconds,
            run_seconds=run_seconds,
            seed=seed,
            instances=self._instances,
        )
        self.rate_limit_job_creation(rate_limit)
        self._faults = Faults()
        self._recorder = Recorder()
        index = default_index() if spec is None else SpecIndex(spec)
        self._app = EmulatorApp(self._service, index, self._faults, self._recorder)
        self._server: ServerThread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port and start serving in a background thread."""
        if self._server is None:
            self._server = ServerThread(self._app, self.host, self._port)
            self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop pending executions."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        self._service.lifecycle.cancel_executions()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (after start)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running: use `with RuntimeEmulator() as emu`")
        return self._server.port

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT: also the IAM root (POST {url}/identity/token)."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The Runtime API root, like https://quantum.cloud.ibm.com/api/v1."""
        return self.url + API_PREFIX

    @property
    def search_url(self) -> str:
        """IBM Cloud Global Search's endpoint (POST): where clients look instance names up."""
        return self.url + SEARCH_PATH

    def client(self, **kwargs: Any) -> RuntimeClient:
        """A RuntimeClient for this emulator (kwargs go to its constructor)."""
        from qiskit_runtime_client import RuntimeClient

        kwargs.setdefault("check_isa", self.isa)
        kwargs.setdefault("instance", self.instance)  # or instance=emu.instance_name
        return RuntimeClient(
            token=self.api_key,
            url=self.api_url,
            iam_url=self.url,
            **kwargs,
        )

    def async_client(self, **kwargs: Any) -> AsyncRuntimeClient:
        """An AsyncRuntimeClient for this emulator (kwargs go to its constructor)."""
        from qiskit_runtime_client import AsyncRuntimeClient

        kwargs.setdefault("check_isa", self.isa)
        kwargs.setdefault("instance", self.instance)  # or instance=emu.instance_name
        return AsyncRuntimeClient(
            token=self.api_key,
            url=self.api_url,
            iam_url=self.url,
            **kwargs,
        )

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "not running"
        return f"RuntimeEmulator({where})"

    # --- what tests read -----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far (secrets redacted), oldest first."""
        return self._recorder.items()

    def count_requests(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests matched `method` and the path glob `path` (e.g. "/api/v1/jobs")."""
        return self._recorder.count(method, path)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self._recorder.clear()

    def job_ids(self) -> list[str]:
        """Ids of the jobs that exist, oldest first."""
        with self._store.lock:
            return [job.id for job in sorted(self._store.jobs.values(), key=lambda j: j.seq)]

    def job_status(self, job_id: str) -> str:
        """A job's current status, as GET /jobs/{id} would say it."""
        self._service.lifecycle.refresh()
        with self._store.lock:
            return self._store.jobs[job_id].status

    @property
    def tokens_issued(self) -> int:
        """How many access tokens IAM has handed out."""
        return self._tokens.issued

    # --- settings --------------------------------------------------------------------------------

    @property
    def queue_seconds(self) -> float:
        """How long new jobs stay Queued."""
        return self._service.queue_seconds

    @queue_seconds.setter
    def queue_seconds(self, value: float) -> None:
        self._service.queue_seconds = _seconds("queue_seconds", value)

    @property
    def run_seconds(self) -> float:
        """How long new jobs stay Running."""
        return self._service.run_seconds

    @run_seconds.setter
    def run_seconds(self, value: float) -> None:
        self._service.run_seconds = _seconds("run_seconds", value)

    @property
    def token_lifetime(self) -> float:
        """Seconds new access tokens live."""
        return self._tokens.lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self._tokens.lifetime = _seconds("token_lifetime", seconds, positive=True)

    # --- knobs -----------------------------------------------------------------------------------

    def fail_job(
        self,
        job_id: str | None = None,
        *,
        reason: str = "Job failed on the backend (injected by the emulator)",
        code: int = 1517,
        solution: str | None = None,
    ) -> None:
        """Make a job end as Failed with `reason` and reason code `code` when it would finish.

        Without `job_id` the next job created is the one that fails.
        """
        self._set_fault(job_id, Fault("fail", reason, code, solution))

    def run_too_long(self, job_id: str | None = None) -> None:
        """Make a job end as 'Cancelled - Ran too long' (reasonCode 1305) when it would finish.

        Without `job_id` the next job created is the one.
        """
        self._set_fault(job_id, Fault("too_long"))

    def _set_fault(self, job_id: str | None, fault: Fault) -> None:
        with self._store.lock:
            if job_id is None:
                self._store.next_job_faults.append(fault)
                return
            job: Job | None = self._store.jobs.get(job_id)
            if job is None:
                raise KeyError(f"no job {job_id!r}")
            if not job.pending:
                raise ValueError(f"job {job_id} is already {job.status}")
            job.fault = fault

    def copy_job(self, job_id: str, count: int = 1) -> list[str]:
        """Put `count` copies of an ended job into the store at once; their ids, oldest first.

        A fast way to fill a listing (10,000 jobs in well under a second) without sending or
        running anything: each copy has a new id and is created now, and keeps the original's
        program, backend, params, tags, session, status, reason and result. Copies count toward
        the instance's usage as jobs that ran would.
        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"count must be an integer 0 or more, got {count!r}")
        self._service.lifecycle.refresh()
        now = self._time.now()
        with self._store.lock:
            original = self._store.jobs.get(job_id)
            if original is None:
                raise KeyError(f"no job {job_id!r}")
            if original.pending:
                raise ValueError(f"job {job_id} is still {original.status}; copy an ended job")
            ids = []
            for _ in range(count):
                self._store.job_seq += 1
                copy = dataclasses.replace(
                    original,
                    id=new_id(self._store.ids),
                    created=now,
                    seq=self._store.job_seq,
                    tags=list(original.tags),
                    running_at=now if original.running_at is not None else None,
                    finished_at=(
                        now + original.finished_at - original.running_at
                        if original.finished_at is not None and original.running_at is not None
                        else None
                    ),
                    execution=None,
                    fault=None,
                    logs=[f"{iso(now)} INFO Job copied from {job_id} by the emulator"],
                )
                self._store.jobs[copy.id] = copy
                ids.append(copy.id)
        return ids

    def rate_limit_job_creation(self, per_minute: int | None = 5, *, window: float = 60.0) -> None:
        """Allow `per_minute` job creations per `window` seconds; past that POST /jobs answers
        429 with Retry-After and error code 1202. None removes the limit."""
        if per_minute is not None and per_minute < 1:
            raise ValueError(f"per_minute must be at least 1 or None, got {per_minute}")
        self._service.rate_limit = None if per_minute is None else (per_minute, window)

    def inject_errors(
        self,
        status: int = 503,
        *,
        count: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
        html: bool = False,
        message: str | None = None,
    ) -> FaultRule:
        """Answer the next `count` matching requests with `status` (an ErrorContainer, or a
        proxy's HTML page with html=True). `path` is a glob on the full path, e.g.
        "/api/v1/jobs*"; `count=None` keeps going until reset_faults()."""
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status 400..599, got {status!r}")
        rule = FaultRule(
            HTML if html else ERROR,
            method=method,
            path=path,
            remaining=_count(count),
            status=status,
            retry_after=retry_after,
        )
        if message is None:  # the status's own words, as a real error would say
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            message = f"{phrase or f'HTTP {status}'} (injected by the emulator)"
        rule.message = message
        return self._faults.add(rule)

    def inject_html_error(
        self,
        status: int = 502,
        *,
        count: int | None = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> FaultRule:
        """Answer the next `count` matching requests with an HTML error page (like a proxy)."""
        return self.inject_errors(status, count=count, method=method, path=path, html=True)

    def slow_responses(
        self,
        seconds: float,
        *,
        count: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> FaultRule:
        """Wait `seconds` (real time) before answering matching requests."""
        delay = _seconds("seconds", seconds)
        return self._faults.add(
            FaultRule(DELAY, method=method, path=path, remaining=_count(count), delay=delay)
        )

    def drop_connections(
        self,
        *,
        count: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        after_handling: bool = False,
    ) -> FaultRule:
        """Close the connection without answering the next `count` matching requests.

        With after_handling=True the request is carried out first (a POST /jobs creates its
        job) and only the answer is lost.
        """
        action = DROP_AFTER if after_handling else DROP
        return self._faults.add(
            FaultRule(action, method=method, path=path, remaining=_count(count))
        )

    def add_instance(self, name: str, *, region: str = "us-east") -> str:
        """List another instance of the account in Global Search, and return its CRN.

        Only listed: the API still serves the emulator's own instance (`instance`), and answers
        401 to a Service-CRN of an added one. For tests of name lookups (several instances with
        one name, names over several pages of results).
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        crn = (
            f"crn:v1:bluemix:public:quantum-computing:{region}:a/{self.account_id}:{uuid.uuid4()}::"
        )
        self._instances.add(InstanceEntry(crn, name, region, self.account_id))
        return crn

    def reset_faults(self) -> None:
        """Remove every injected fault (pending job faults and the rate limit stay)."""
        self._faults.clear()

    def expire_tokens(self) -> None:
        """End every access token issued so far: the next API call with one gets 401."""
        self._tokens.expire_all(self._time.now())

    def set_backend_status(self, name: str, status: str, reason: str | None = None) -> None:
        """Set a backend online, paused or offline (jobs only leave the queue when online)."""
        if status not in _BACKEND_STATES:
            raise ValueError(f"status must be one of {_BACKEND_STATES}, got {status!r}")
        with self._store.lock:
            backend = self._backend(name)
            if status == "online" and backend.status != "online":
                backend.online_since = self._time.now()
            backend.status = status
            backend.reason = reason or ("available" if status == "online" else "maintenance")

    def set_queue_length(self, name: str, jobs: int) -> None:
        """Set the background queue of a backend (the emulator's own queued jobs add to it)."""
        if not isinstance(jobs, int) or jobs < 0:
            raise ValueError(f"jobs must be an integer of 0 or more, got {jobs!r}")
        with self._store.lock:
            self._backend(name).base_queue = jobs

    def _backend(self, name: str) -> Backend:
        backend = self._store.backends.get(name)
        if backend is None:
            raise KeyError(f"no backend {name!r}; backends: {', '.join(self._store.backends)}")
        return backend

    # --- execution -------------------------------------------------------------------------------

    def _run_job(self, job: Job) -> Outcome:
        try:
            backend = self._store.backends[job.backend]
            refusal = (
                isa_refusal(job.params, backend, job.program_id)
                if self.isa and job.program_id in ("sampler", "estimator")
                else None
            )
            if refusal is not None:
                outcome = refusal
            else:
                start = job.running_at if job.running_at is not None else self._time.now()
                context = RunContext(
                    backend_qubits=backend.qubits,
                    seed=job_seed(self._service.seed, job.id),
                    start=start,
                    stop=start + job.run_seconds,
                )
                outcome = execute(job.program_id, job.params, context)
        except Exception as exc:  # e.g. qiskit missing: the job fails, the server carries on
            outcome = Outcome(error=f"The emulator could not run the job: {exc}", error_code=1000)
        return outcome
