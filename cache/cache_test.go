package cache

import (
	"sync"
	"testing"
	"time"
)

func TestSetGetExpire(t *testing.T) {
	c, err := New[[]byte](1<<20, 100)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	now := time.Unix(1000, 0)
	c.SetClock(func() time.Time { return now })
	if !c.Set("k", []byte("v"), 1, time.Minute) {
		t.Fatal("set refused")
	}
	c.Wait()
	v, age, ok := c.Get("k")
	if !ok || string(v) != "v" || age != 0 {
		t.Fatalf("get = %q %v %v", v, age, ok)
	}
	now = now.Add(30 * time.Second)
	if _, age, ok = c.Get("k"); !ok || age != 30*time.Second {
		t.Fatalf("age %v ok %v", age, ok)
	}
	// Past the TTL the entry is never returned, whatever ristretto's cleanup does.
	now = now.Add(30 * time.Second)
	if _, _, ok := c.Get("k"); ok {
		t.Fatal("expired entry served")
	}
}

func TestZeroTTLStoresNothing(t *testing.T) {
	c, _ := New[int](1<<20, 100)
	defer c.Close()
	if c.Set("k", 1, 1, 0) {
		t.Fatal("ttl 0 accepted")
	}
	c.Wait()
	if _, _, ok := c.Get("k"); ok {
		t.Fatal("ttl 0 stored")
	}
}

func TestGenerations(t *testing.T) {
	var g LocalGenerations
	if v, ok := g.Get("a"); v != 0 || !ok {
		t.Fatal("fresh generation not 0")
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); g.Bump("a") }()
	}
	wg.Wait()
	a, _ := g.Get("a")
	b, _ := g.Get("b")
	if a != 50 || b != 0 {
		t.Fatalf("a=%d b=%d", a, b)
	}
}
