// The web dashboard in headless Chromium, end to end against a real gated and
// `gate-sim run` on 127.0.0.1:
//   an operator logs in and watches trucks appear live; releases the refused truck with a
//   reason; sets the alert level by hand; acknowledges an alarm; exports the passages as CSV;
//   an auditor sees no action buttons and the API answers 403 to each change.
// It prints the page weight (bytes of the embedded assets) and how long the live page's API
// calls take while the trucks pass. Screenshots go to the artifacts directory.
//
//   node dashboard_test.js BIN_DIR SOURCE_DIR ARTIFACT_DIR
// Exit 0 when everything held, 1 with the first failure otherwise, 77 when Chromium is missing.
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const [binDir, sourceDir, artifacts] = process.argv.slice(2);
if (!binDir || !sourceDir || !artifacts) {
  console.error('usage: node dashboard_test.js BIN_DIR SOURCE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.error(`dashboard test: no Chromium at ${chromiumPath} (apt-get install chromium); skipped`);
  process.exit(77);
}
const { chromium } = require('playwright-core');

const OPERATOR = { user: 'wang', password: 'operator-pass-1' };
const AUDITOR = { user: 'audit', password: 'auditor-pass-1' };
const MANAGER = { user: 'chen', password: 'manager-pass-1' };
const REFUSED_PLATE = '豫Z00001';  // not in the ledger: refused as unknown, then released by hand
const TRUCKS = 24;

const children = [];
let runDir = null;

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

function start(name, args, opts) {
  const out = fs.openSync(path.join(runDir, name + '.log'), 'w');
  const child = spawn(args[0], args.slice(1), Object.assign({ stdio: ['ignore', out, out] }, opts || {}));
  children.push(child);
  return child;
}

function cleanup() {
  for (const c of children.reverse()) {
    if (c.exitCode === null) c.kill('SIGTERM');
  }
}

function stats(ms) {
  const s = ms.slice().sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `n=${s.length} median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
}

async function login(page, base, who) {
  await page.goto(base + '/');
  await page.fill('#login-user', who.user);
  await page.fill('#login-password', who.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#tabs:not([hidden])', { timeout: 10000 });
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-dashboard-'));
  const [camera, api, modbus, platform] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const base = `http://127.0.0.1:${api}`;

  // The demo gate (deploy/demo) on free ports, with its policy set and ledger.
  let cfg = fs.readFileSync(path.join(sourceDir, 'deploy/demo/gated.textproto'), 'utf8');
  cfg = cfg.replace('port: 18080', `port: ${camera}`).replace('port: 15020', `port: ${modbus}`)
    .replace('127.0.0.1:18090', `127.0.0.1:${platform}`).replace('port: 18070', `port: ${api}`);
  fs.writeFileSync(path.join(runDir, 'gated.textproto'), cfg);
  fs.cpSync(path.join(sourceDir, 'rules/policies'), path.join(runDir, 'policies'), { recursive: true });
  fs.copyFileSync(path.join(sourceDir, 'deploy/demo/platform-demo.secret'), path.join(runDir, 'platform-demo.secret'));
  fs.chmodSync(path.join(runDir, 'platform-demo.secret'), 0o600);
  const db = path.join(runDir, 'gate.db');
  execFileSync(path.join(binDir, 'gatectl'), ['ledger', 'import', '--db', db,
    path.join(sourceDir, 'sim/scenarios/demo/ledger.csv')], { stdio: 'ignore' });
  for (const [who, role] of [[OPERATOR, 'operator'], [AUDITOR, 'auditor'], [MANAGER, 'manager']]) {
    execFileSync(path.join(binDir, 'gatectl'), ['user', 'add', '--db', db, '--name', who.user, '--role', role],
      { input: who.password + '\n' });
  }
  // The first trucks of the demo scenario, then one the ledger does not know.
  const demo = fs.readFileSync(path.join(sourceDir, 'sim/scenarios/demo/trucks.csv'), 'utf8').trim().split('\n');
  const trucks = demo.slice(0, TRUCKS + 1).concat([`${REFUSED_PLATE},yellow,0.97,1,vzenith,unknown`]);
  fs.writeFileSync(path.join(runDir, 'trucks.csv'), trucks.join('\n') + '\n');

  // gated first: its barrier module (gate-sim) is not there yet, which raises an alarm to
  // acknowledge; gate-sim waits for gated's camera endpoint, then drives the trucks.
  const gated = start('gated', [path.join(binDir, 'gated'), '--config', path.join(runDir, 'gated.textproto')]);
  await waitFor('gated\'s API', async () => (await fetch(base + '/')).ok, 20000);
  const report = path.join(runDir, 'report.json');
  const t0 = Date.now();
  start('gate-sim', [path.join(binDir, 'gate-sim'), 'run', '--trucks', path.join(runDir, 'trucks.csv'),
    '--camera-url', `http://127.0.0.1:${camera}`, '--lane', 'L1', '--modbus-port', String(modbus),
    '--platform-port', String(platform), '--report', report, '--quiet', '--stay',
    '--platform-app-key', 'HN-JZ-DEMO-G1', '--platform-secret-file', path.join(runDir, 'platform-demo.secret'),
    '--platform-db', path.join(runDir, 'platform.db')]);

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    // ---- operator --------------------------------------------------------------------------
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const weights = {};
    const foreign = [];  // anything not from gated itself (a CDN, fonts, …) is a failure
    page.on('request', (r) => { if (!r.url().startsWith(base + '/')) foreign.push(r.url()); });
    page.on('response', async (r) => {
      const u = new URL(r.url());
      if (['/', '/app.js', '/app.css'].includes(u.pathname) && r.status() === 200) {
        weights[u.pathname] = (await r.body()).length;
      }
    });
    await login(page, base, OPERATOR);
    check(await page.isVisible('#alert-form'), 'operator sees the alert-level form');

    // Trucks appear live: the plate on the lane card changes while gate-sim drives them.
    const seen = new Set();
    const timings = [];
    await waitFor('three different plates on the live page', async () => {
      const p = await page.locator('#lane-L1 .plate').first().getAttribute('data-plate', { timeout: 1000 });
      if (p) seen.add(p);
      // Meanwhile: how long the live page's data takes while trucks pass.
      const t = await page.evaluate(async () => {
        const s = performance.now();
        await (await fetch('/api/v1/dashboard/lanes')).json();
        return performance.now() - s;
      });
      timings.push(t);
      return seen.size >= 3;
    }, 60000);
    check(seen.size >= 3, `live lane showed trucks as they came: ${[...seen].slice(0, 5).join(', ')}`);
    await page.screenshot({ path: path.join(artifacts, '01-live-lanes.png'), fullPage: true });
    const todayTimings = [];
    for (let i = 0; i < 5; i++) {
      todayTimings.push(await page.evaluate(async () => {
        const s = performance.now();
        await (await fetch('/api/v1/dashboard/today')).json();
        return performance.now() - s;
      }));
    }

    // The unknown truck at the end is refused; the operator releases it with a reason.
    await waitFor('gate-sim to finish', () => fs.existsSync(report) && fs.statSync(report).size > 0, 180000);
    const runSeconds = (Date.now() - t0) / 1000;
    const lanes = await page.evaluate(async () => (await fetch('/api/v1/dashboard/lanes')).json());
    check(lanes.check === null && await page.isHidden('#check-banner'),
      'no vehicle check in the demo: no check state, no degraded-mode banner');
    await waitFor(`the refused ${REFUSED_PLATE} with a release button`, async () =>
      (await page.locator('#lane-L1 .plate').getAttribute('data-plate', { timeout: 1000 })) === REFUSED_PLATE &&
      page.isVisible('#lane-L1 .release-button'), 20000);
    check((await page.locator('#lane-L1 [data-decision]').getAttribute('data-decision')) === 'refuse',
      `${REFUSED_PLATE} was refused`);
    // Camera health: the demo's declared cameras are listed; the one that pushed was seen.
    await waitFor('sim-vzenith online and seen in the cameras panel', async () => {
      const row = page.locator('#cameras tr[data-camera="sim-vzenith"]');
      return (await row.count()) === 1 && (await row.locator('.badge.online').count()) === 1 &&
        /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(await row.locator('td').nth(3).innerText());
    }, 10000);
    check(await page.isVisible('#cameras-panel'), 'the cameras panel shows the declared cameras');
    await page.screenshot({ path: path.join(artifacts, '02-refused.png'), fullPage: true });
    // An empty reason is not sent (the field is required).
    await page.click('#lane-L1 .release-button');
    await sleep(300);
    check(await page.isVisible('#lane-L1 .release-button'), 'no release without a reason');
    await page.fill('#lane-L1 .release-reason', '抢修物资 已报备');
    await page.click('#lane-L1 .release-button');
    await waitFor('the manual pass on the lane card', async () =>
      (await page.locator('#lane-L1 [data-decision]').getAttribute('data-decision', { timeout: 1000 })) === 'manual_pass', 10000);
    const released = await page.evaluate(async (plate) =>
      (await (await fetch('/api/v1/audit/passages?decision=manual_pass&plate=' + encodeURIComponent(plate))).json()), REFUSED_PLATE);
    check(released.count === 1 && released.passages[0].operator === OPERATOR.user,
      `manual pass recorded with the logged-in user as operator (${released.passages[0] && released.passages[0].operator})`);
    await page.screenshot({ path: path.join(artifacts, '03-released.png'), fullPage: true });

    // The alert level by hand.
    const before = await page.getAttribute('#alert-level', 'data-level');
    await page.selectOption('#alert-select', 'red');
    await page.fill('#alert-reason', '平台中断，电话通知红色预警');
    await page.click('#alert-set');
    await waitFor('the red level on the page', async () => (await page.getAttribute('#alert-level', 'data-level')) === 'red', 5000);
    const alert = await page.evaluate(async () => (await fetch('/api/v1/dashboard/alert')).json());
    check(alert.level === 'red' && alert.source === 'manual' && alert.set_by === OPERATOR.user,
      `alert level ${before} -> red, source manual, set by ${alert.set_by}`);
    const lanesAfter = await page.evaluate(async () => (await fetch('/api/v1/dashboard/lanes')).json());
    check(lanesAfter.lanes[0].alert_level === 'red', 'the lane decides under the manual level');
    await page.screenshot({ path: path.join(artifacts, '04-alert-red.png'), fullPage: true });

    // Alarms: the barrier module that was missing at start.
    await page.click('nav button[data-tab=alarms]');
    await page.waitForSelector('#alarms .ack-button', { timeout: 5000 });
    const alarmCount = await page.locator('#alarms .ack-button').count();
    const [ackResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/ack'), { timeout: 5000 }),
      page.locator('#alarms .ack-button').first().click()]);
    check(ackResponse.status() === 200, 'POST …/ack answered 200');
    await waitFor('one alarm fewer to acknowledge', async () => (await page.locator('#alarms .ack-button').count()) === alarmCount - 1, 5000);
    check(true, `alarm acknowledged (${alarmCount} open before)`);
    await page.screenshot({ path: path.join(artifacts, '05-alarms.png'), fullPage: true });

    // Today, sync and ledger pages render.
    await page.click('nav button[data-tab=today]');
    await page.waitForSelector('#gauge-value', { timeout: 5000 });
    await page.screenshot({ path: path.join(artifacts, '06-today.png'), fullPage: true });
    // Stage, fuel and class by name (rules/display_names.h via the API), not by code.
    const heads = (panel) => page.locator(`#today-${panel} th`).allTextContents();
    const stageNames = await heads('by_stage');
    check(stageNames.includes('国VI') && !stageNames.some((n) => /^[0-6DX?]$/.test(n)),
      `today by stage shows names, not codes: ${stageNames.join(', ')}`);
    const fuelNames = await heads('by_fuel');
    check(fuelNames.includes('柴油') && !fuelNames.includes('B'), `today by fuel: ${fuelNames.join(', ')}`);
    const classNames = await heads('by_class');
    check(classNames.includes('运输车辆') && !classNames.includes('transport'),
      `today by class: ${classNames.join(', ')}`);
    await page.click('nav button[data-tab=sync]');
    await page.waitForSelector('#sync-backlog', { timeout: 5000 });
    await page.screenshot({ path: path.join(artifacts, '07-sync.png'), fullPage: true });
    // The demo's platform makes no vehicle check: the mismatch list renders empty.
    await page.click('nav button[data-tab=mismatches]');
    await waitFor('the empty ledger-mismatch list', async () =>
      (await page.textContent('#mismatches-more')) === '没有不符记录', 5000);
    check((await page.locator('#mismatches tbody tr').count()) === 0, 'no mismatch rows');
    await page.click('nav button[data-tab=ledger]');
    await page.waitForSelector('#ledger tbody tr', { timeout: 5000 });
    // An operator may not edit the ledger: no buttons, and the API says 403.
    check((await page.locator('.suspend-button').count()) === 0, 'operator: no ledger suspend button');
    const opSuspend = await page.evaluate(async () => (await fetch('/api/v1/dashboard/ledger/suspend', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ plate: '豫HF50BC', suspended: true, reason: 'not mine to do' }) })).status);
    check(opSuspend === 403, `operator suspending a ledger entry: ${opSuspend}`);

    // Passages: search, detail, export.
    await page.click('nav button[data-tab=passages]');
    await page.waitForSelector('#passages tbody tr', { timeout: 5000 });
    const rows = await page.locator('#passages tbody tr').count();
    check(rows >= TRUCKS, `passages page lists ${rows} passages`);
    await page.locator('#passages tbody tr').first().click();
    await page.waitForSelector('#passage-detail:not([hidden])');
    await page.screenshot({ path: path.join(artifacts, '08-passages.png'), fullPage: true });
    const stageCells = () => page.locator('#passages tbody tr td:nth-child(5)').allTextContents();
    const zhStages = await stageCells();
    check(zhStages.includes('国VI') && !zhStages.some((c) => /^[0-6DX]$/.test(c)),
      `passages show the stage by name: ${[...new Set(zhStages)].join(', ')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvPath = path.join(artifacts, 'passages.csv');
    await download.saveAs(csvPath);
    const csv = fs.readFileSync(csvPath, 'utf8');
    check(csv.includes(REFUSED_PLATE) && csv.split('\n').length > TRUCKS, `CSV export: ${csv.split('\n').length - 1} lines, with the released truck`);

    // English.
    await page.click('#lang');
    check((await page.textContent('nav button[data-tab=passages]')) === 'Passages', 'English toggle');
    await waitFor('stage names in English', async () => (await stageCells()).includes('China VI'), 5000);
    check(true, 'after the toggle the passages show China VI');
    await page.click('#lang');

    // ---- auditor ---------------------------------------------------------------------------
    const actx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const apage = await actx.newPage();
    await login(apage, base, AUDITOR);
    await apage.waitForSelector('#lane-L1');
    check(!(await apage.isVisible('#alert-form')), 'auditor: no alert-level form');
    check((await apage.locator('.release-button').count()) === 0, 'auditor: no release button');
    await apage.click('nav button[data-tab=alarms]');
    await apage.waitForSelector('#alarms tbody tr');
    check((await apage.locator('#alarms .ack-button').count()) === 0, 'auditor: no acknowledge button');
    await apage.screenshot({ path: path.join(artifacts, '09-auditor.png'), fullPage: true });
    const statuses = await apage.evaluate(async () => {
      const post = async (url, body) => (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status;
      return [await post('/api/v1/lanes/L1/manual-release', { operator: 'x', reason: 'try it anyway' }),
        await post('/api/v1/dashboard/alert', { level: 'none', reason: 'try it anyway' }),
        await post('/api/v1/dashboard/alarms/1/ack', {}),
        await post('/api/v1/dashboard/ledger/suspend', { plate: '豫HF50BC', suspended: true, reason: 'try it anyway' }),
        await post('/api/v1/dashboard/ledger/add', { fields: { plate: '豫A99999', vehicle_class: 'transport', emission_stage: '6', fuel_type: 'B' } }),
        await post('/api/v1/dashboard/ledger/edit', { plate: '豫HF50BC', fields: { fleet: 'x' }, reason: 'try it anyway' }),
        (await fetch('/api/v1/dashboard/ledger/import', { method: 'POST', headers: { 'Content-Type': 'text/csv' },
          body: 'plate,vehicle_class,emission_stage,fuel_type\n豫A99999,transport,6,B\n' })).status];
    });
    check(statuses.every((s) => s === 403), `auditor changes answered ${statuses.join(', ')}`);
    await apage.click('nav button[data-tab=ledger]');
    await apage.waitForSelector('#ledger tbody tr');
    check((await apage.locator('.suspend-button').count()) === 0, 'auditor: no suspend button');
    const alertAfter = await apage.evaluate(async () => (await fetch('/api/v1/dashboard/alert')).json());
    check(alertAfter.level === 'red', 'the alert level is unchanged by the auditor');

    // A manager suspends a ledger entry from the ledger page (reason required).
    const mctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const mpage = await mctx.newPage();
    await login(mpage, base, MANAGER);
    await mpage.click('nav button[data-tab=ledger]');
    await mpage.fill('#ledger-filter', '豫HF50BC');
    await mpage.waitForSelector('#ledger .suspend-button');
    await mpage.fill('#ledger-reason', '年检报告过期');
    await mpage.click('#ledger .suspend-button');
    const suspended = await waitFor('the ledger entry suspended', async () => {
      const l = await mpage.evaluate(async () => (await fetch('/api/v1/audit/ledger')).json());
      const v = l.vehicles.find((x) => x.plate === '豫HF50BC');
      return v && v.suspended ? v : null;
    }, 5000);
    check(suspended.suspended === true, 'manager suspended 豫HF50BC from the ledger page');
    await mpage.screenshot({ path: path.join(artifacts, '10-ledger-manager.png'), fullPage: true });

    // The manager imports a CSV file: a wrong row (line 3) stops the import with a line-numbered
    // report and nothing written; with "valid rows only" the good row goes in.
    const importCsv = 'plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_from,valid_until,suspended\n' +
      '豫A77001,yellow,transport,,6,B,导入测试,,,0\n豫A77002,yellow,transport,,9,B,导入测试,,,0\n';
    await mpage.fill('#ledger-filter', '');
    await mpage.setInputFiles('#ledger-file', { name: 'new-trucks.csv', mimeType: 'text/csv', buffer: Buffer.from(importCsv) });
    await mpage.click('#ledger-import button[type=submit]');
    await mpage.waitForSelector('#import-summary[data-imported=false]', { timeout: 5000 });
    const refusedLine = await mpage.textContent('#import-refused tbody tr td');
    check(refusedLine === '3', `import report names line 3 (got ${refusedLine})`);
    const ledgerBefore = await mpage.evaluate(async () => (await fetch('/api/v1/audit/ledger')).json());
    check(!ledgerBefore.vehicles.some((x) => x.plate === '豫A77001'), 'a refused import wrote nothing');
    await mpage.check('#ledger-skip');
    await mpage.click('#ledger-import button[type=submit]');
    await mpage.waitForSelector('#import-summary[data-imported=true]', { timeout: 5000 });
    const ledgerAfter = await mpage.evaluate(async () => (await fetch('/api/v1/audit/ledger')).json());
    check(ledgerAfter.vehicles.some((x) => x.plate === '豫A77001') && !ledgerAfter.vehicles.some((x) => x.plate === '豫A77002'),
      'the valid row was imported, the wrong one was not');
    await mpage.screenshot({ path: path.join(artifacts, '11-ledger-import.png') });

    // … and edits the imported entry with the form (the reason field is required).
    await mpage.fill('#ledger-filter', '豫A77001');
    await mpage.click('#ledger .edit-button');
    await mpage.waitForSelector('#ledger-form:not([hidden]) input[name=fleet]');
    await mpage.fill('#ledger-form input[name=fleet]', '改名车队');
    await mpage.fill('#ledger-reason', '车队更名');
    await mpage.screenshot({ path: path.join(artifacts, '12-ledger-edit.png') });
    await mpage.click('#ledger-form button[type=submit]');
    await waitFor('the edited fleet', async () => {
      const l = await mpage.evaluate(async () => (await fetch('/api/v1/audit/ledger')).json());
      const v = l.vehicles.find((x) => x.plate === '豫A77001');
      return v && v.fleet === '改名车队' ? v : null;
    }, 5000);
    check(true, 'manager edited 豫A77001 with the ledger form');
    await mctx.close();

    // Logout ends the session.
    await apage.click('#logout');
    await apage.waitForSelector('#login-page:not([hidden])');
    const afterLogout = await apage.evaluate(async () => (await fetch('/api/v1/me')).status);
    check(afterLogout === 401, 'after logout the API answers 401');

    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    console.log(`page weight: ${total} bytes (index.html ${weights['/']}, app.js ${weights['/app.js']}, app.css ${weights['/app.css']})`);
    check(foreign.length === 0, `no request left gated's address (${foreign.slice(0, 3).join(', ')})`);
    console.log(`GET /api/v1/dashboard/lanes while trucks passed: ${stats(timings)}`);
    console.log(`GET /api/v1/dashboard/today (${lanes.decisions_since_start} decisions): ${stats(todayTimings)}`);
    console.log(`gate-sim run: ${TRUCKS + 1} trucks in ${runSeconds.toFixed(1)} s (${((TRUCKS + 1) / runSeconds * 60).toFixed(0)} trucks/min)`);
    console.log(`screenshots: ${artifacts}`);
    check(gated.exitCode === null, 'gated still running');
  } finally {
    await browser.close();
  }
}

main().then(() => {
  cleanup();
  fs.rmSync(runDir, { recursive: true, force: true });
  process.exit(0);
}).catch((e) => {
  console.error('FAIL ' + e.message);
  if (runDir) {
    for (const f of ['gated.log', 'gate-sim.log']) {
      const p = path.join(runDir, f);
      if (fs.existsSync(p)) console.error(`--- ${f} (last lines) ---\n` + fs.readFileSync(p, 'utf8').split('\n').slice(-40).join('\n'));
    }
  }
  cleanup();
  process.exit(1);
});
