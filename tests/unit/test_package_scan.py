"""The zip passes the checks plugins.qgis.org runs on an upload, with the repository's own rules.

The rules are copied from the public QGIS-Plugins-Website repository, read at commit
73c20fa990e4984e175235c8ba2a59cbf09a2685 (2026-07-23):
- qgis-app/plugins/security_scanner.py: how the site runs bandit (``-r <dir> -f json -t <rules>``),
  detect-secrets (``scan --all-files --exclude-files metadata\\.txt …``, disabled detectors
  turned off), flake8 (``--max-line-length=120 --select <rules>``) and its suspicious-file rules;
- qgis-app/plugins/management/commands/data/{bandit,secrets,flake8,file_analysis}_rules.json
  (bandit_rules.json last changed 2026-06-24 in 23b7926b, the others 2026-05-05 in 72855812):
  the rules marked ``"can_be_skipped": false`` block a release; the others are warnings;
- qgis-app/plugins/validator.py: the structure of the zip (paths, .pyc, forbidden folders,
  top folder, 25 MB).
The site's live check of the metadata URLs cannot run offline (README, "Release notes").
Each check is also run over a doctored copy of the zip, so that none can pass by finding nothing.
"""
from __future__ import annotations

import configparser
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP = "bascule_geoplateforme"

# bandit_rules.json, "can_be_skipped": false (B111 is gone from bandit 1.9; the site still lists it).
BANDIT_BLOCKING = (
    "B102", "B103", "B105", "B106", "B107", "B111", "B201", "B202", "B301", "B302", "B304",
    "B305", "B306", "B307", "B312", "B321", "B323", "B401", "B402", "B412", "B413", "B501",
    "B502", "B503", "B505", "B506", "B507", "B601", "B602", "B604", "B605", "B609", "B610",
    "B611", "B612", "B613", "B615", "B701")
# secrets_rules.json: "can_be_skipped": false, then the enabled warnings, then the disabled one.
SECRETS_BLOCKING = (
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector",
    "CloudantDetector", "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector",
    "IbmCloudIamDetector", "IbmCosHmacDetector", "JwtTokenDetector", "MailchimpDetector",
    "NpmDetector", "OpenAIDetector", "PrivateKeyDetector", "PypiTokenDetector",
    "SendGridDetector", "SlackDetector", "SoftlayerDetector", "SquareOAuthDetector",
    "StripeDetector", "TelegramBotTokenDetector", "TwilioKeyDetector")
SECRETS_WARNING = ("Base64HighEntropyString", "HexHighEntropyString", "KeywordDetector")
SECRETS_DISABLED = ("IPPublicDetector",)
# flake8_rules.json, "can_be_skipped": false.
FLAKE8_BLOCKING = ("E901", "E902", "E999", "F821", "F823", "F831")
# security_scanner.py _check_suspicious_files (FILE_SUSPICIOUS, critical, not skippable).
SUSPICIOUS_EXTENSIONS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")
MAX_SIZE = 25_000_000  # validator.py PLUGIN_MAX_UPLOAD_SIZE, bytes of the uploaded zip
# Data files generated from IGN's documents (scripts/): their layer and style names
# ("default-style-BDCARTO-…", "INSEE.FILOSOFI.….SECRET") trip the high-entropy and keyword
# detectors, which the site shows as warnings an author may skip. Code must have none.
DATA_FILES = re.compile(rf"^{TOP}/resources/[^/]+(/[^/]+)*\.json$")


def tool(module, *args, cwd=None):
    done = subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


# --- the checks, each over one zip ----------------------------------------------------------
def structure_problems(path: Path) -> list[str]:
    """validator.py's refusals, plus the 25 MB limit and the top folder's name."""
    problems = []
    if path.stat().st_size > MAX_SIZE:
        problems.append(f"zip of {path.stat().st_size} bytes, over {MAX_SIZE}")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        bad = archive.testzip()
        if bad:
            problems.append(f"bad zip member {bad}")
        uncompressed = sum(info.file_size for info in archive.infolist())
    if uncompressed > MAX_SIZE:
        problems.append(f"{uncompressed} bytes uncompressed, over {MAX_SIZE}")
    for name in names:
        parts = name.split("/")
        if ".." in name or name.startswith("/"):
            problems.append(f"path information: {name}")
        if ".pyc" in name:
            problems.append(f".pyc file: {name}")
        for folder in ("__MACOSX", ".git", "__pycache__"):
            if folder in parts:
                problems.append(f"{folder} folder: {name}")
        if "\\" in name or re.match(r"^[A-Za-z]:", name):
            problems.append(f"not a ZIP path: {name}")
    tops = sorted({name.split("/", 1)[0] for name in names})
    if tops != [TOP]:
        problems.append(f"top folders {tops}, not [{TOP!r}]")
    if not (TOP.isidentifier() and re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", TOP)):
        problems.append(f"top folder {TOP!r} is not a Python identifier")
    for required in ("__init__.py", "metadata.txt"):
        if f"{TOP}/{required}" not in names:
            problems.append(f"no {TOP}/{required}")
    return problems


def suspicious_files(path: Path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.lower().endswith(SUSPICIOUS_EXTENSIONS):
                found.append(f"FILE_SUSPICIOUS {info.filename}")
            if info.filename.endswith(".py") and (info.external_attr >> 16) & 0o111:
                found.append(f"FILE_EXECUTABLE {info.filename}")  # a warning on the site
    return found


def bandit_findings(folder: Path) -> list[str]:
    status, out, err = tool("bandit", "-r", folder, "-f", "json", "--quiet",
                            "-t", ",".join(BANDIT_BLOCKING))
    assert status in (0, 1) and out.strip(), err
    report = json.loads(out)
    assert report["errors"] == [], report["errors"]
    found = [f"{Path(r['filename']).relative_to(folder)}:{r['line_number']}: {r['test_id']} "
             f"{r['issue_text']}" for r in report["results"]]
    nosec = report["metrics"]["_totals"]["nosec"]
    if nosec:  # a `# nosec` would hide from this scan what the rule exists to catch
        found.append(f"{nosec} '# nosec' comment(s)")
    return found


def secret_findings(folder: Path) -> tuple[list[str], list[str]]:
    """(blocking, warning) findings of detect-secrets, run as the site runs it."""
    disabled = [arg for name in SECRETS_DISABLED for arg in ("--disable-plugin", name)]
    status, out, err = tool("detect_secrets", "scan", "--all-files",
                            "--exclude-files", r"metadata\.txt",
                            "--exclude-files", r"\.secrets\.baseline", *disabled, ".", cwd=folder)
    assert status == 0, err
    report = json.loads(out)
    used = {plugin["name"] for plugin in report["plugins_used"]}
    assert used == set(SECRETS_BLOCKING + SECRETS_WARNING), used  # the site's set, no more, no less
    blocking, warning = [], []
    for filename, secrets in report["results"].items():
        for secret in secrets:
            line = f"{filename}:{secret['line_number']}: {secret['type']}"
            if secret["type"] in ("Base64 High Entropy String", "Hex High Entropy String",
                                  "Secret Keyword"):
                warning.append(line)
            else:
                blocking.append(line)
    return blocking, warning


def flake8_findings(folder: Path) -> list[str]:
    status, out, err = tool("flake8", "--isolated", "--max-line-length=120",
                            "--select", ",".join(FLAKE8_BLOCKING), folder)
    assert status in (0, 1), err
    return [line.replace(f"{folder}/", "") for line in out.splitlines()]


def fixture_digests() -> dict[str, str]:
    """sha1 of every test fixture (tests/data), to find a copy of one in the zip."""
    return {hashlib.sha1(path.read_bytes()).hexdigest(): str(path.relative_to(ROOT))
            for path in (ROOT / "tests" / "data").rglob("*") if path.is_file()}


def demo_secrets() -> set[str]:
    """Credentials the tests use: the loopback server's, the test auth DB's master password,
    and the passwords and personal keys written in the real-world fixture projects."""
    sys.path.insert(0, str(ROOT / "tests"))
    from loopback.server import API_KEY, BASIC_PASSWORD

    master = re.search(r'^MASTER_PASSWORD = "([^"]+)"', (ROOT / "tests" / "qgis" / "conftest.py")
                       .read_text(encoding="utf-8"), re.M).group(1)
    found = {API_KEY, BASIC_PASSWORD, master}
    # Personal keys are written with capitals or digits (MaCleGEOPORTAIL); IGN's thematic keys
    # and its documentation key (choisirgeoportail) are lowercase words, public, and the
    # migration rules must know them.
    for path in (ROOT / "tests" / "data" / "real-world").rglob("*"):
        if path.suffix in (".qgs", ".xml", ".ini", ".tsv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found |= set(re.findall(r"(?:password|username)=([A-Za-z0-9_-]{6,})", text))
            found |= {key for key in re.findall(r"\bkey=([A-Za-z0-9_-]{6,})", text)
                      if not key.islower()}
    return found


def leaked_test_material(path: Path) -> list[str]:
    fixtures = fixture_digests()
    secrets = demo_secrets()
    found = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if re.search(r"(^|/)(tests?|fixtures|benchmarks|scripts)/", info.filename):
                found.append(f"test or tool folder: {info.filename}")
            data = archive.read(info)
            copied = fixtures.get(hashlib.sha1(data).hexdigest())
            if copied:
                found.append(f"test fixture {copied}: {info.filename}")
            for secret in sorted(secrets):
                if secret.encode() in data:
                    found.append(f"test credential {secret[:2]}…: {info.filename}")
    return found


# --- the real zip -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def unpacked(package, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def test_structure(package):
    assert structure_problems(package) == []


def test_no_suspicious_file(package):
    assert suspicious_files(package) == []


def test_bandit_blocking_rules(unpacked):
    assert bandit_findings(unpacked) == []


def test_detect_secrets(unpacked):
    blocking, warning = secret_findings(unpacked)
    assert blocking == []
    assert [line for line in warning if not DATA_FILES.match(line.split(":")[0])] == []


def test_flake8_blocking_rules(unpacked):
    assert flake8_findings(unpacked) == []


def test_no_fixture_demo_key_or_credential(package):
    from loopback.server import API_KEY, BASIC_PASSWORD

    assert {API_KEY, BASIC_PASSWORD, "bascule-tests-master", "MaCleGEOPORTAIL",
            "MonUserPasswordGEOPORTAIL"} <= demo_secrets()  # the harvest finds each kind
    assert leaked_test_material(package) == []


# --- a doctored zip: each check sees its violation -----------------------------------------
@pytest.fixture(scope="module")
def doctored(package, tmp_path_factory):
    """The real zip plus one violation for each check."""
    from loopback.server import BASIC_PASSWORD

    path = tmp_path_factory.mktemp("doctored") / f"{TOP}.zip"
    fixture = ROOT / "tests" / "data" / "hostile" / "billion_laughs.xml"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr(f"{TOP}/core/__pycache__/plugin.cpython-311.pyc", b"\x00")
        archive.writestr(f"{TOP}/core/secrets.py",
                         'password = "Zq8-hunter2-vX3"\n'
                         'def run(code):\n    exec(code)\n    return undefined_name\n')
        archive.writestr(f"{TOP}/resources/aws.txt", "aws_key = AKIAIOSFODNN7EXAMPLE\n")
        archive.writestr(f"{TOP}/install.sh", "#!/bin/sh\n")
        archive.writestr(f"{TOP}/resources/{fixture.name}", fixture.read_bytes())
        archive.writestr(f"{TOP}/resources/demo.txt", f"password={BASIC_PASSWORD}\n")
        archive.writestr(f"{TOP}/../escape.txt", "")
    return path


@pytest.fixture(scope="module")
def doctored_unpacked(doctored, tmp_path_factory):
    folder = tmp_path_factory.mktemp("doctored_unpacked")
    with zipfile.ZipFile(doctored) as archive:
        archive.extractall(folder)  # zipfile drops the '..' of escape.txt
    return folder


def test_structure_check_sees_a_violation(doctored):
    assert structure_problems(doctored) == [
        f".pyc file: {TOP}/core/__pycache__/plugin.cpython-311.pyc",
        f"__pycache__ folder: {TOP}/core/__pycache__/plugin.cpython-311.pyc",
        f"path information: {TOP}/../escape.txt",
    ]


def test_suspicious_file_check_sees_a_violation(doctored):
    assert suspicious_files(doctored) == [f"FILE_SUSPICIOUS {TOP}/install.sh"]


def test_bandit_sees_a_violation(doctored_unpacked):
    found = bandit_findings(doctored_unpacked)
    assert [line.split(": ", 1)[1].split()[0] for line in found] == ["B105", "B102"], found
    assert all(line.startswith(f"{TOP}/core/secrets.py:") for line in found), found


def test_detect_secrets_sees_a_violation(doctored_unpacked):
    blocking, warning = secret_findings(doctored_unpacked)
    assert blocking == [f"{TOP}/resources/aws.txt:1: AWS Access Key"], blocking
    outside_data = [line for line in warning if not DATA_FILES.match(line.split(":")[0])]
    assert f"{TOP}/core/secrets.py:1: Secret Keyword" in outside_data, outside_data


def test_flake8_sees_a_violation(doctored_unpacked):
    assert flake8_findings(doctored_unpacked) == [
        f"{TOP}/core/secrets.py:4:12: F821 undefined name 'undefined_name'"]


def test_test_material_check_sees_a_violation(doctored):
    found = leaked_test_material(doctored)
    assert f"test fixture tests/data/hostile/billion_laughs.xml: {TOP}/resources/billion_laughs.xml" \
        in found, found
    assert [line for line in found if line.startswith("test credential")] == [
        f"test credential m0…: {TOP}/resources/demo.txt"], found


def test_metadata_of_the_zip_is_read_as_the_site_reads_it(package):
    """validator.py reads metadata.txt with case-sensitive keys from [general]."""
    with zipfile.ZipFile(package) as archive:
        text = archive.read(f"{TOP}/metadata.txt").decode("utf-8")
    parser = configparser.ConfigParser()
    parser.optionxform = str
    parser.read_string(text)
    assert parser.has_section("general")
    assert os.path.basename(parser["general"]["icon"]) == "icon.svg"
