#!/usr/bin/env bash
# The release check: packs every publishable package, installs the tarballs with plain npm into a
# project outside the workspace, and uses them as a stranger would: a strict TypeScript consumer
# (node16, nodenext, bundler), library syncs from CommonJS and ES modules and from an esbuild ES
# module bundle, the testing kit under Vitest, the installed CLI's demo, an ES-module-only third-party plugin loaded by name
# (check, sync, query), and a plugin scaffolded with `init` whose own tests pass.
# Everything it makes lives in one temp folder, removed on exit. Needs the workspace built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$root/scripts/release-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/oxide-mirror-release-XXXXXX")"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

step() { echo "-- [${SECONDS}s] $*"; }

step "pack every publishable package"
(cd "$root" && npx --yes pnpm@10.34.9 -r --filter './packages/*' pack --pack-destination "$work/tarballs" >/dev/null)
node -e '
  const { readdirSync } = require("node:fs");
  const { execFileSync } = require("node:child_process");
  for (const file of readdirSync(process.argv[1])) {
    const manifest = JSON.parse(execFileSync("tar", ["xzf", `${process.argv[1]}/${file}`, "-O", "package/package.json"]));
    const listing = execFileSync("tar", ["tzf", `${process.argv[1]}/${file}`]).toString();
    if (manifest.private) { require("node:fs").rmSync(`${process.argv[1]}/${file}`); continue; }
    for (const needed of ["package/LICENSE", "package/README.md"]) {
      if (!listing.includes(needed)) throw new Error(`${file} has no ${needed}`);
    }
    for (const field of ["exports", "engines", "repository", "keywords"]) {
      if (manifest[field] === undefined) throw new Error(`${file}: package.json has no ${field}`);
    }
    if (JSON.stringify(manifest).includes("workspace:")) throw new Error(`${file} still says workspace:`);
  }' "$work/tarballs"
echo "$(ls "$work/tarballs" | wc -l) tarballs, each with LICENSE, README, exports, engines, repository, keywords"

step "pack an ES-module-only third-party plugin"
mkdir -p "$work/first-wins-strategy"
cp "$fixtures/esm-only-plugin.mjs" "$work/first-wins-strategy/index.mjs"
cat > "$work/first-wins-strategy/package.json" <<'JSON'
{ "name": "first-wins-strategy", "version": "1.0.0", "license": "MIT",
  "exports": { ".": { "import": "./index.mjs" } } }
JSON
(cd "$work/first-wins-strategy" && npm pack --silent --pack-destination "$work/tarballs" >/dev/null)

step "install the tarballs with npm into a fresh project"
app="$work/app"
mkdir -p "$app"
cat > "$app/package.json" <<'JSON'
{ "name": "release-check-app", "version": "0.0.0", "private": true,
  "allowScripts": { "better-sqlite3": true, "esbuild": true } }
JSON
(cd "$app" && npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz \
  typescript@~5.9.3 @types/node@^20.19.0 esbuild@^0.28.0 vite@8.3.8 vitest@4.1.12 \
  jest@^30.2.0 ts-jest@^29.4.5 @types/jest@^30.0.0 zod@^4.6.0 >/dev/null)
core_copies="$(find "$app/node_modules" -path '*/@oxide-mirror/core/package.json' | wc -l)"
[ "$core_copies" -eq 1 ] || { echo "expected one copy of @oxide-mirror/core, found $core_copies"; exit 1; }

step "type-check a strict consumer under node16, nodenext and bundler resolution"
cp "$fixtures/consumer.ts" "$app/consumer.ts"
resolutions=(node16:node16 nodenext:nodenext esnext:bundler)
for resolution in "${resolutions[@]}"; do
  (cd "$app" && npx tsc --noEmit --strict --skipLibCheck false --target es2022 --types node \
    --module "${resolution%%:*}" --moduleResolution "${resolution##*:}" consumer.ts \
    >"$work/tsc-${resolution##*:}.log" 2>&1) &
done
failed=0
for resolution in "${resolutions[@]}"; do wait -n || failed=1; done
for resolution in "${resolutions[@]}"; do
  if [ -s "$work/tsc-${resolution##*:}.log" ]; then
    echo "failed: module ${resolution%%:*}, moduleResolution ${resolution##*:}"
    cat "$work/tsc-${resolution##*:}.log"
    failed=1
  else
    echo "ok: module ${resolution%%:*}, moduleResolution ${resolution##*:}"
  fi
done
[ "$failed" -eq 0 ]

step "library syncs from CommonJS, an ES module and an esbuild ES module bundle"
cp "$fixtures/sync.cjs" "$fixtures/sync.mjs" "$app/"
(cd "$app" && node sync.cjs && node sync.mjs)
(cd "$app" && npx esbuild sync.mjs --bundle --platform=node --format=esm --log-level=warning \
  --external:@oxide-mirror/store-sqlite --outfile=bundle.mjs && node bundle.mjs "esbuild bundle")

step "the testing kit under Vitest, with globals and with a setup file"
cp "$fixtures/kit.vitest.test.mjs" "$fixtures/vitest.setup.mjs" "$app/"
(
  cd "$app"
  NO_COLOR=1 npx vitest run --globals kit.vitest.test.mjs >"$work/vitest.log" 2>&1 || { cat "$work/vitest.log"; exit 1; }
  grep -q "Tests  9 passed (9)" "$work/vitest.log" || { cat "$work/vitest.log"; exit 1; }
  echo "export default { test: { setupFiles: ['./vitest.setup.mjs'] } };" >vitest.config.mjs
  NO_COLOR=1 npx vitest run kit.vitest.test.mjs >"$work/vitest.log" 2>&1 || { cat "$work/vitest.log"; exit 1; }
  grep -q "Tests  9 passed (9)" "$work/vitest.log" || { cat "$work/vitest.log"; exit 1; }
  rm vitest.config.mjs
)
echo "ok: 9 tests passed under Vitest, both ways"

step "the installed CLI's demo"
mkdir -p "$work/demo"
(cd "$work/demo" && "$app/node_modules/.bin/oxide-mirror" demo >/dev/null && ls mirror.db >/dev/null)
echo "ok: demo mirrored into $work/demo/mirror.db"

step "an ES-module-only plugin loaded by name: check, sync, query"
cat > "$app/oxide-mirror.config.json" <<'JSON'
{
  "strategy": "first-wins-strategy",
  "sources": {
    "crm": {
      "use": "@oxide-mirror/source-static",
      "options": { "deltas": [
        { "resource": "contacts", "recordId": "c1", "op": "upsert", "payload": { "name": "Ada" },
          "occurredAt": "2024-01-01T00:00:00Z", "provenance": { "source": "crm", "confidence": 1 } },
        { "resource": "contacts", "recordId": "c1", "op": "upsert", "payload": { "name": "Later" },
          "occurredAt": "2024-01-02T00:00:00Z", "provenance": { "source": "crm", "confidence": 1 } }
      ] }
    }
  }
}
JSON
(
  cd "$app"
  npx oxide-mirror check | grep -q 'contacts: a sync would apply 1 and skip 1 of 2'
  [ ! -e mirror.db ] || { echo "check wrote a database"; exit 1; }
  npx oxide-mirror sync >/dev/null
  name="$(npx oxide-mirror query --csv "SELECT json_extract(payload, '\$.name') AS name FROM mirror_records")"
  [ "$name" = "$(printf 'name\nAda')" ] || { echo "unexpected query result: $name"; exit 1; }
)
echo "ok: first-wins-strategy (exports: import only) kept the first version"

step "scaffold a source and a strategy with init; their own tests pass"
(cd "$app" && npx oxide-mirror init source probe >/dev/null && npx oxide-mirror init strategy probe >/dev/null)
for kind in source strategy; do
  (cd "$app/oxide-mirror-$kind-probe" && npm test >"$work/init-$kind.log" 2>&1) &
done
failed=0
for kind in source strategy; do wait -n || failed=1; done
if [ "$failed" -ne 0 ]; then
  cat "$work/init-source.log" "$work/init-strategy.log"
  exit 1
fi
echo "ok: both scaffolds type-check and pass their contract suites"
echo "release check passed in ${SECONDS}s"
