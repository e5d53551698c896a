#!/usr/bin/env bash
# Builds the base of the operator's container image without a Docker daemon or a container registry:
#   - a Java runtime made with jlink from the build JDK, holding only the modules the operator uses;
#   - the shared libraries that runtime needs (glibc, libgcc, libstdc++, zlib) and glibc's C.UTF-8 locale,
#     from Debian packages (apt-get download + dpkg-deb -x), with their copyright files and nothing else;
#   - the files in operator/image/base/ (/etc/passwd and /etc/group with the non-root user 65532
#     "nonroot", /etc/nsswitch.conf), an empty /tmp (1777) and the user's home.
# No shell, no package manager. The result is one layer in a `docker save` style tarball, which Jib
# reads as its base with <from><image>tar://...</image></from>:
#   ${ECSDEPLOY_CACHE:-~/.cache/ecs-deploy-operator}/base-image/base.tar
# It is rebuilt only when this script, operator/image/base/ or the JDK change; otherwise the script
# returns at once. Debian based build machine (apt-get, dpkg-deb); JDK 17 or later with jmods.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_DIR="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}"
OUT_DIR="$CACHE_DIR/base-image"
BASE_TAR="$OUT_DIR/base.tar"
STATIC_DIR="$REPO_DIR/operator/image/base"
# The JDK whose runtime goes into the image: the one Maven runs with (the pom passes it), else
# JAVA_HOME, else the one jlink on the PATH belongs to.
if [[ -n "${ECSDEPLOY_BASE_JDK:-}" ]]; then
  JDK="$ECSDEPLOY_BASE_JDK"
elif [[ -n "${JAVA_HOME:-}" ]]; then
  JDK="$JAVA_HOME"
else
  JDK="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
fi

JAVA_DIR=/opt/java/openjdk
# What the operator and its libraries use (checked with jdeps): logging, JMX and the JVM's
# management beans (Micrometer), JNDI and XML (logback, the AWS query protocol), JDBC types
# (Jackson), Kerberos types (Apache HTTP client), sun.misc.Unsafe (Netty), extended socket options,
# the JDK's HTTP server (metrics and hook endpoints), its HTTP client (HTTP hooks, Prometheus and web
# analysis checks), and elliptic-curve TLS (AWS, the API server).
MODULES=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported
# libc-bin for the C.UTF-8 locale only (LANG=C.UTF-8: the JVM's default charset is UTF-8); the copyright
# of libgcc and libstdc++ is in gcc-<version>-base, found from libgcc-s1's dependencies.
PACKAGES=(libc6 libc-bin libgcc-s1 libstdc++6 zlib1g)
NONROOT_HOME=home/nonroot

log() { printf '[base-image] %s\n' "$*" >&2; }

if [[ ! -x "$JDK/bin/jlink" ]]; then
  log "no jlink in $JDK: set JAVA_HOME to a JDK (17 or later)"
  exit 1
fi
for tool in apt-get dpkg-deb dpkg sha256sum tar; do
  command -v "$tool" >/dev/null || { log "$tool is missing: the base image is built from Debian packages"; exit 1; }
done

key=$(
  {
    cat "$0"
    (cd "$STATIC_DIR" && find . -type f | LC_ALL=C sort | xargs sha256sum)
    echo "$JDK"
    cat "$JDK/release"
  } | sha256sum | cut -d' ' -f1
)
if [[ -f "$BASE_TAR" && -f "$BASE_TAR.key" && "$(cat "$BASE_TAR.key")" == "$key" ]]; then
  log "cached: $BASE_TAR"
  exit 0
fi

start=$SECONDS
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "$OUT_DIR/build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
mkdir -p "$ROOTFS" "$WORK/debs" "$WORK/packages"

log "downloading ${PACKAGES[*]} (Debian)"
download() { (cd "$WORK/debs" && apt-get download -q "${PACKAGES[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2); }
if ! download || [[ $(ls "$WORK/debs" | wc -l) -lt ${#PACKAGES[@]} ]]; then
  if [[ $EUID -ne 0 ]]; then
    log "apt-get download failed; run 'apt-get update' as root and try again"
    exit 1
  fi
  log "refreshing the package lists (apt-get update)"
  apt-get update -q >&2
  rm -f "$WORK/debs"/*
  download
fi
gcc_base=$(dpkg-deb -f "$WORK"/debs/libgcc-s1_*.deb Depends | grep -o 'gcc-[0-9]*-base' | head -1)
(cd "$WORK/debs" && apt-get download -q "$gcc_base" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2)
package_versions=()
for deb in "$WORK"/debs/*.deb; do
  dpkg-deb -x "$deb" "$WORK/packages"
  package_versions+=("$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)")
done
# Only the shared libraries (and the dynamic loader's configuration) and the copyright files.
(
  cd "$WORK/packages"
  rm -rf bin sbin var usr/bin usr/sbin usr/libexec usr/lib/*/gconv usr/lib/*/audit
  find usr/lib/locale -mindepth 1 -maxdepth 1 ! -name C.utf8 -exec rm -rf {} +
  find usr/share -mindepth 1 -maxdepth 1 ! -name doc -exec rm -rf {} +
  find usr/share/doc -type f ! -name copyright -delete
  find usr/share/doc -type d -empty -delete
)
cp -a "$WORK/packages/." "$ROOTFS/"

log "linking a Java runtime from $JDK: $MODULES"
# --generate-cds-archive: the runtime's classes pre-parsed into a class-data sharing archive, which
# the JVM maps at start instead of loading them one by one (a shorter start, as with a full JDK).
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$ROOTFS$JAVA_DIR"
if command -v strip >/dev/null; then
  find "$ROOTFS$JAVA_DIR" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec strip --strip-unneeded {} +
fi

cp -a "$STATIC_DIR/." "$ROOTFS/"
install -d -m 1777 "$ROOTFS/tmp"
install -d -m 0755 "$ROOTFS/$NONROOT_HOME"

# The runtime must start with nothing but the files in the image (and, as in any container, /proc for
# the loader to find the launcher's libraries, and /dev).
if [[ $EUID -eq 0 ]]; then
  log "checking that the runtime starts inside the image's files"
  mkdir "$ROOTFS/proc" "$ROOTFS/dev"
  unshare --mount --pid --fork --mount-proc="$ROOTFS/proc" \
    sh -c 'mount --rbind /dev "$1/dev" && exec chroot "$1" "$2/bin/java" -version' sh "$ROOTFS" "$JAVA_DIR" \
    2>&1 | sed 's/^/  /' >&2
  rmdir "$ROOTFS/proc" "$ROOTFS/dev"
else
  log "not root: the runtime is checked by the image's tests (OperatorImageIT), not here"
fi

# One layer, reproducible: sorted, numeric owners, fixed times; everything root's but the home.
mkdir -p "$WORK/archive"
layer="$WORK/layer.tar"
tar_opts=(--format=gnu --sort=name --numeric-owner --mtime=@0 -C "$ROOTFS")
(cd "$ROOTFS" && ls -A) | LC_ALL=C sort > "$WORK/top"
tar -cf "$layer" "${tar_opts[@]}" --owner=0 --group=0 --exclude="./$NONROOT_HOME" --exclude="$NONROOT_HOME" \
  -T "$WORK/top"
tar -rf "$layer" "${tar_opts[@]}" --owner=65532 --group=65532 "$NONROOT_HOME"
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
mkdir -p "$WORK/archive/$diff_id"
mv "$layer" "$WORK/archive/$diff_id/layer.tar"

arch=$(dpkg --print-architecture)
java_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JDK/release")
cat > "$WORK/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","Env":["PATH=$JAVA_DIR/bin:/usr/bin:/bin","JAVA_HOME=$JAVA_DIR","LANG=C.UTF-8"],"WorkingDir":"/tmp","Labels":{"io.ecsdeploy.base.java":"$java_version","io.ecsdeploy.base.java.modules":"$MODULES","io.ecsdeploy.base.packages":"${package_versions[*]}"}},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"hack/base-image.sh","comment":"Java $java_version runtime (jlink) and Debian ${package_versions[*]}"}]}
JSON
config_id=$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
mv "$WORK/config.json" "$WORK/archive/$config_id.json"
cat > "$WORK/archive/manifest.json" <<JSON
[{"Config":"$config_id.json","RepoTags":["ecs-deploy-operator-base:latest"],"Layers":["$diff_id/layer.tar"]}]
JSON
tar -cf "$BASE_TAR.tmp" --format=gnu --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 \
  -C "$WORK/archive" manifest.json "$config_id.json" "$diff_id"
mv -f "$BASE_TAR.tmp" "$BASE_TAR"
echo "$key" > "$BASE_TAR.key"
log "built $BASE_TAR ($(du -h "$BASE_TAR" | cut -f1), layer sha256:${diff_id:0:12}) in $((SECONDS - start)) s"
