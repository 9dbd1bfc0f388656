package odatagw_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileLint checks the Dockerfile against the rules we hold it to (no Docker
// engine runs in CI, so it is linted, not built): a multi-stage build of a static
// binary from pinned images, a non-root final image, exec-form ENTRYPOINT, and the
// demo listening where EXPOSE says.
func TestDockerfileLint(t *testing.T) {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var instr []string // instructions with continuation lines joined
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\\\n", " "), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			instr = append(instr, line)
		}
	}
	known := regexp.MustCompile(`^(FROM|RUN|COPY|WORKDIR|USER|EXPOSE|ENTRYPOINT|CMD|ENV|ARG|LABEL)\s`)
	var froms, users []string
	var entrypoint, cmd, expose, build string
	for _, in := range instr {
		if !known.MatchString(in) {
			t.Errorf("unknown or malformed instruction: %q", in)
			continue
		}
		kw, rest, _ := strings.Cut(in, " ")
		switch kw {
		case "FROM":
			froms = append(froms, rest)
		case "USER":
			users = append(users, rest)
		case "ENTRYPOINT":
			entrypoint = rest
		case "CMD":
			cmd = rest
		case "EXPOSE":
			expose = rest
		case "RUN":
			if strings.Contains(rest, "go build") {
				build = rest
			}
		}
	}
	if len(froms) < 2 {
		t.Errorf("want a multi-stage build, got %d FROM", len(froms))
	}
	for _, f := range froms {
		image := strings.Fields(f)[0]
		if !strings.Contains(image, ":") || strings.HasSuffix(image, ":latest") {
			t.Errorf("base image %q is not pinned to a tag", image)
		}
	}
	if len(users) == 0 || strings.HasPrefix(users[len(users)-1], "root") || strings.HasPrefix(users[len(users)-1], "0") {
		t.Errorf("the final image must run as a non-root user, USER = %v", users)
	}
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "./cmd/odatagw") {
		t.Errorf("the binary must be built static (CGO_ENABLED=0) from ./cmd/odatagw: %q", build)
	}
	if !strings.HasPrefix(entrypoint, "[") || (cmd != "" && !strings.HasPrefix(cmd, "[")) {
		t.Errorf("ENTRYPOINT/CMD must use the exec (JSON) form: %q %q", entrypoint, cmd)
	}
	if !strings.Contains(cmd, ":"+expose) {
		t.Errorf("CMD listens on another port than EXPOSE %s: %s", expose, cmd)
	}
	if !strings.Contains(cmd, "-allow-anonymous") {
		t.Errorf("listening on 0.0.0.0 without auth needs -allow-anonymous or the gateway refuses to start: %s", cmd)
	}
}
