"""Downloads when things go wrong, in QGIS against real HTTP on the loopback: names from the feed
that are unsafe, bodies longer or shorter than announced, every HTTP failure the service can
give, connections cut, a full disk. Each ends done (retried) or failed in words, leaves no
``.part``, and the next job in the queue runs."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from bascule_geoplateforme.core.download.qgis_side import transfer
from bascule_geoplateforme.core.download.names import local_name
from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob, DownloadQueue, JobFile
from download_helpers import group_of, left_in
from download_helpers import small_disk as disk
from loopback import download
from loopback.download import Step, UnrulyServer
from qgis_helpers import wait_until

BODY = hashlib.sha256(b"bascule").digest() * 4096  # 128 KiB


def ended(job):
    return job.state not in (DownloadJob.QUEUED, DownloadJob.RUNNING)


def run_then_next(job, next_job, timeout=60):
    """Both jobs in one queue, one at a time: the first must end and free its slot."""
    queue = DownloadQueue(parallel=1)
    queue.add(job)
    queue.add(next_job)
    assert wait_until(lambda: ended(job) and ended(next_job), timeout), (job.state, next_job.state)
    assert next_job.state == DownloadJob.DONE, next_job.message
    assert queue.running() == []
    return job


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "dl"
    path.mkdir()
    return str(path)


@pytest.fixture
def next_job(gpf, tmp_path):
    """A sound download (the Bouches-du-Rhône .zip) queued after the one under test."""
    other = tmp_path / "next"
    other.mkdir()
    return DownloadJob.from_group(group_of("D013"), str(other))


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(transfer, "RESUME_DELAY_MS", 10)
    monkeypatch.setattr(transfer, "SERVER_RETRY_DELAY", 0.05)


def one_file(server, name, folder, md5=True, size=None, title=None):
    body = server.files[name]
    return DownloadJob(title or name, [JobFile(server.url(name), name, len(body) if size is None else size,
                                               hashlib.md5(body).hexdigest() if md5 else "")], folder)


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["..", "dir/", "\\", " . "])
def test_a_name_that_cannot_be_made_safe_fails_its_job_and_the_next_runs(gpf, folder, next_job, name):
    with UnrulyServer({"x.zip": BODY}) as server:
        job = DownloadJob(name, [JobFile(server.url("x.zip"), name, len(BODY))], folder)
        run_then_next(job, next_job)
        assert job.state == DownloadJob.FAILED
        assert "cannot be made a safe file name" in job.message
        assert server.requests == [] and left_in(folder) == []


@pytest.mark.parametrize("name, expected", [
    ("..\\..\\Windows\\evil.zip", "evil.zip"),
    ("C:\\Users\\x\\evil.zip", "evil.zip"),
    ("../../../etc/evil.zip", "evil.zip"),
    ("CON.zip", "CON_.zip"),
    ("bad\x00name\x07.zip", "bad_name_.zip"),
    ('a<b>:"|?*.zip. . ', 'a_b______.zip'),
])
def test_unsafe_feed_names_are_written_inside_the_folder_under_a_safe_name(folder, name, expected):
    with UnrulyServer({"x.zip": BODY}) as server:
        job = DownloadJob(name, [JobFile(server.url("x.zip"), name, len(BODY))], folder)
        queue = DownloadQueue()
        queue.add(job)
        assert wait_until(lambda: ended(job)) and job.state == DownloadJob.DONE, job.message
    assert job.path == os.path.join(folder, expected) and job.title == name  # shown as given
    assert left_in(folder) == [expected] and Path(job.path).read_bytes() == BODY


def test_a_very_long_name_is_cut_and_the_queue_goes_on(folder, gpf, next_job):
    name = "BDTOPO_" + "é" * 400 + ".7z"
    with UnrulyServer({"x.7z": BODY}) as server:
        job = DownloadJob(name, [JobFile(server.url("x.7z"), name, len(BODY))], folder)
        run_then_next(job, next_job)
    assert job.state == DownloadJob.DONE, job.message
    [made] = left_in(folder)
    assert made.endswith(".7z") and len(made.encode()) <= 250 and made == local_name(name)


def test_two_entries_with_the_same_name_never_share_a_part_file(folder):
    other = BODY[::-1]
    with UnrulyServer({"a.zip": BODY, "b.zip": other}) as server:
        server.steps = {"a.zip": [Step("full")], "b.zip": [Step("full")]}
        first = DownloadJob("a.zip", [JobFile(server.url("a.zip"), "a.zip", len(BODY))], folder)
        second = DownloadJob("A.ZIP", [JobFile(server.url("b.zip"), "A.ZIP", len(other))], folder)
        queue = DownloadQueue(parallel=2)
        queue.add(first)
        queue.add(second)
        assert [first.state, second.state] == [DownloadJob.RUNNING, DownloadJob.RUNNING]
        assert first.paths()[0].lower() != second.paths()[0].lower()
        assert wait_until(lambda: ended(first) and ended(second))
    assert (first.state, second.state) == (DownloadJob.DONE, DownloadJob.DONE)
    assert left_in(folder) == ["A (2).ZIP", "a.zip"]
    assert Path(first.path).read_bytes() == BODY and Path(second.path).read_bytes() == other


# --- sizes -------------------------------------------------------------------------------------

def test_a_body_longer_than_announced_is_stopped_and_nothing_kept(folder, gpf, next_job):
    extra = 50 * 1024 * 1024
    with UnrulyServer({"x.zip": BODY}, {"x.zip": [Step("over", extra=extra)]}) as server:
        job = one_file(server, "x.zip", folder, md5=False)
        run_then_next(job, next_job)
    assert job.state == DownloadJob.FAILED
    assert "sent more than the" in job.message and "nothing was kept" in job.message
    assert job.received <= transfer.size_limit(len(BODY)) < len(BODY) + extra
    assert left_in(folder) == []


def test_a_content_length_beyond_the_feeds_size_is_refused_at_once(folder, gpf, next_job):
    announced = 40 * 1024 * 1024
    with UnrulyServer({"x.zip": BODY}, {"x.zip": [Step("announce", length=announced)]}) as server:
        job = one_file(server, "x.zip", folder)
        run_then_next(job, next_job)
    assert job.state == DownloadJob.FAILED
    assert f"announced {announced} bytes where the download service lists {len(BODY)}" in job.message
    assert job.received == 0 and left_in(folder) == []


@pytest.mark.parametrize("kind", ["short", "short_length"])
def test_a_body_shorter_than_announced_then_closed_is_resumed(folder, fast_retries, kind):
    with UnrulyServer({"x.zip": BODY}, {"x.zip": [Step(kind), Step("full")]}) as server:
        job = one_file(server, "x.zip", folder)
        queue = DownloadQueue()
        queue.add(job)
        assert wait_until(lambda: ended(job))
        requests = list(server.requests)
    assert job.state == DownloadJob.DONE, job.message
    assert requests == [("x.zip", ""), ("x.zip", f"bytes={len(BODY) // 2}-")]
    assert Path(job.path).read_bytes() == BODY and left_in(folder) == ["x.zip"]


def test_a_body_always_short_fails_after_the_resumes(folder, gpf, next_job, fast_retries):
    with UnrulyServer({"x.zip": BODY}, {"x.zip": [Step("short")]}) as server:
        job = one_file(server, "x.zip", folder)
        run_then_next(job, next_job)
    assert job.state == DownloadJob.FAILED and "connection dropped" in job.message
    assert left_in(folder) == []


# --- the failure matrix ------------------------------------------------------------------------

def file_path(group):
    edition = group.name.split(".7z")[0].rsplit(".", 1)[0]
    return f"/telechargement/download/BDTOPO/{edition}/{group.parts[0].name}"


def requests_for(gpf, name):
    return [r for r in gpf.requests if r.path.endswith("/" + name)]


@pytest.mark.parametrize("status, words", [
    (401, "needs a Géoplateforme key (HTTP 401)"),
    (403, "access refused (HTTP 403)"),
    (404, "not found on the download service (HTTP 404)"),
    (410, "the server answered HTTP 410"),
])
def test_refusals_fail_at_once_in_words(gpf, folder, next_job, status, words):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=status)
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.FAILED and words in job.message
    assert len(requests_for(gpf, group.name)) == 1  # not asked again
    assert left_in(folder) == []


def test_429_is_waited_out_for_its_retry_after(gpf, folder, next_job):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=429, times=2, headers={"Retry-After": "1"})
    began = time.monotonic()
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.DONE, job.message
    assert time.monotonic() - began >= 2.0 and job.throttled == 2
    asked = requests_for(gpf, group.name)
    assert [r.status for r in asked] == [429, 429, 200]
    assert asked[2].at - asked[1].at >= 0.95 and asked[1].at - asked[0].at >= 0.95
    assert Path(job.path).read_bytes() == download.TINY_7Z


def test_429_that_never_ends_fails_after_bounded_waits(gpf, folder, next_job):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=429, headers={"Retry-After": "0"})
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.FAILED and "too many requests (HTTP 429)" in job.message
    assert len(requests_for(gpf, group.name)) == transfer.MAX_429_RETRIES + 1
    assert left_in(folder) == []


def test_a_huge_retry_after_is_bounded(gpf, folder):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=429, headers={"Retry-After": "86400"})
    job = DownloadJob.from_group(group, folder)
    waits = []
    queue = DownloadQueue()
    queue.add(job)
    job._transfer.retried.connect(lambda status, seconds: waits.append(seconds))
    assert wait_until(lambda: waits)
    assert waits == [120.0]  # client.MAX_RETRY_AFTER, not a day
    job.cancel()
    assert job.state == DownloadJob.CANCELLED and left_in(folder) == []
    assert queue.running() == []


def test_5xx_is_retried_a_bounded_number_of_times(gpf, folder, fast_retries):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=503, times=2)
    job = DownloadJob.from_group(group, folder)
    queue = DownloadQueue()
    queue.add(job)
    assert wait_until(lambda: ended(job))
    assert job.state == DownloadJob.DONE, job.message
    assert [r.status for r in requests_for(gpf, group.name)] == [503, 503, 200] and job.retries == 2


def test_5xx_that_never_ends_fails_in_words(gpf, folder, next_job, fast_retries):
    group = group_of("D075")
    gpf.inject(file_path(group), "status", status=500)
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.FAILED and "the server answered HTTP 500" in job.message
    assert len(requests_for(gpf, group.name)) == transfer.MAX_SERVER_RETRIES + 1
    assert left_in(folder) == []


def test_a_cut_connection_is_resumed_with_range(gpf, folder, next_job, fast_retries):
    group = group_of("D075")
    gpf.inject(file_path(group), "cut", times=1)
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.DONE, job.message
    first, second = requests_for(gpf, group.name)
    assert "range" not in first.headers and second.headers["range"] == f"bytes={len(download.TINY_7Z) // 2}-"
    assert second.status == 206 and Path(job.path).read_bytes() == download.TINY_7Z


def test_416_on_resume_starts_the_file_again(gpf, folder, next_job, fast_retries):
    group = group_of("D075")
    gpf.inject(file_path(group), "cut", times=1)
    gpf.inject(file_path(group), "status", status=416, times=1)
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.DONE, job.message
    asked = requests_for(gpf, group.name)
    assert [(r.status, r.headers.get("range", "")) for r in asked] == [
        (200, ""), (416, f"bytes={len(download.TINY_7Z) // 2}-"), (200, "")]
    assert Path(job.path).read_bytes() == download.TINY_7Z and left_in(folder) == [group.name]


def test_a_drop_on_the_second_volume_is_resumed(gpf, folder, next_job, fast_retries):
    group = group_of("D078")
    second = group.parts[1].name
    prefix = file_path(group).rsplit("/", 1)[0] + "/" + second
    gpf.inject(prefix, "cut", times=1)
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.DONE, job.message
    assert [len(requests_for(gpf, p.name)) for p in group.parts] == [1, 2, 1]
    assert Path(job.path).read_bytes() == download.TINY_7Z and left_in(folder) == [group.name]


def test_a_second_volume_that_keeps_dropping_leaves_no_volume_behind(gpf, folder, next_job, fast_retries):
    group = group_of("D078")
    prefix = file_path(group).rsplit("/", 1)[0] + "/" + group.parts[1].name
    gpf.inject(prefix, "cut")
    job = run_then_next(DownloadJob.from_group(group, folder), next_job)
    assert job.state == DownloadJob.FAILED
    assert job.message.startswith(group.parts[1].name) and "connection dropped" in job.message
    assert left_in(folder) == []  # the first volume's .part went too


# --- a full disk ------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    with disk(tmp_path / "petit-disque") as point:
        yield point


def test_a_disk_that_fills_in_mid_write_fails_in_words(gpf, small_disk, next_job):
    size = 16 * 1024 * 1024
    gpf.big_files["gros.bin"] = size
    gpf.download_rate = 4 * 1024 * 1024
    url = gpf.base_url + "/telechargement/download/BENCH/x/gros.bin"
    folder = os.path.join(small_disk, "dl")
    job = DownloadJob("gros.bin", [JobFile(url, "gros.bin", size)], folder)
    queue = DownloadQueue(parallel=1)
    queue.add(job)
    queue.add(next_job)
    assert wait_until(lambda: job.received > 1024 * 1024) and job.state == DownloadJob.RUNNING
    # Something else fills the disk while the download runs.
    with open(os.path.join(small_disk, "autre-programme.bin"), "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * (1024 * 1024))
        except OSError:
            pass
    gpf.download_rate = None
    assert wait_until(lambda: ended(job) and ended(next_job), 60)
    assert job.state == DownloadJob.FAILED
    assert job.message.startswith("gros.bin: The disk is full"), job.message
    assert left_in(folder) == []  # no .part
    assert next_job.state == DownloadJob.DONE, next_job.message
