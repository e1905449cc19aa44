#!/usr/bin/env bash
# Lints openapi.yaml at the repository root with the Redocly CLI version pinned
# in package-lock.json. Installs it (npm ci) only when node_modules is missing
# or older than the lock file. Exits non-zero on any lint error or warning.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  npm ci --silent --no-audit --no-fund
  touch node_modules  # npm ci may keep the folder's old time stamp
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
# --lint-config error: a mistake in redocly.yaml fails too.
node_modules/.bin/redocly lint --config redocly.yaml --lint-config error --format stylish \
  ../../openapi.yaml >"$out" 2>&1 || status=$?

# The CLI prints a Node.js-version banner and progress lines; show them only
# when something is wrong. Warnings fail too: the CLI exits 0 on them, so look
# for its problem lines ("  12:7  warning  rule-name  message").
if ((status != 0)) || grep -qE '^[[:space:]]+[0-9]+:[0-9]+[[:space:]]+(error|warning)[[:space:]]' "$out"; then
  cat "$out" >&2
  echo "openapi lint: FAILED (redocly $(node_modules/.bin/redocly --version 2>/dev/null | tail -n1))" >&2
  exit 1
fi
echo "openapi lint: openapi.yaml is valid, 0 errors, 0 warnings (redocly $(node -p 'require("./node_modules/@redocly/cli/package.json").version'))"
