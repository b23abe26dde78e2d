# Sourced by the wrk benchmarks (bench/api.sh, bench/replicas.sh).
# wrk_summary: reads wrk's output (run with --latency) on standard input and prints
# "2xx_requests_per_second p99 non_2xx". Only 2xx answers count: a server that refuses fast is not fast.
wrk_summary() {
  local out total seconds p99 errors
  out=$(cat)
  total=$(echo "$out" | awk '/requests in/ {print $1}')
  seconds=$(echo "$out" | awk '/requests in/ {sub(/s,$/, "", $4); print $4}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}')
  echo "$(python3 -c "print(round((${total:-0} - ${errors:-0}) / ${seconds:-1}, 1))") ${p99:-?} ${errors:-0}"
}
