# syntax=docker/dockerfile:1
# Multi-stage build: a static, pure-Go binary (no cgo: modernc.org/sqlite) on a
# distroless base, running as a non-root user. With no flags it serves the demo.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/odatagw ./cmd/odatagw

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/odatagw /usr/local/bin/odatagw
USER nonroot:nonroot
EXPOSE 8080
# Inside a container the gateway must listen on all interfaces; the demo has no
# authentication, so it says so explicitly. Point it at a real database with
# -driver/-dsn (or ODATAGW_DRIVER/ODATAGW_DSN) and configure authentication there.
ENTRYPOINT ["/usr/local/bin/odatagw"]
CMD ["-listen", "0.0.0.0:8080", "-allow-anonymous"]
