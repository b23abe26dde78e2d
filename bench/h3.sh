#!/usr/bin/env bash
# H3 benchmark: EcoTrack's pure-Swift H3 against h3-py's integer API on the same points, same run.
#   bench/h3.sh            build release, run both, count heap allocations on the latLngToCell path
# Environment: H3_POINTS (default 200000), H3_REPEATS (default 5), SKIP_BUILD=1 to reuse the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
points="${H3_POINTS:-200000}"
repeats="${H3_REPEATS:-5}"
H3_PY_VERSION="4.5.0"  # the release our ids match (scripts/reference/h3_reference.py)

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    swift build -c release --product ecotrack && swift build -c release --product ecotrack-bench
fi
bin="$(swift build -c release --show-bin-path)/ecotrack"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "## ecotrack bench h3 (Swift, release, one core)"
"$bin" bench h3 --points "$points" --repeats "$repeats"

echo "## h3-py integer API"
h3py="/tmp/ecotrack-h3-${H3_PY_VERSION}"  # a scratch install, as the reference script uses
[[ -d "$h3py/h3" ]] || python3 -m pip install --quiet --target "$h3py" "h3==${H3_PY_VERSION}"
"$bin" bench h3 --points "$points" --write-points "$tmp/points.csv"
PYTHONPATH="$h3py" python3 bench/h3_py.py "$tmp/points.csv" "$repeats"

# Zero allocations on latLngToCell: count every malloc/calloc/realloc/posix_memalign of the process
# (a small LD_PRELOAD shim built here; valgrind cannot read the full binary's DWARF 5 debug info),
# running the same command with 0 and with 100,000 calls at res 9 — any difference would be
# allocations made by those calls.
if command -v cc >/dev/null; then
    cat > "$tmp/count.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
static atomic_long calls;
static char bootstrap[4096];  /* dlsym itself may calloc before the real calloc is known */
static size_t used;
void *malloc(size_t n) { static void *(*f)(size_t); if (!f) f = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&calls, 1); return f(n); }
void *calloc(size_t a, size_t b) {
    static void *(*f)(size_t, size_t); static int looking;
    if (!f) {
        if (looking) { void *p = bootstrap + used; used += (a * b + 15) & ~(size_t)15; return used <= sizeof bootstrap ? p : NULL; }
        looking = 1; f = dlsym(RTLD_NEXT, "calloc"); looking = 0;
    }
    atomic_fetch_add(&calls, 1); return f(a, b);
}
void *realloc(void *p, size_t n) { static void *(*f)(void *, size_t); if (!f) f = dlsym(RTLD_NEXT, "realloc"); atomic_fetch_add(&calls, 1); return f(p, n); }
int posix_memalign(void **p, size_t a, size_t n) { static int (*f)(void **, size_t, size_t); if (!f) f = dlsym(RTLD_NEXT, "posix_memalign"); atomic_fetch_add(&calls, 1); return f(p, a, n); }
void free(void *p) {
    static void (*f)(void *);
    if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap) return;
    if (!f) f = dlsym(RTLD_NEXT, "free");
    f(p);
}
__attribute__((destructor)) static void report(void) { fprintf(stderr, "heap allocation calls: %ld\n", (long)atomic_load(&calls)); }
C
    cc -O2 -shared -fPIC -o "$tmp/count.so" "$tmp/count.c" -ldl
    count() { LD_PRELOAD="$tmp/count.so" "$bin" bench h3 --points 1000 --allocation-probe "$1" 2>&1 >/dev/null | sed -n 's/^heap allocation calls: //p'; }
    base=$(count 0); probe=$(count 100000)
    echo "## heap allocations: setup only ${base}, setup + 100000 latLngToCell calls ${probe}, difference $((probe - base))"
fi
