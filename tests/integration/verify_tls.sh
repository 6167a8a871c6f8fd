#!/usr/bin/env bash
# harness verify against the fake itself served over TLS (harness serve --tls-cert/--tls-key) with a CA and a
# server certificate made here with the openssl command: read-only cases pass, the fake.* case is skipped with
# its reason, the report is valid JUnit without the token; without the CA the TLS error fails the run (exit 1);
# a bad URL is a usage error (exit 2).
set -uo pipefail
harness=$(realpath "$1") out=$2
rm -rf "$out" && mkdir -p "$out"
out=$(realpath "$out")
xsd=../shared/junit/JUnit.xsd
fail() { echo "FAIL: $*"; exit 1; }
validate() {
  [ -f "$1" ] || fail "no report at $1"
  if command -v xmllint >/dev/null && [ -f "$xsd" ]; then
    xmllint --noout --schema "$xsd" "$1" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "$1 is not valid JUnit"; }
  fi
}
command -v openssl >/dev/null || fail "openssl is not installed (scripts/setup.sh)"
"$harness" serve --help | grep -q -- "--tls-cert" || fail "harness serve has no --tls-cert"

# A CA, and a certificate for localhost / 127.0.0.1 signed by it.
(
  cd "$out" &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=harness test CA" \
    -keyout ca.key -out ca.pem &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout server.key -out server.csr &&
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext.cnf &&
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ext.cnf -out server.pem
) >"$out/openssl.txt" 2>&1 || { cat "$out/openssl.txt"; fail "could not make the test certificates"; }

token="tok-$RANDOM-$RANDOM-secret"
project=p-verify-1

# The world serves the known job of tests/scenarios/verify/read_only.lua, and checks the token arrived.
cat >"$out/world.lua" <<LUA
fake.job { job_id = "0000000000000000000000000000job1", job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
check("every scenario request carried the token", function()
  local seen = 0
  for _, r in ipairs(fake.requests { path = "/v1/**" }) do
    expect(r.headers["x-auth-token"]).equals("$token")
    seen = seen + 1
  end
  expect(seen > 0).equals(true)
end)
LUA

# The client command: each verify run with its exit code kept; serve's own exit says whether the checks passed.
cat >"$out/client.sh" <<SH
#!/usr/bin/env bash
cd "$PWD"
HARNESS_TOKEN="$token" "$harness" verify --target "\$HARNESS_URL" --project-id $project --ca-file "$out/ca.pem" \
  --junit "$out/pass.xml" --color never tests/scenarios/verify >"$out/pass.out" 2>&1
echo \$? >"$out/pass.code"
"$harness" verify --target "\$HARNESS_URL" --project-id $project --token "$token" \
  --junit "$out/notrust.xml" --color never tests/scenarios/verify >"$out/notrust.out" 2>&1
echo \$? >"$out/notrust.code"
"$harness" verify --target "\$HARNESS_URL" --project-id $project --token "$token" --insecure \
  --junit "$out/insecure.xml" --color never tests/scenarios/verify >"$out/insecure.out" 2>&1
echo \$? >"$out/insecure.code"
echo "\$HARNESS_URL" >"$out/url"
SH
chmod +x "$out/client.sh"

"$harness" serve --port 0 --project-id $project --tls-cert "$out/server.pem" --tls-key "$out/server.key" \
  --junit "$out/serve.xml" --color never "$out/world.lua" -- "$out/client.sh" >"$out/serve.out" 2>&1
code=$?
[ "$code" -eq 0 ] || { cat "$out/serve.out"; fail "harness serve over TLS: exit $code, expected 0"; }
grep -q "^https://127.0.0.1:" "$out/url" || fail "HARNESS_URL is not https: $(cat "$out/url")"

# With the CA: exit 0, two passes, one skip with the reason, valid JUnit, no token anywhere.
[ "$(cat "$out/pass.code")" = 0 ] || { cat "$out/pass.out"; fail "verify with --ca-file: exit $(cat "$out/pass.code"), expected 0"; }
validate "$out/pass.xml"
grep -q 'tests="3" failures="0" errors="0"' "$out/pass.xml" || { cat "$out/pass.xml"; fail "expected 3 tests, none failed"; }
grep -q 'skipped="1"' "$out/pass.xml" || fail "expected 1 skipped"
grep -q '<skipped message="[^"]*needs the fake server' "$out/pass.xml" || { cat "$out/pass.xml"; fail "the skip has no reason"; }
grep -q 'SKIP  a job the fake makes (needs the fake)' "$out/pass.out" || { cat "$out/pass.out"; fail "the console does not show the skip"; }
grep -q 'needs the fake server' "$out/pass.out" || fail "the console does not show the skip's reason"
grep -q "harness.target" "$out/pass.xml" || fail "the report does not name the target"
grep -q "$token" "$out"/pass.* && fail "the token appears in the report or the console"

# Without the CA and without --insecure: every case that reaches HTTP errors with the TLS reason: exit 1.
[ "$(cat "$out/notrust.code")" = 1 ] || { cat "$out/notrust.out"; fail "verify without the CA: exit $(cat "$out/notrust.code"), expected 1"; }
validate "$out/notrust.xml"
grep -q '<error [^>]*type="transport"' "$out/notrust.xml" || { cat "$out/notrust.xml"; fail "no <error type=\"transport\">"; }
grep -q 'certificate verify failed' "$out/notrust.xml" || fail "the error does not say certificate verify failed"
grep -q "$token" "$out"/notrust.* && fail "the token appears in the failing report"

# --insecure: passes again, with a warning.
[ "$(cat "$out/insecure.code")" = 0 ] || { cat "$out/insecure.out"; fail "verify --insecure: exit $(cat "$out/insecure.code"), expected 0"; }
grep -q "insecure" "$out/insecure.out" || fail "--insecure gives no warning"

# Usage and configuration: exit 2.
"$harness" verify --target "ftp://x" --project-id p tests/scenarios/verify >"$out/usage1.out" 2>&1
[ $? -eq 2 ] || fail "a bad URL should exit 2"
grep -q "invalid URL" "$out/usage1.out" || fail "a bad URL gives no clear message: $(cat "$out/usage1.out")"
"$harness" verify --target "https://127.0.0.1:1" tests/scenarios/verify >"$out/usage2.out" 2>&1
[ $? -eq 2 ] || fail "no --project-id should exit 2"
"$harness" verify --target "https://127.0.0.1:1" --project-id p --ca-file "$out/missing.pem" tests/scenarios/verify \
  >"$out/usage3.out" 2>&1
[ $? -eq 2 ] || fail "a missing --ca-file should exit 2"
echo "ok"
