// `npm test`: lint, type check, build the extension and widget, then every Vitest project
// (unit, server, e2e in Debian's Chromium). Prints one closing line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';

const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['vue-tsc', '--noEmit']],
  ['build', 'npm', ['run', 'build', '--silent']],
];

function run(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status}). Fix it and run npm test again.`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(result.status || 1);
  }
}

for (const [name, cmd, args] of steps) run(name, cmd, args);

if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.error(
    'Chromium is missing at /usr/bin/chromium: install it with `apt-get install chromium` ' +
      '(or set CHROMIUM_PATH) so the end-to-end tests can run.',
  );
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// The storage contract suite also runs against PostgreSQL when one answers; say so plainly when not.
const postgresUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const postgresUp = await new Promise((resolve) => {
  const socket = connect(Number(postgresUrl.port || 5432), postgresUrl.hostname);
  socket.setTimeout(2000);
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => (socket.destroy(), resolve(false)));
});
const postgresNote = postgresUp
  ? `Postgres suite: running against ${postgresUrl.host}.`
  : `Postgres suite: SKIPPED — nothing answers at ${postgresUrl.host}. Start PostgreSQL there ` +
    '(trust auth, database "test") or set DATABASE_URL=postgres://… to run it; CI requires it.';
console.log(`\n${postgresNote}`);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
console.log('\n=== tests: vitest run (unit, server, e2e)');
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = vitest.status === 0 ? 0 : 1;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (vitest.status !== 0 && json.numFailedTests === 0 ? 1 : 0);
}
console.log(postgresNote);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(vitest.status ?? 1);
