# Sourced by ./mvnw before Maven starts (POSIX sh).
#
# go4j compiles, tests and benchmarks on a JDK 21+ chosen by Maven toolchain discovery (see pom.xml).
# Maven itself must also run on 21+: plugins that run inside Maven (the jar tool for modular jars,
# module-descriptor readers) cannot read Java 21 class files from an older JVM. So when the JDK at
# JAVA_HOME (or the java on PATH) is older than 21, pick the newest JDK 21+ installed in the usual
# places, the way toolchain discovery does. Set JAVA_HOME to a JDK 21+ to override.

go4j_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  [ -f "$1/release" ] && [ -x "$1/bin/javac" ] || return 0
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

go4j_select_jdk() {
  go4j_current="${JAVA_HOME-}"
  if [ -z "$go4j_current" ]; then
    go4j_java="$(command -v java 2>/dev/null || true)"
    [ -n "$go4j_java" ] && go4j_current="$(dirname "$(dirname "$(readlink -f "$go4j_java")")")"
  fi
  if [ -n "$go4j_current" ]; then
    go4j_v="$(go4j_jdk_major "$go4j_current")"
    [ -n "$go4j_v" ] && [ "$go4j_v" -ge 21 ] && return 0
  fi
  go4j_best=""
  go4j_best_v=0
  set +f
  for go4j_home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "${HOME-}"/.sdkman/candidates/java/* \
    "${HOME-}"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$go4j_home" ] || continue
    go4j_v="$(go4j_jdk_major "$go4j_home")"
    [ -n "$go4j_v" ] && [ "$go4j_v" -ge 21 ] && [ "$go4j_v" -gt "$go4j_best_v" ] || continue
    go4j_best="$go4j_home"
    go4j_best_v="$go4j_v"
  done
  set -f
  if [ -n "$go4j_best" ]; then
    JAVA_HOME="$go4j_best"
    export JAVA_HOME
    [ "${MVNW_VERBOSE-}" != true ] || echo "go4j: running Maven on JDK $go4j_best_v at $JAVA_HOME" >&2
  else
    echo "go4j: no JDK 21+ found (JAVA_HOME, PATH, /usr/lib/jvm, SDKMAN, ...); install one, e.g. Temurin 21." >&2
  fi
}

go4j_select_jdk
