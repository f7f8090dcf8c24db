# syntax=docker/dockerfile:1
# comply in a container: the CLI (`docker run --rm -v "$PWD:/src" comply scan .`) and the
# admission webhook (`comply webhook --listen 0.0.0.0:8443 ...`, see deploy/) from one static
# musl binary. The final image is `scratch` plus that binary: no shell, no package manager,
# running as an unprivileged user.
#
#   docker build -t comply .
#   docker run --rm -v "$PWD:/src:ro" comply scan . --format sarif --output -

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-alpine AS build
# gcc + musl-dev for the C parts of the dependencies (mimalloc); Alpine's Rust targets musl and
# links statically by default.
RUN apk add --no-cache gcc musl-dev
WORKDIR /build
# The whole context minus .dockerignore: the crates plus the directories the binary embeds
# (policies/, frameworks/), whatever gets added later.
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked --bin comply \
    && cp target/release/comply /comply \
    && strip /comply
# Refuse to ship a binary that needs a dynamic loader (scratch has none).
RUN if readelf -l /comply | grep -q 'Requesting program interpreter'; then \
        echo "comply is not statically linked" >&2; exit 1; \
    fi \
    && /comply --version
# The unprivileged user of the final image, by name for tools that look it up.
RUN echo 'comply:x:65532:65532:comply:/src:/sbin/nologin' > /passwd \
    && echo 'comply:x:65532:' > /group \
    && mkdir -p /src

FROM scratch
COPY --from=build /passwd /etc/passwd
COPY --from=build /group /etc/group
COPY --from=build --chown=65532:65532 /src /src
COPY --from=build /comply /usr/local/bin/comply
USER 65532:65532
WORKDIR /src
# The webhook's HTTPS port (comply webhook --listen 0.0.0.0:8443).
EXPOSE 8443
ENTRYPOINT ["/usr/local/bin/comply"]
CMD ["--help"]
