#!/usr/bin/env bash
# The whole test suite, as CI runs it: sets up what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B verify "$@"
