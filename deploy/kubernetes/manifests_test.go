// Package kubernetes holds the Kustomize base in this folder; its test decodes every
// manifest strictly into the k8s.io/api types (there is no cluster here) and checks
// the deployment's invariants against the gateway itself.
package kubernetes

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8slabels "k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
)

// kustomization is the part of kustomize's Kustomization this base may use; anything
// else fails the strict decode.
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
	Labels     []struct {
		Pairs            map[string]string `json:"pairs"`
		IncludeSelectors bool              `json:"includeSelectors"`
		IncludeTemplates bool              `json:"includeTemplates"`
	} `json:"labels"`
	Images []struct {
		Name    string `json:"name"`
		NewName string `json:"newName"`
		NewTag  string `json:"newTag"`
		Digest  string `json:"digest"`
	} `json:"images"`
}

// objects are the decoded manifests by kind and name.
type objects struct {
	deployments map[string]*appsv1.Deployment
	services    map[string]*corev1.Service
	configMaps  map[string]*corev1.ConfigMap
	secrets     map[string]*corev1.Secret
	pdbs        map[string]*policyv1.PodDisruptionBudget
	hpas        map[string]*autoscalingv2.HorizontalPodAutoscaler
	netpols     map[string]*networkingv1.NetworkPolicy
}

func load(t *testing.T) (*kustomization, *objects) {
	t.Helper()
	raw, err := os.ReadFile("kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var k kustomization
	if err := yaml.UnmarshalStrict(raw, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		t.Fatalf("kustomization.yaml is %s %s", k.APIVersion, k.Kind)
	}
	// Every manifest in the folder is a resource, and every resource exists.
	files, _ := filepath.Glob("*.yaml")
	for _, f := range files {
		if f != "kustomization.yaml" && !slices.Contains(k.Resources, f) {
			t.Errorf("%s is not listed in kustomization.yaml resources", f)
		}
	}
	o := &objects{deployments: map[string]*appsv1.Deployment{}, services: map[string]*corev1.Service{},
		configMaps: map[string]*corev1.ConfigMap{}, secrets: map[string]*corev1.Secret{},
		pdbs: map[string]*policyv1.PodDisruptionBudget{}, hpas: map[string]*autoscalingv2.HorizontalPodAutoscaler{},
		netpols: map[string]*networkingv1.NetworkPolicy{}}
	for _, f := range k.Resources {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("resource %s: %v", f, err)
		}
		for i, doc := range splitDocs(raw) {
			decode(t, fmt.Sprintf("%s#%d", f, i), doc, o)
		}
	}
	return &k, o
}

func splitDocs(raw []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(raw, []byte("\n---\n")) {
		if len(bytes.TrimSpace(stripComments(d))) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

func stripComments(d []byte) []byte {
	var out []byte
	for _, l := range bytes.Split(d, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("#")) {
			out = append(append(out, l...), '\n')
		}
	}
	return out
}

// decode reads one document strictly (unknown or duplicate fields fail) into the type
// its apiVersion and kind name.
func decode(t *testing.T, where string, doc []byte, o *objects) {
	t.Helper()
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	strict := func(v any) {
		if err := yaml.UnmarshalStrict(doc, v); err != nil {
			t.Fatalf("%s (%s %s): %v", where, tm.APIVersion, tm.Kind, err)
		}
	}
	key := tm.APIVersion + " " + tm.Kind
	var name string
	switch key {
	case "apps/v1 Deployment":
		v := &appsv1.Deployment{}
		strict(v)
		name, o.deployments[v.Name] = v.Name, v
	case "v1 Service":
		v := &corev1.Service{}
		strict(v)
		name, o.services[v.Name] = v.Name, v
	case "v1 ConfigMap":
		v := &corev1.ConfigMap{}
		strict(v)
		name, o.configMaps[v.Name] = v.Name, v
	case "v1 Secret":
		v := &corev1.Secret{}
		strict(v)
		name, o.secrets[v.Name] = v.Name, v
	case "policy/v1 PodDisruptionBudget":
		v := &policyv1.PodDisruptionBudget{}
		strict(v)
		name, o.pdbs[v.Name] = v.Name, v
	case "autoscaling/v2 HorizontalPodAutoscaler":
		v := &autoscalingv2.HorizontalPodAutoscaler{}
		strict(v)
		name, o.hpas[v.Name] = v.Name, v
	case "networking.k8s.io/v1 NetworkPolicy":
		v := &networkingv1.NetworkPolicy{}
		strict(v)
		name, o.netpols[v.Name] = v.Name, v
	default:
		t.Fatalf("%s: unexpected object %q", where, key)
	}
	if name == "" {
		t.Fatalf("%s: %s without a name", where, key)
	}
}

func TestManifestsDecodeStrictly(t *testing.T) {
	_, o := load(t)
	if len(o.deployments) != 2 || len(o.services) != 2 || len(o.configMaps) != 1 || len(o.secrets) != 1 ||
		len(o.pdbs) != 1 || len(o.hpas) != 1 || len(o.netpols) != 2 {
		t.Fatalf("objects: %d deployments, %d services, %d configmaps, %d secrets, %d pdbs, %d hpas, %d netpols",
			len(o.deployments), len(o.services), len(o.configMaps), len(o.secrets), len(o.pdbs), len(o.hpas), len(o.netpols))
	}
	// The strict decoder does refuse what the types do not know.
	bad := []byte("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selctor: {a: b}}\n")
	if err := yaml.UnmarshalStrict(bad, &corev1.Service{}); err == nil {
		t.Fatal("a misspelt field decoded")
	}
}

// gatewayPod returns the gateway Deployment, its container and the settings of its
// ConfigMap file loaded through config.Load with the Secret's values as environment.
func gatewayPod(t *testing.T, o *objects) (*appsv1.Deployment, *corev1.Container, *config.Config, []string, map[string]string) {
	t.Helper()
	d := o.deployments["odatagw"]
	if d == nil {
		t.Fatal("no Deployment odatagw")
	}
	var c *corev1.Container
	for i := range d.Spec.Template.Spec.Containers {
		if d.Spec.Template.Spec.Containers[i].Name == "odatagw" {
			c = &d.Spec.Template.Spec.Containers[i]
		}
	}
	if c == nil {
		t.Fatal("no container odatagw")
	}
	// The ConfigMap mounted where the args point, written to a temporary file.
	args := slices.Clone(c.Args)
	for _, m := range c.VolumeMounts {
		var vol *corev1.Volume
		for i := range d.Spec.Template.Spec.Volumes {
			if d.Spec.Template.Spec.Volumes[i].Name == m.Name {
				vol = &d.Spec.Template.Spec.Volumes[i]
			}
		}
		if vol == nil {
			t.Fatalf("volume mount %s has no volume", m.Name)
		}
		if vol.ConfigMap == nil {
			continue
		}
		cm := o.configMaps[vol.ConfigMap.Name]
		if cm == nil {
			t.Fatalf("volume %s: no ConfigMap %s", vol.Name, vol.ConfigMap.Name)
		}
		dir := t.TempDir()
		for k, v := range cm.Data {
			os.WriteFile(filepath.Join(dir, k), []byte(v), 0o600)
		}
		for i, a := range args {
			if rest, ok := strings.CutPrefix(a, m.MountPath+"/"); ok {
				args[i] = filepath.Join(dir, rest)
			}
		}
	}
	env := map[string]string{}
	for _, e := range c.Env {
		if !strings.HasPrefix(e.Name, "ODATAGW_") {
			t.Errorf("env %s is not an ODATAGW_ setting", e.Name)
		}
		ref := e.ValueFrom
		if ref == nil || ref.SecretKeyRef == nil {
			env[e.Name] = e.Value
			continue
		}
		s := o.secrets[ref.SecretKeyRef.Name]
		if s == nil {
			t.Fatalf("env %s: no Secret %s", e.Name, ref.SecretKeyRef.Name)
		}
		v, ok := s.StringData[ref.SecretKeyRef.Key]
		if !ok {
			t.Fatalf("env %s: Secret %s has no key %s", e.Name, s.Name, ref.SecretKeyRef.Key)
		}
		env[e.Name] = v
	}
	var usage bytes.Buffer
	cfg, err := config.Load(args, func(k string) string { return env[k] }, &usage)
	if err != nil {
		t.Fatalf("the container's args and environment do not load: %v\n%s", err, usage.String())
	}
	return d, c, cfg, args, env
}

func TestGatewayDeploymentInvariants(t *testing.T) {
	_, o := load(t)
	d, c, cfg, _, env := gatewayPod(t, o)
	spec := d.Spec.Template.Spec
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Error("the gateway Deployment must run at least 2 replicas")
	}
	for _, name := range []string{"ODATAGW_REDIS_URL", "ODATAGW_CSRF_SECRET", "ODATAGW_DSN"} {
		if env[name] == "" {
			t.Errorf("%s must come from the Secret: replicas share it", name)
		}
	}
	if cfg.RedisURL == "" || cfg.CSRFSecret == "" || !cfg.CSRF {
		t.Error("replicas need -redis-url, -csrf and a shared -csrf-secret")
	}

	// Port: the one the gateway listens on, named http, used by probes and Service.
	_, portText, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	named := map[string]int32{}
	for _, p := range c.Ports {
		named[p.Name] = p.ContainerPort
	}
	if named["http"] != int32(port) {
		t.Fatalf("containerPort http %d, the gateway listens on %d", named["http"], port)
	}
	resolve := func(p intstr.IntOrString) int32 {
		if p.Type == intstr.String {
			return named[p.StrVal]
		}
		return p.IntVal
	}
	for what, pr := range map[string]*corev1.Probe{"/live": c.LivenessProbe, "/ready": c.ReadinessProbe, "/live ": c.StartupProbe} {
		if pr == nil || pr.HTTPGet == nil {
			t.Errorf("probe for %s missing or not HTTP", what)
			continue
		}
		if pr.HTTPGet.Path != strings.TrimSpace(what) || resolve(pr.HTTPGet.Port) != int32(port) {
			t.Errorf("probe %s: path %s port %v", what, pr.HTTPGet.Path, pr.HTTPGet.Port.String())
		}
	}

	// Resources, security.
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if c.Resources.Requests.Name(r, "").IsZero() || c.Resources.Limits.Name(r, "").IsZero() {
			t.Errorf("%s request and limit must be set", r)
		}
	}
	if psc := spec.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		t.Error("pod must run as non-root")
	}
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		t.Error("container must have a read-only root filesystem, no privilege escalation, all capabilities dropped")
	}

	// Graceful termination outlasts the preStop pause plus -shutdown-timeout.
	var pause time.Duration
	if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
		pause = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
	}
	if spec.TerminationGracePeriodSeconds == nil ||
		time.Duration(*spec.TerminationGracePeriodSeconds)*time.Second <= pause+cfg.ShutdownTimeout {
		t.Errorf("terminationGracePeriodSeconds must exceed preStop %s + -shutdown-timeout %s", pause, cfg.ShutdownTimeout)
	}

	podLabels := labels(d.Spec.Template.Labels)
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil || !sel.Matches(podLabels) {
		t.Fatal("the Deployment's selector does not match its pods")
	}
	// Service → the pods, on the gateway port.
	svc := o.services["odatagw"]
	if svc == nil || !selects(svc.Spec.Selector, podLabels) || len(svc.Spec.Ports) != 1 || resolve(svc.Spec.Ports[0].TargetPort) != int32(port) {
		t.Error("Service odatagw must select the gateway pods and target the gateway port")
	}
	// PodDisruptionBudget and HorizontalPodAutoscaler.
	pdb := o.pdbs["odatagw"]
	if pdb == nil || pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() < 1 {
		t.Error("PodDisruptionBudget odatagw must keep at least one pod")
	} else if s, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector); err != nil || !s.Matches(podLabels) {
		t.Error("the PodDisruptionBudget does not select the gateway pods")
	}
	hpa := o.hpas["odatagw"]
	if hpa == nil || hpa.Spec.ScaleTargetRef.Kind != "Deployment" || hpa.Spec.ScaleTargetRef.Name != d.Name ||
		hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.MaxReplicas < *hpa.Spec.MinReplicas {
		t.Error("the HorizontalPodAutoscaler must scale the gateway Deployment between ≥ 2 replicas and its max")
	}
	if hpa != nil && int64(hpa.Spec.MaxReplicas)*int64(cfg.DBMaxOpen) > 500 {
		t.Errorf("maxReplicas × db-max-open = %d database connections", int64(hpa.Spec.MaxReplicas)*int64(cfg.DBMaxOpen))
	}
}

func labels(m map[string]string) k8slabels.Set { return k8slabels.Set(m) }

func selects(sel map[string]string, l k8slabels.Set) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if l[k] != v {
			return false
		}
	}
	return true
}

func TestNetworkPolicies(t *testing.T) {
	_, o := load(t)
	d, _, cfg, _, _ := gatewayPod(t, o)
	gw := labels(d.Spec.Template.Labels)
	redis := o.deployments["odatagw-redis"]
	if redis == nil {
		t.Fatal("no Redis Deployment")
	}
	rl := labels(redis.Spec.Template.Labels)
	np := o.netpols["odatagw"]
	if np == nil {
		t.Fatal("no NetworkPolicy odatagw")
	}
	if s, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector); err != nil || !s.Matches(gw) || s.Matches(rl) {
		t.Fatal("NetworkPolicy odatagw must select the gateway pods only")
	}
	if !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) || !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
		t.Fatal("the gateway's policy must restrict both ingress and egress")
	}
	_, portText, _ := net.SplitHostPort(cfg.Listen)
	for _, r := range np.Spec.Ingress {
		if len(r.Ports) == 0 {
			t.Fatal("an ingress rule without ports opens every port")
		}
		for _, p := range r.Ports {
			if p.Port == nil || p.Port.String() != portText {
				t.Fatalf("ingress port %v is not the gateway port %s", p.Port, portText)
			}
		}
	}
	// Egress: the database, Redis (by its pod labels), DNS; nothing else.
	dbPorts := map[string]bool{"3306": true, "5432": true, "1433": true, "1521": true}
	toRedis := false
	for _, r := range np.Spec.Egress {
		if len(r.Ports) == 0 || len(r.To) == 0 {
			t.Fatal("an egress rule without ports or peers opens too much")
		}
		for _, p := range r.Ports {
			port := p.Port.String()
			switch {
			case port == "6379":
				for _, peer := range r.To {
					s, err := metav1.LabelSelectorAsSelector(peer.PodSelector)
					if peer.PodSelector == nil || err != nil || !s.Matches(rl) {
						t.Fatal("egress to 6379 must go to the Redis pods")
					}
				}
				toRedis = true
			case port == "53", dbPorts[port]:
			default:
				t.Fatalf("egress to port %s is neither the database, Redis nor DNS", port)
			}
		}
	}
	if !toRedis {
		t.Fatal("no egress to Redis")
	}
	rp := o.netpols["odatagw-redis"]
	if rp == nil || len(rp.Spec.Egress) != 0 || !slices.Contains(rp.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
		t.Fatal("Redis must have a policy that allows no egress")
	}
	for _, r := range rp.Spec.Ingress {
		for _, peer := range r.From {
			s, err := metav1.LabelSelectorAsSelector(peer.PodSelector)
			if peer.PodSelector == nil || err != nil || !s.Matches(gw) {
				t.Fatal("Redis ingress must come from the gateway pods only")
			}
		}
	}
	// The Redis the Secret names is this Service.
	u := o.secrets["odatagw-secrets"].StringData["redis-url"]
	if !strings.Contains(u, "//"+"odatagw-redis:6379") || o.services["odatagw-redis"] == nil {
		t.Fatalf("redis-url %q does not name the odatagw-redis Service", u)
	}
	// Redis keeps nothing at rest.
	rc := redis.Spec.Template.Spec.Containers[0]
	if !slices.Contains(rc.Args, "--appendonly") || !slices.Contains(rc.Args, "--save") {
		t.Fatal("Redis must run without persistence")
	}
}

// The container's args and environment pass `odatagw -check-config` against a real
// database, and a gateway started with them answers the probes on their paths —
// without reaching Redis (the Secret's host does not resolve here), which must not
// make it unready.
func TestContainerArgsRunTheGateway(t *testing.T) {
	dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("set ODATAGW_TEST_MYSQL_DSN: the manifests' ConfigMap says driver mysql, and -check-config connects")
	}
	_, o := load(t)
	_, c, _, args, env := gatewayPod(t, o)
	env["ODATAGW_DSN"] = dsn
	getenv := func(k string) string { return env[k] }
	var out, errOut bytes.Buffer
	if code := app.Run(context.Background(), append(slices.Clone(args), "-check-config"), getenv, &out, &errOut); code != 0 {
		t.Fatalf("odatagw -check-config exited %d: %s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "configuration OK") {
		t.Fatalf("-check-config said: %s", out.String())
	}

	runArgs := append(slices.Clone(args), "-listen", "127.0.0.1:0")
	cfg, err := config.Load(runArgs, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	g, err := app.Start(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	for _, pr := range []*corev1.Probe{c.StartupProbe, c.LivenessProbe, c.ReadinessProbe} {
		res, err := http.Get("http://" + g.Addr + pr.HTTPGet.Path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("probe %s: %d", pr.HTTPGet.Path, res.StatusCode)
		}
	}
}
