#!/usr/bin/env bash
# The whole test suite (unit, pytest-qgis, desktop e2e) on the QGIS this machine or root has.
#
#   run_suite.sh PYTHON [PART...]     PART: unit, qgis, e2e (default: all three)
#
# Prints `== QGIS <version> (<Debian release>) ==` first, each part's wall time last; runs
# every part even after a failure and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
python=${1:?the venv python}
shift
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(unit qgis e2e)

qgis_version=$("$python" -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION.split("-")[0])') || {
  echo "run_suite: $python cannot import qgis.core" >&2; exit 1; }
if grep -q sid /etc/debian_version 2>/dev/null; then
  release="Debian unstable"
else
  release=$(. /etc/os-release && echo "Debian ${VERSION_ID:-?} ${VERSION_CODENAME:-}")
fi
echo "== QGIS $qgis_version ($release) =="

# Screenshots and other artefacts of this QGIS go to their own folder.
export BASCULE_TEST_ARTIFACTS="$PWD/build/qgis-$qgis_version"
export QT_QPA_PLATFORM=offscreen
mkdir -p "$BASCULE_TEST_ARTIFACTS"

failed=()
timings=()
for part in "${parts[@]}"; do
  start=$(date +%s)
  case "$part" in
    unit) "$python" -m pytest -p no:cacheprovider -p no:qgis tests/unit ;;
    # pytest-qgis keeps QGIS's settings in .qgis-settings/<PYTEST_XDIST_WORKER>: one folder per
    # QGIS, so that runs of two versions at once never share one. A probe file that a test of
    # another run writes into tests/qgis for a moment is not collected here.
    qgis) export PYTEST_XDIST_WORKER="qgis-$qgis_version" && rm -rf ".qgis-settings/$PYTEST_XDIST_WORKER" &&
          "$python" -m pytest -p no:cacheprovider --ignore-glob='*/test_zz_probe_*' --qgis_disable_gui tests/qgis ;;
    e2e) "$python" -m pytest -p no:cacheprovider -p no:qgis tests/e2e ;;
    *) echo "run_suite: unknown part $part" >&2; false ;;
  esac
  status=$?
  timings+=("$part $(( $(date +%s) - start )) s")
  [ $status -eq 0 ] || failed+=("$part")
done

echo "== QGIS $qgis_version ($release): $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g')${failed:+; FAILED: ${failed[*]}} =="
[ ${#failed[@]} -eq 0 ]
