# Sourced by .ci/run and deploy/local/stack: makes sure a JDK 21+ is on PATH (Quarkus 3.31 needs it).
# Keeps JAVA_HOME when it is already 21+; otherwise picks the newest JDK 21+ under /usr/lib/jvm.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    :
  else
    local best="" best_v=0 j v
    for j in /usr/lib/jvm/*/bin/java; do
      [ -x "$j" ] || continue
      v=$(java_major "$j" || echo 0)
      if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$(dirname "$(dirname "$j")"); best_v=$v; fi
    done
    if [ -n "$best" ]; then
      export JAVA_HOME="$best"
    elif command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ] 2>/dev/null; then
      unset JAVA_HOME
    else
      echo "No JDK 21+ found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
      return 1
    fi
  fi
  if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
}
