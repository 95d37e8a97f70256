#!/usr/bin/env bash
# Debian roots that hold a newer QGIS than the host's, for the test suite.
#
#   qgis_root.sh build ROOT SUITE PACKAGE...   make ROOT with mmdebstrap (kept when present)
#   qgis_root.sh venv ROOT REQUIREMENTS        the test venv inside ROOT (/opt/venv)
#   qgis_root.sh run ROOT COMMAND...           run COMMAND inside ROOT, the repository at /src
#
# Mounts (/proc, /dev, the repository) live in a private mount namespace of the command:
# they vanish with it, also when it fails or is killed, so `rm -rf build` never reaches
# through a root into the host's /dev or the working tree.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
action=${1:?action: build, venv or run}
root=${2:?root folder}
shift 2
mkdir -p "$(dirname "$root")"
root=$(cd "$(dirname "$root")" && pwd)/$(basename "$root")

# The host's Debian mirror, so the roots use the same package source as the machine.
host_mirror() {
  local uri=""
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/debian.sources | grep -v security | head -n 1)
  fi
  if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $2 !~ /security/ {print ($2 ~ /^\[/ ? $3 : $2)}' /etc/apt/sources.list | head -n 1)
  fi
  [ -n "$uri" ] || { echo "qgis_root: no Debian mirror found in the host's apt sources" >&2; exit 1; }
  echo "$uri"
}

# What the host knows about reaching the network: TLS roots (a proxy may sign with its own
# CA), DNS, and pip's configuration (index, certificates).
copy_host_network_config() {
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$root/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  fi
  local conf
  for conf in /etc/pip.conf /etc/xdg/pip "$HOME/.config/pip" "$HOME/.pip"; do
    if [ -e "$conf" ]; then
      mkdir -p "$root$(dirname "$conf")"
      cp -r "$conf" "$root$(dirname "$conf")/"
    fi
  done
}

in_root() {
  unshare --mount --propagation private -- /bin/bash -euc '
    root=$1; repo=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mkdir -p "$root/src"
    mount --bind "$repo" "$root/src"
    cd "$root"
    exec chroot "$root" /usr/bin/env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME HOME=/root \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      /bin/bash -c "cd /src && exec \"\$@\"" root-run "$@"
  ' in-root "$root" "$repo" "$@"
}

case "$action" in
  build)
    suite=${1:?Debian suite}
    shift
    packages=$(IFS=,; echo "$*")
    if [ -f "$root/.ready" ] && [ "$(cat "$root/.ready")" = "$suite $packages" ]; then
      exit 0
    fi
    if [ -f "$root/.ready" ]; then
      # Same root, another package list: add what is missing rather than start over.
      echo "Updating the $suite root: $*"
      copy_host_network_config
      in_root apt-get -o 'Acquire::Check-Valid-Until=false' update -qq
      in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
      in_root apt-get clean
    else
      command -v mmdebstrap >/dev/null || { echo "qgis_root: mmdebstrap is missing" >&2; exit 1; }
      echo "Building a Debian $suite root in $root (about a minute)"
      rm -rf "$root.partial"
      # Unstable's Release file may be past its Valid-Until date on the mirror.
      mmdebstrap --quiet --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
        --include="$packages" "$suite" "$root.partial" "$(host_mirror)" </dev/null
      rm -rf "$root"
      mv "$root.partial" "$root"
      copy_host_network_config
    fi
    echo "$suite $packages" > "$root/.ready"
    ;;
  venv)
    requirements=${1:?requirements file}
    copy_host_network_config
    if ! cmp -s "$repo/$requirements" "$root/opt/venv/requirements.txt"; then
      # The host's pip configuration may name local wheel folders the root lacks: not news.
      in_root /bin/bash -c 'test -x /opt/venv/bin/python || python3 -m venv --system-site-packages /opt/venv
        /opt/venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"' venv "$requirements" \
        2> >(grep -v "^WARNING: Location .* is ignored" >&2)
      cp "$repo/$requirements" "$root/opt/venv/requirements.txt"
    fi
    ;;
  run)
    [ -f "$root/.ready" ] || { echo "qgis_root: $root is not built" >&2; exit 1; }
    in_root "$@"
    ;;
  *)
    echo "qgis_root: unknown action $action" >&2
    exit 2
    ;;
esac
