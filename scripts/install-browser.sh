#!/usr/bin/env bash
# Install Debian's chromium (driven by Python playwright in the browser tests) and the CJK fonts
# that make screenshots show Chinese. Nothing is downloaded at test time.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
# rsync and shellcheck: tests/test_ci_templates.py runs and lints scripts/publish-intranet.sh.
for tool in rsync shellcheck; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "安装 / installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y --no-install-recommends "${need[@]}" \
  || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "${need[@]}"; }
