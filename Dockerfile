# Brobygger as a container image: a release binary with the Swift standard library and Foundation linked
# in statically, on Debian bookworm-slim with only the shared libraries it needs.
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


FROM debian:bookworm-slim

ARG VERSION=0.1.0
ARG SOURCE_URL=""
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="Brobygger" \
      org.opencontainers.image.description="A registry of territorial cooperation in Europe (partnerships, projects, regions, organisations), served as a REST API over HTTP/1.1, every fact traced to its source document." \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.version="${VERSION}"

# The binary links libc, libstdc++, libgcc_s, libm, libz, libsqlite3 and libpq dynamically; bookworm-slim has
# all but SQLite and libpq. bash (for the health check) is part of the base image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 libpq5 zlib1g \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
    && groupadd --system --gid 10001 brobygger \
    && useradd --system --uid 10001 --gid brobygger --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin brobygger \
    && install -d -o brobygger -g brobygger -m 0750 /data

COPY --from=builder /out/brobygger /usr/local/bin/brobygger
COPY migrations /app/migrations
COPY seeds /app/seeds
COPY profiles /app/profiles

WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_PATH=/data/brobygger.sqlite \
    SEEDS_PATH=/app/seeds \
    MIGRATIONS_PATH=/app/migrations \
    LOG_FORMAT=json

USER 10001:10001
EXPOSE 8080
VOLUME /data

# Liveness over plain HTTP with bash's /dev/tcp: the image needs no curl. Healthy means a
# "HTTP/1.1 200" status line from GET /healthz within two seconds.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}" && printf "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && IFS= read -r -t 2 status <&3 && [[ $status == "HTTP/1.1 200 "* ]]'

# SIGTERM drains in-flight requests (SHUTDOWN_DEADLINE, 10 s by default) and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["brobygger"]
CMD ["serve"]
