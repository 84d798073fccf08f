#!/usr/bin/env bash
# Sourced by .ci/run and scripts/verify-under-load.sh: sets JAVA_HOME/PATH to a JDK >= 21 (the machine's default java
# may be older), preferring the one already in JAVA_HOME.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"; break
    fi
  done
  [ -n "$JAVA_HOME" ] || { echo "CI: no JDK 21+ found under /usr/lib/jvm" >&2; exit 1; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
echo "CI: using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"

