#!/usr/bin/env bash
# Downloads the public NASA Telemanom data (SMAP and MSL spacecraft telemetry, Hundman et al., KDD 2018) and
# verifies every array against configs/telemanom.sha256.
#
#   infra/download-telemanom.sh [target-dir]     (default: ./data/telemanom, which git ignores)
#
# Needs curl, unzip and sha256sum, and internet access to s3-us-west-2.amazonaws.com and raw.githubusercontent.com.
# It cannot run on the project's build machines (no internet there): they use ../shared/telemanom, or the
# synthetic data the tests generate when no data directory exists. The data is never committed.
#
# Note: the manifest covers the 164 .npy arrays only; the upstream labeled_anomalies.csv lists SMAP and MSL
# channels, while the copy in ../shared/telemanom is a SMAP-only variant, so the labels are not checksummed.
set -euo pipefail

DATA_URL="https://s3-us-west-2.amazonaws.com/telemanom/data.zip"
LABELS_URL="https://raw.githubusercontent.com/khundman/telemanom/master/labeled_anomalies.csv"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$repo_root/configs/telemanom.sha256"
target="${1:-./data/telemanom}"

fail() {
  echo "download-telemanom: $*" >&2
  exit 1
}

for tool in curl unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is required but not installed"
done
[ -f "$manifest" ] || fail "manifest not found: $manifest"

mkdir -p "$target"
target="$(cd "$target" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Downloading $DATA_URL ..."
curl --fail --location --show-error --connect-timeout 20 --retry 2 -o "$work/data.zip" "$DATA_URL" \
  || fail "cannot download $DATA_URL (no internet access, or the URL moved)"
echo "Downloading $LABELS_URL ..."
curl --fail --location --show-error --connect-timeout 20 --retry 2 -o "$work/labeled_anomalies.csv" "$LABELS_URL" \
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
(cd "$target" && sha256sum --check --quiet "$manifest") \
  || fail "checksum mismatch in $target (see above): the download is corrupt or the upstream data changed"

echo
echo "Telemanom data ready in $target ($(grep -c . "$manifest") arrays verified)."
echo "Point the services and tests at it with:"
echo "  export TELEMANOM_DIR=$target"
