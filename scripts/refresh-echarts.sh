#!/usr/bin/env bash
# Re-fetch the vendored ECharts build from the npm registry.
#
# Usage: scripts/refresh-echarts.sh [VERSION]     (default 5.4.3)
#
# The page assets are embedded in the binary (government networks are closed,
# so no CDN), which is why dist/echarts.min.js is committed under
# static/vendor/echarts/. go-echarts v2.6.x generates options for ECharts
# 5.4.3, so only change the version together with go-echarts.
#
# `npm pack` downloads the published tarball (npm checks it against the
# registry's integrity hash) without installing anything or running scripts.
set -euo pipefail

version="${1:-5.4.3}"
# Known-good digest of dist/echarts.min.js for the pinned version; other
# versions are only printed, so a reviewer can record the new digest.
pinned_version=5.4.3
pinned_sha256=1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19

repo="$(cd "$(dirname "$0")/.." && pwd)"
dest="$repo/static/vendor/echarts"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(
	cd "$tmp"
	npm pack --silent "echarts@${version}" >/dev/null
	tar -xzf "echarts-${version}.tgz" package/dist/echarts.min.js package/LICENSE package/NOTICE package/licenses/LICENSE-d3
)

sum="$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)"
if [[ "$version" == "$pinned_version" && "$sum" != "$pinned_sha256" ]]; then
	echo "refresh-echarts: sha256 mismatch for echarts@${version}: got $sum, want $pinned_sha256" >&2
	exit 1
fi

mkdir -p "$dest"
cp "$tmp/package/dist/echarts.min.js" "$dest/echarts.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
# Apache-2.0 asks for the NOTICE to travel with the work; the bundle includes
# d3-derived code under its own BSD licence.
cp "$tmp/package/NOTICE" "$dest/NOTICE"
cp "$tmp/package/licenses/LICENSE-d3" "$dest/LICENSE-d3"

echo "echarts@${version} -> ${dest#"$repo"/}/echarts.min.js ($(wc -c <"$dest/echarts.min.js") bytes)"
echo "$sum  static/vendor/echarts/echarts.min.js"
if [[ "$version" != "$pinned_version" ]]; then
	echo "note: update static/vendor/echarts/README.md and pinned_sha256 in this script for ${version}" >&2
fi
