// The dashboard's 全厂 / Plant tab in headless Chromium, end to end: a private PostgreSQL
// cluster on 127.0.0.1 (initdb in a temporary folder, as tests/support/pg_cluster.h does), two
// real gated processes (gates NORTH and SOUTH) pushing their passages to it, trucks posted to
// their cameras. Through NORTH's dashboard: the tab is shown, both gates are listed with link up
// and nothing behind, the passages across gates filter by gate and decision; SOUTH stopped, its
// link turns down. A gate without a plant block shows no tab.
//
//   node plant_dashboard_test.js BIN_DIR SOURCE_DIR ARTIFACT_DIR
// Exit 0 when everything held, 1 with the first failure, 77 when Chromium or PostgreSQL is missing.
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const [binDir, sourceDir, artifacts] = process.argv.slice(2);
if (!binDir || !sourceDir || !artifacts) {
  console.error('usage: node plant_dashboard_test.js BIN_DIR SOURCE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.error(`plant dashboard test: no Chromium at ${chromiumPath}; skipped`);
  process.exit(77);
}
const pgBin = (() => {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions[versions.length - 1], 'bin') : null;
})();
if (!pgBin) {
  console.error('plant dashboard test: no PostgreSQL server binaries (apt-get install postgresql); skipped');
  process.exit(77);
}
const { chromium } = require('playwright-core');

const USER = { user: 'wang', password: 'operator-pass-1' };
const PASSWORD = 'plant-test-password';
const children = [];
let runDir = null;
let pgData = null;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
  console.log('ok   ' + message);
}

// initdb and postgres refuse to run as root: run them as the postgres user then.
function asServer(argv) {
  return process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
}

function run(argv, input) {
  return execFileSync(argv[0], argv.slice(1), { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

async function startCluster() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-plant-pg-'));
  if (process.getuid() === 0) execFileSync('chown', ['postgres', dir]);
  pgData = path.join(dir, 'data');
  const port = await freePort();
  run(asServer([path.join(pgBin, 'initdb'), '-D', pgData, '-U', 'postgres', '-A', 'trust']));
  run(asServer([path.join(pgBin, 'pg_ctl'), 'start', '-D', pgData, '-w', '-t', '30', '-l', path.join(dir, 'server.log'),
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`]));
  const psql = (sql) => run(asServer([path.join(pgBin, 'psql'), '-h', dir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]));
  psql(`CREATE ROLE plant LOGIN PASSWORD '${PASSWORD}'`);
  psql('CREATE DATABASE plant OWNER plant');
  return `host=127.0.0.1 port=${port} dbname=plant user=plant password=${PASSWORD}`;
}

function stopCluster() {
  if (!pgData) return;
  try {
    run(asServer([path.join(pgBin, 'pg_ctl'), 'stop', '-D', pgData, '-m', 'immediate', '-w']));
  } catch (e) {
    /* already gone */
  }
  fs.rmSync(path.dirname(pgData), { recursive: true, force: true });
}

// One gate: a gated with a lane, its camera and API on free ports, and (with conninfo) a plant.
async function startGate(id, conninfo) {
  const [camera, api, barrier] = await Promise.all([freePort(), freePort(), freePort()]);
  const db = path.join(runDir, id + '.db');
  const cfg = `gate_id: "${id}"\ndatabase_path: "${db}"\nutc_offset_minutes: 480\n` +
    `camera { listen_address: "127.0.0.1" port: ${camera} }\n` +
    `lanes { lane_id: "L1" debounce_ms: 50 passage_timeout_ms: 500\n` +
    `  barrier { tcp { host: "127.0.0.1" port: ${barrier} } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 200\n` +
    `    open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 poll_interval_ms: 15 } }\n` +
    `policy { version: "test" }\n` +
    `api { port: ${api} operator_token: "operator-token-0123456789" }\n` +
    (conninfo ? `plant { conninfo: "${conninfo}" push_interval_ms: 200 max_backoff_ms: 1000 }\n` : '');
  const file = path.join(runDir, id + '.textproto');
  fs.writeFileSync(file, cfg);
  run([path.join(binDir, 'gatectl'), 'user', 'add', '--db', db, '--name', USER.user, '--role', 'operator'], USER.password + '\n');
  const out = fs.openSync(path.join(runDir, id + '.log'), 'w');
  const child = spawn(path.join(binDir, 'gated'), ['--config', file], { stdio: ['ignore', out, out] });
  children.push(child);
  const base = `http://127.0.0.1:${api}`;
  await waitFor(`${id}'s API`, async () => (await fetch(base + '/')).ok, 20000);
  return { id, base, camera, child };
}

// A truck not in the ledger: refused at once.
async function truck(gate, plate) {
  const res = await fetch(`http://127.0.0.1:${gate.camera}/camera/generic`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ plate, lane: 'L1', confidence: 0.95, color: 'yellow' }) });
  if (res.status !== 200) throw new Error(`${gate.id}: camera answered ${res.status}`);
}

async function login(page, base) {
  await page.goto(base + '/');
  await page.fill('#login-user', USER.user);
  await page.fill('#login-password', USER.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#tabs:not([hidden])', { timeout: 10000 });
}

function cleanup() {
  for (const c of children.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
  stopCluster();
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-plant-dashboard-'));
  const conninfo = await startCluster();
  const north = await startGate('NORTH', conninfo);
  const south = await startGate('SOUTH', conninfo);
  const lone = await startGate('LONE', null);
  for (let i = 1; i <= 3; ++i) await truck(north, '豫A0000' + i);
  for (let i = 1; i <= 2; ++i) await truck(south, '豫B0000' + i);

  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await login(page, lone.base);
    await sleep(500);
    check(await page.locator('nav button[data-tab=plant]').isHidden(), 'a gate without a plant block shows no 全厂 tab');

    await login(page, north.base);
    await page.waitForSelector('nav button[data-tab=plant]:not([hidden])', { timeout: 5000 });
    check(true, 'a gate with a plant block shows the 全厂 tab');
    await page.click('nav button[data-tab=plant]');
    // Both gates, link up, every passage at the plant (the table refreshes every 5 s).
    await waitFor('both gates up with nothing behind', async () => {
      const rows = await page.locator('#plant-gates tbody tr').count();
      const n = await page.textContent('#plant-gates tr[data-gate=NORTH] td.behind');
      const s = await page.textContent('#plant-gates tr[data-gate=SOUTH] td.behind');
      const plantSeq = await page.textContent('#plant-gates tr[data-gate=NORTH] td:nth-child(4)');
      return rows === 2 && n === '0' && s === '0' && plantSeq === '3';
    }, 20000);
    check((await page.textContent('#plant-gates tr[data-gate=NORTH] [data-link]')) === '正常', 'NORTH: link 正常 (up)');
    await page.click('#plant-search button[type=submit]');
    await waitFor('5 passages across gates', async () => (await page.textContent('#plant-more')).startsWith('5 '), 10000);
    const gates = await page.locator('#plant-passages tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.gate));
    check(gates.includes('NORTH') && gates.includes('SOUTH'), 'the passages list holds both gates\' passages');
    await page.selectOption('#p-gate', 'SOUTH');
    await page.click('#plant-search button[type=submit]');
    await waitFor('SOUTH\'s 2 passages', async () => (await page.textContent('#plant-more')).startsWith('2 '), 10000);
    const only = await page.locator('#plant-passages tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.gate));
    check(only.length === 2 && only.every((g) => g === 'SOUTH'), 'filtered by gate: SOUTH only');
    await page.selectOption('#p-decision', 'pass');
    await page.click('#plant-search button[type=submit]');
    await waitFor('no SOUTH passes', async () => (await page.textContent('#plant-more')).startsWith('0 '), 10000);
    check(true, 'filtered by decision: SOUTH passed none');
    await page.screenshot({ path: path.join(artifacts, 'plant.png'), fullPage: true });

    // SOUTH stops: after 10 s without contact its link is down since its last contact.
    south.child.kill('SIGTERM');
    await waitFor('SOUTH down', async () => (await page.getAttribute('#plant-gates tr[data-gate=SOUTH] [data-link]', 'data-link')) === 'down', 25000);
    const text = await page.textContent('#plant-gates tr[data-gate=SOUTH] [data-link]');
    check(/^中断，自 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text), `SOUTH: "${text}"`);
    await page.click('#lang');
    const english = await waitFor('the English link text', async () => {
      const t = await page.textContent('#plant-gates tr[data-gate=SOUTH] [data-link]');
      return t.startsWith('down since ') ? t : null;
    }, 5000);
    check(/^down since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(english), `in English: "${english}"`);
    await page.screenshot({ path: path.join(artifacts, 'plant-south-down.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

main().then(() => {
  cleanup();
  console.log('plant dashboard test: all checks held');
  process.exit(0);
}).catch((e) => {
  console.error('FAILED: ' + e.message);
  if (runDir) for (const f of fs.readdirSync(runDir).filter((f) => f.endsWith('.log'))) {
    console.error(`--- ${f} (tail) ---\n` + fs.readFileSync(path.join(runDir, f), 'utf8').split('\n').slice(-15).join('\n'));
  }
  cleanup();
  process.exit(1);
});
