#!/usr/bin/env bash
# Refresh the vendored OpenSeadragon (the deep-zoom viewer of the document page's scans) from
# the npm registry: `scripts/vendor-openseadragon.sh [VERSION]`. npm checks the package's
# integrity; the build, its button images and its licence are copied, nothing else.
set -euo pipefail
VERSION="${1:-6.1.1}"
TARGET="$(dirname "$0")/../readingroom/web/static/web/vendor/openseadragon"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "openseadragon@$VERSION" >/dev/null && tar xzf ./*.tgz)
rm -rf "$TARGET"
mkdir -p "$TARGET"
# The source map is not shipped: drop the comment naming it (static storage would look for it).
sed "/^\/\/# sourceMappingURL=/d" "$WORK/package/build/openseadragon/openseadragon.min.js" \
  > "$TARGET/openseadragon.min.js"
cp -r "$WORK/package/build/openseadragon/images" "$TARGET/"
cp "$WORK/package/LICENSE.txt" "$TARGET/"
echo "$VERSION" > "$TARGET/VERSION"
echo "OpenSeadragon $VERSION in $TARGET"
