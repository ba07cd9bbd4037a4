# Brobygger as a container image: a release binary with the Swift standard library and Foundation linked
# in statically, with the shared libraries it loads from Debian bookworm and BusyBox, on no base image.
#
#   docker build -t brobygger .
#   podman build --format docker -t brobygger .    (the docker format keeps the HEALTHCHECK)
#
# SWIFT_IMAGE names the builder image: any Debian bookworm image with a Swift 6 toolchain on the PATH.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS builder

# The store needs the SQLite headers, the PostgreSQL client's the libpq headers and the gzip code the zlib
# headers; the official Swift images carry zlib1g-dev but neither of the others. Install only what is missing.
RUN if [ "$(dpkg-query -W -f='${db:Status-Status}\n' libsqlite3-dev libpq-dev zlib1g-dev 2>/dev/null | grep -cx installed)" != 3 ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends libsqlite3-dev libpq-dev zlib1g-dev \
        && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /src

# Dependencies first: a change to the sources does not fetch them again.
COPY Package.* ./
RUN swift package resolve

# Tests too: the manifest declares the test targets, and SwiftPM wants their folders to exist.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product brobygger --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/brobygger" /out/brobygger \
    && strip /out/brobygger


# The runtime's files, gathered on Debian bookworm-slim: the shared libraries the binary loads (as ldd lists
# them, so the list follows libpq's dependencies as Debian builds them, on any architecture), bash for the health
# check, BusyBox for a shell and the usual tools, their packages' copyright files (a package whose notice the
# slim image left out, such as libstdc++6's link to gcc-12-base's, gets its source package's), and the accounts. The final
# image is these and nothing else: apt, dpkg, perl and coreutils would be most of a base image and serve
# nothing at run time.
FROM debian:bookworm-slim AS runtime

RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 libpq5 zlib1g busybox-static \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin

COPY --from=builder /out/brobygger /rootfs/usr/local/bin/brobygger
RUN set -eu; \
    mkdir -p /rootfs/usr/bin /rootfs/usr/lib /rootfs/usr/lib64 /rootfs/etc /rootfs/tmp /data-volume /rootfs/app; \
    for dir in bin lib lib64 sbin; do ln -s "usr/$dir" "/rootfs/$dir"; done; \
    ln -s bin /rootfs/usr/sbin; \
    copy() { \
        real="$(readlink -f "$1")"; target="/rootfs$(readlink -f "$(dirname "$1")")/$(basename "$1")"; \
        mkdir -p "$(dirname "$target")"; cp "$real" "$target"; \
        package="$(dpkg -S "$1" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "*/$(basename "$real")" 2>/dev/null || true)"; package="${package%%,*}"; package="${package%%:*}"; \
        [ -n "$package" ] || return 0; \
        notice="/usr/share/doc/$package/copyright"; \
        if [ ! -f "$notice" ]; then \
            source="$(dpkg-query -W -f='${source:Package}' "$package")"; \
            for sibling in $(dpkg-query -W -f='${Package} ${source:Package}\n' | awk -v s="$source" '$2 == s { print $1 }'); do \
                if [ -f "/usr/share/doc/$sibling/copyright" ]; then notice="/usr/share/doc/$sibling/copyright"; break; fi; \
            done; \
        fi; \
        if [ -f "$notice" ]; then mkdir -p "/rootfs/usr/share/doc/$package"; cp "$notice" "/rootfs/usr/share/doc/$package/"; fi; \
    }; \
    copy /bin/bash; copy /bin/busybox; \
    for program in /rootfs/usr/local/bin/brobygger /bin/bash; do \
        ldd "$program" > /tmp/libraries; \
        for library in $(awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }' /tmp/libraries); do copy "$library"; done; \
    done; \
    for applet in sh ash cat df du env grep head id kill less ls ps sed stat tail top awk; do \
        ln -s busybox "/rootfs/usr/bin/$applet"; \
    done; \
    printf 'root:x:0:0:root:/root:/bin/sh\nbrobygger:x:10001:10001:brobygger:/app:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > /rootfs/etc/passwd; \
    printf 'root:x:0:\nbrobygger:x:10001:\nnogroup:x:65534:\n' > /rootfs/etc/group; \
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' > /rootfs/etc/nsswitch.conf; \
    chmod 1777 /rootfs/tmp; chmod 0750 /data-volume


FROM scratch

ARG VERSION=0.1.0
ARG SOURCE_URL=""
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="Brobygger" \
      org.opencontainers.image.description="A registry of territorial cooperation in Europe (partnerships, projects, regions, organisations), served as a REST API over HTTP/1.1, every fact traced to its source document." \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.version="${VERSION}"

COPY --from=runtime /rootfs/ /
# The volume's directory, owned by the server's user: a new volume takes its owner from it.
COPY --from=runtime --chown=10001:10001 /data-volume/ /data/
COPY migrations /app/migrations
COPY seeds /app/seeds
COPY profiles /app/profiles

WORKDIR /app
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_PATH=/data/brobygger.sqlite \
    SEEDS_PATH=/app/seeds \
    MIGRATIONS_PATH=/app/migrations \
    LOG_FORMAT=json

USER 10001:10001
EXPOSE 8080
VOLUME /data

# Liveness over plain HTTP with bash's /dev/tcp (BusyBox's wget is linked statically and cannot resolve an
# address without the C library's name-service modules). Healthy means a "HTTP/1.1 200" status line from
# GET /healthz within two seconds.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}" && printf "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && IFS= read -r -t 2 status <&3 && [[ $status == "HTTP/1.1 200 "* ]]'

# SIGTERM drains in-flight requests (SHUTDOWN_DEADLINE, 10 s by default) and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/brobygger"]
CMD ["serve"]
