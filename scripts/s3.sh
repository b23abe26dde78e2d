#!/usr/bin/env bash
# A throwaway S3 stand-in for the S3 object store's tests (issue #18): moto in server mode (PyPI
# `moto[s3]` with flask and flask-cors, what `moto_server` needs for S3 and IAM; the full `moto[server]`
# extra also pulls cfn-lint, docker, … and took twice as long to install and start; installed once into
# a virtual environment), listening on 127.0.0.1 only, on a free
# port, with signature checking ON (a wrong secret key is refused as real S3 refuses it). Never a
# system service.
#
#   eval "$(scripts/s3.sh start)"   # exports ECOTRACK_TEST_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#   scripts/s3.sh stop "$ECOTRACK_TEST_S3"
#   scripts/s3.sh available         # exit 0 when start can work (python3 with venv, or moto already installed)
#
# ECOTRACK_TEST_S3 is an object-store location, e.g. s3://ecotrack-test?endpoint=http://127.0.0.1:54712&region=us-east-1&style=path.
# Only the export lines go to standard output; progress goes to standard error. The server's files
# live in ${TMPDIR:-/tmp}/ecotrack-s3-PORT (pid, server.log), which is how stop finds them. The virtual
# environment is kept in ${ECOTRACK_MOTO_VENV:-$HOME/.cache/ecotrack/moto-venv} so later runs skip the install.
set -euo pipefail

MOTO_VERSION=5.2.6
BUCKET=ecotrack-test
VENV="${ECOTRACK_MOTO_VENV:-$HOME/.cache/ecotrack/moto-venv}"

log() { printf 's3.sh: %s\n' "$*" >&2; }

install_moto() {
  [ -x "$VENV/bin/moto_server" ] && return
  log "installing moto[s3]==$MOTO_VERSION with flask into $VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --disable-pip-version-check "moto[s3]==$MOTO_VERSION" "flask==3.1.3" "flask-cors==6.0.5" >&2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_of() {
  local port
  port=$(printf '%s' "$1" | sed -E 's#.*endpoint=https?://[^:/&]+:([0-9]+).*#\1#')
  [[ "$port" =~ ^[0-9]+$ ]] || { log "cannot read a port in '$1'"; exit 2; }
  echo "$port"
}

home_of() { echo "${TMPDIR:-/tmp}/ecotrack-s3-$1"; }

start() {
  install_moto
  local port home endpoint
  port=$(free_port)
  home=$(home_of "$port")
  mkdir -p "$home"
  endpoint="http://127.0.0.1:$port"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$home/server.log" 2>&1 &
  echo $! >"$home/pid"
  local tries=0
  until curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then log "moto did not answer on $endpoint within 20 s (log: $home/server.log)"; exit 1; fi
    sleep 0.1
  done
  # While moto still accepts anything: an IAM user allowed s3:*, its access key, and the bucket.
  # Then every later request must carry a valid SigV4 signature by that key.
  local keys
  keys=$(ENDPOINT="$endpoint" BUCKET="$BUCKET" "$VENV/bin/python" - <<'PY'
import json, os, boto3
kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="ecotrack")
iam.put_user_policy(UserName="ecotrack", PolicyName="s3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="ecotrack")["AccessKey"]
boto3.client("s3", **kw).create_bucket(Bucket=os.environ["BUCKET"])
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
)
  curl -fsS -o /dev/null -X POST -H "Content-Type: text/plain" --data 0 "$endpoint/moto-api/reset-auth"
  log "moto on $endpoint, bucket $BUCKET, signatures checked (log: $home/server.log)"
  set -- $keys
  echo "export ECOTRACK_TEST_S3='s3://$BUCKET?endpoint=$endpoint&region=us-east-1&style=path'"
  echo "export AWS_ACCESS_KEY_ID='$1'"
  echo "export AWS_SECRET_ACCESS_KEY='$2'"
}

stop() {
  local home
  home=$(home_of "$(port_of "$1")")
  [ -f "$home/pid" ] || { log "no server at $home"; exit 1; }
  kill "$(cat "$home/pid")" 2>/dev/null || true
  rm -rf "$home"
}

available() {
  [ -x "$VENV/bin/moto_server" ] && return 0
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?stop needs the ECOTRACK_TEST_S3 location that start printed}" ;;
  available) available ;;
  *) echo "usage: $0 start | stop LOCATION | available" >&2; exit 2 ;;
esac
