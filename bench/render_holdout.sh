#!/usr/bin/env bash
# Render the hold-out notices (bench/holdout/specs/*.json) into bench/out/holdout/ with the shared renderer.
#
# Needs /work/render-venv: a separate Python 3.11 venv with /work/shared/eval/requirements-render.txt
# (WeasyPrint, img2pdf, ...) and the Debian fonts/libs listed at the top of that file:
#   apt-get install -y fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-uming fonts-arphic-ukai \
#     fonts-tibetan-machine fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
#   python3.11 -m venv /work/render-venv && /work/render-venv/bin/pip install -r /work/shared/eval/requirements-render.txt
#
# Output is deterministic (render.py seeds each variant from the spec id): re-running gives the same bytes.
# Rendering is sequential on purpose (shared machine). Variants: pdf, scan (.scan.pdf), tiff, photo
# (.photo.jpg for one page, .photo.pdf otherwise).
#
# usage: bench/render_holdout.sh [SPEC_ID...]      # default: every spec in bench/holdout/specs
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${RENDER_PYTHON:-/work/render-venv/bin/python}"
render="${RENDER_PY:-/work/shared/eval/render.py}"
out="$here/out/holdout"
variants="${VARIANTS:-pdf,scan,tiff,photo}"

if [[ ! -x "$python" ]]; then
    echo "error: $python not found; create /work/render-venv first (see the top of this script)" >&2
    exit 3
fi
mkdir -p "$out"
if [[ $# -gt 0 ]]; then
    specs=()
    for id in "$@"; do specs+=("$here/holdout/specs/$id.json"); done
else
    specs=("$here"/holdout/specs/*.json)
fi
for spec in "${specs[@]}"; do
    "$python" "$render" "$spec" --out "$out" --variants "$variants"
done
