# EcoTrack container image (docs/deployment.md).
#   docker build -t ecotrack:dev .
#   docker run --rm -p 8080:8080 ecotrack:dev serve --demo
# Build stage: the official Swift image on Debian bookworm; the runtime stage uses the same Debian
# release, so the glibc the binary was linked against is the one it runs on.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# Resolve dependencies in their own layer, so a source change does not download them again.
# Building loads every target of the manifest, test targets too: hence Tests.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product ecotrack --static-swift-stdlib \
 && bin="$(swift build -c release --show-bin-path)" \
 && mkdir -p /out \
 && cp "$bin/ecotrack" /out/ \
 && cp -R "$bin"/*.resources /out/ \
 && cp /usr/libexec/swift/linux/swift-backtrace-static /out/

FROM ${RUNTIME_IMAGE} AS runtime
# The Swift runtime and Foundation are linked statically; what the binary still loads is libstdc++
# and zlib (in the slim image), and libcurl for outbound HTTPS (webhooks, OIDC keys), which the
# curl package brings together with the curl used by HEALTHCHECK. tzdata and CA certificates for
# TLS to PostgreSQL, webhook receivers and identity providers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ecotrack \
 && useradd --system --uid 10001 --gid ecotrack --home-dir /var/lib/ecotrack --shell /usr/sbin/nologin ecotrack \
 && install -d -o ecotrack -g ecotrack -m 0750 /var/lib/ecotrack /var/lib/ecotrack/data
# The resource bundles (OpenAPI document, web dashboard, emission factors) must sit beside the binary.
COPY --from=build /out/ /opt/ecotrack/bin/
# Crash reports: the Swift runtime's backtracer, copied from the build image, symbolicates them.
ENV PATH=/opt/ecotrack/bin:$PATH \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/opt/ecotrack/bin/swift-backtrace-static \
    ECOTRACK_HOST=0.0.0.0 \
    ECOTRACK_PORT=8080
USER 10001:10001
WORKDIR /var/lib/ecotrack
# The default store is ./data/ecotrack.sqlite (one process); replicas use --database postgres://…
VOLUME ["/var/lib/ecotrack/data"]
EXPOSE 8080
# /healthz answers 200 while the process serves HTTP (readiness, /readyz, is for load balancers).
# `ecotrack worker` has no HTTP port: run it with `--no-healthcheck` or override the check.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${ECOTRACK_PORT}/healthz" > /dev/null || exit 1
ENTRYPOINT ["ecotrack"]
CMD ["serve"]
