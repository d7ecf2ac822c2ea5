#!/bin/sh
# Downloads the public NASA Telemanom data (SMAP and MSL spacecraft telemetry, Hundman et al., KDD 2018) and
# verifies every array against configs/telemanom.sha256.
#
#   infra/download-telemanom.sh [target-dir]     (default: data/telemanom in the repository, which git ignores)
#
# A POSIX shell script (the chart's data-load Job runs it with busybox on Alpine). Needs curl or wget, unzip and
# sha256sum, and internet access to s3-us-west-2.amazonaws.com and raw.githubusercontent.com.
# It cannot run on the project's build machines (no internet there): they use ../shared/telemanom, or the
# synthetic data the tests generate when no data directory exists. The data is never committed.
#
# Note: the manifest covers the 164 .npy arrays only; the upstream labeled_anomalies.csv lists SMAP and MSL
# channels, while the copy in ../shared/telemanom is a SMAP-only variant, so the labels are not checksummed.
set -eu

DATA_URL="https://s3-us-west-2.amazonaws.com/telemanom/data.zip"
LABELS_URL="https://raw.githubusercontent.com/khundman/telemanom/master/labeled_anomalies.csv"

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
manifest="$repo_root/configs/telemanom.sha256"
target="${1:-$repo_root/data/telemanom}"

fail() {
  echo "download-telemanom: $*" >&2
  exit 1
}

for tool in unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is required but not installed"
done
if command -v curl >/dev/null 2>&1; then
  fetch() { curl --fail --location --show-error --connect-timeout 20 --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -T 60 -O "$2" "$1"; }
else
  fail "'curl' or 'wget' is required but neither is installed"
fi
[ -f "$manifest" ] || fail "manifest not found: $manifest"

mkdir -p "$target"
target="$(cd "$target" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Downloading $DATA_URL ..."
fetch "$DATA_URL" "$work/data.zip" \
  || fail "cannot download $DATA_URL (no internet access, or the URL moved)"
echo "Downloading $LABELS_URL ..."
fetch "$LABELS_URL" "$work/labeled_anomalies.csv" \
  || fail "cannot download $LABELS_URL (no internet access, or the URL moved)"

echo "Unpacking ..."
unzip -q "$work/data.zip" -d "$work/unzipped" || fail "data.zip is not a valid zip archive"
# The archive holds data/train and data/test; accept train/ and test/ at the top level too.
source_dir=""
for candidate in "$work/unzipped/data" "$work/unzipped"; do
  if [ -d "$candidate/train" ] && [ -d "$candidate/test" ]; then
    source_dir="$candidate"
    break
  fi
done
[ -n "$source_dir" ] || fail "data.zip does not contain train/ and test/ directories"

rm -rf "$target/train" "$target/test"
mv "$source_dir/train" "$source_dir/test" "$target/"
mv "$work/labeled_anomalies.csv" "$target/labeled_anomalies.csv"

echo "Verifying against $manifest ..."
if ! (cd "$target" && sha256sum -c "$manifest" > "$work/check.txt" 2>&1); then
  grep -v ': OK$' "$work/check.txt" >&2 || true
  fail "checksum mismatch in $target (see above): the download is corrupt or the upstream data changed"
fi

echo
echo "Telemanom data ready in $target ($(grep -c . "$manifest") arrays verified)."
echo "Point the services and tests at it with:"
echo "  export TELEMANOM_DIR=$target"
