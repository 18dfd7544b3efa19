// gated's web dashboard: plain JavaScript, no framework, no network beyond gated itself. It
// reads the JSON of the local API (firmware-host/api/dashboard_routes.h, auditor_routes.h) with
// the session cookie set at login. Every text shown comes from the dictionary below (Chinese by
// default, English with the toggle); data is always inserted as text, never as HTML.
'use strict';

const DICT = {
  zh: {
    title: '门禁管理', tab_live: '实时车道', tab_today: '今日统计', tab_passages: '通行记录',
    tab_ledger: '车辆台账', tab_sync: '数据上传', tab_alarms: '报警', logout: '退出', login: '登录',
    user: '用户名', password: '密码', login_failed: '登录失败：用户名或密码错误，或账号已停用',
    alert_level: '预警等级', source: '来源', level_none: '无', level_yellow: '黄色', level_orange: '橙色',
    level_red: '红色', level_platform: '恢复平台/配置等级', reason_required: '原因（必填）',
    set_alert: '设置预警等级', hold_queue: '绿色运输比例排队车辆', position: '序号', plate: '车牌',
    lane: '车道', rule: '规则', held_since: '等待开始', state: '状态', updated: '更新时间',
    decisions: '本次启动判定', green_share: '绿色运输比例', refusals_by_reason: '拒绝原因', count: '次数',
    rule_set: '规则集', mode: '模式', target: '目标', share_now: '当前比例',
    worst_end: '最低日终比例（若无更多达标车辆）', mode_strict: '严格', plant_room: '全厂额度余', mode_budget: '额度', mode_report: '仅统计',
    reason: '原因', from: '从', to: '至', decision: '判定', any: '全部', v_pass: '放行', v_refuse: '拒绝',
    v_hold: '等待', v_manual_pass: '人工放行', search: '查询', export_csv: '导出 CSV', time: '时间',
    stage: '排放阶段', fuel: '燃料', outcome: '结果', filter: '筛选', class: '类别', fleet: '车队',
    valid_until: '有效期至', suspended: '停用', change_reason: '修改/停用/恢复原因（修改时必填）',
    add_vehicle: '添加车辆', edit: '修改', edit_vehicle: '修改车辆', save: '保存', cancel: '取消',
    import_csv: '导入 CSV', skip_invalid: '只导入有效行', imported: '已导入', not_imported: '未导入',
    created: '新增', updated: '更新', refused_rows: '被拒绝的行', line: '行', field: '字段',
    login_throttled: '登录失败次数过多，请稍后再试', saved: '已保存',
    f_plate: '车牌', f_plate_color: '车牌颜色', f_vehicle_class: '类别 (transport/in_plant/machinery)',
    f_vin: 'VIN', f_engine_no: '发动机号', f_registration_date: '注册日期', f_emission_stage: '排放阶段 (0-6, D, X)',
    f_fuel_type: '燃料 (A B C E O H…)', f_vehicle_type: '车辆类型', f_use: '使用性质', f_fleet: '车队', f_owner: '所有人',
    f_registration_code: '登记编码', f_valid_from: '有效期自', f_valid_until: '有效期至', f_suspended: '停用 (yes/no)',
    f_exemption: '豁免类型', f_exemption_basis: '豁免依据', f_exemption_until: '豁免截止',
    f_machinery_registration: '机械登记 (registered/unregistered/fake)', f_test_report_valid_until: '检测报告有效期至',
    f_positioning: '定位 (ok/failed/not_installed)', suspend: '停用', reinstate: '恢复', parked: '被平台拒收的记录', record: '记录', alarm: '报警',
    acknowledged: '确认', ack: '确认', release: '人工放行', release_reason: '放行原因（必填）',
    cameras: '摄像机', camera: '摄像机', last_seen: '最后信号', last_plate: '最后车牌事件', never_seen: '启动后未收到',
    barrier: '道闸', online: '在线', offline: '离线', s_idle: '空闲', s_opening: '正在开闸',
    s_passing: '车辆通过中', no_passage: '尚无车辆', queued: '排队读数', target: '目标',
    src_manual: '人工设置', src_platform: '监管平台', src_configuration: '本地配置', by: '设置人',
    released: '已放行', explanation: '判定依据', photo: '抓拍照片', operator: '操作员',
    alert_set: '预警等级已设置', release_done: '已人工放行', acked: '已确认', more: '还有更多记录，请缩小范围',
    backlog: '待上传记录', backlog_age: '最早待上传', delivered: '已确认上传', live_share: '实时上传比例',
    delivered_last_hour: '近一小时上传', rate: '上传速率（条/分钟）', last_contact: '平台最近应答',
    last_error: '最近错误', parked_total: '被拒收记录', passages: '通行次数', passed: '放行',
    refused: '拒绝/等待', manual: '人工放行', trucks_released: '放行运输车辆',
    green_trucks_released: '其中新能源车辆', by_class: '按类别', by_stage: '按排放阶段', by_fuel: '按燃料',
    hourly: '全天绿色运输比例（累计）', role_operator: '操作员', role_manager: '管理员',
    role_auditor: '审计（只读）', role_admin: '系统管理员', error: '错误', yes: '是', no: '否',
    o_passed: '已通过', o_pending: '待通过', o_turned_away: '未通过', o_barrier_fault: '道闸故障',
    o_unconfirmed: '未确认', o_not_passed: '未通过', o_not_applicable: '—',
    cargo: '货物', cargo_name: '货物名称', quantity: '数量', unit: '单位', unit_t: '吨', unit_L: '升',
    enter_cargo: '登记货物', correct_cargo: '更正货物', no_cargo: '未登记货物', entered_by: '登记人',
    saved: '已保存',
    tab_mismatches: '台账不符', mismatches: '平台核查与台账不符的通行记录',
    mismatches_note: '监管平台的车辆核查结果（排放阶段、燃料、VIN）与本地台账不一致，需复核台账。',
    mismatch: '不符项', platform_serial: '平台流水号', no_mismatches: '没有不符记录', mismatches_more: '仅显示最近 100 条；更早的记录请用审计接口 passages?ledger_mismatch=1',
    check_banner: '平台车辆核查不可用 — 自 {since} 起按降级模式（{mode}）判定',
    dm_local: '本地判定', dm_refuse: '拒绝通行', check_last: '平台核查最近耗时', check_answered: '应答',
    check_unanswered: '无应答',
    tab_plant: '全厂', plant_gates: '全厂各门禁', gate: '门禁', link: '连接', link_up: '正常',
    link_down: '中断，自 {since}', last_contact_plant: '最近联系', plant_seq: '全厂已收至',
    gate_seq: '门禁最新', behind: '未上传', oldest_behind: '最早未上传', unknown: '未知',
    seconds_ago: '{n} 秒前',
  },
  en: {
    title: 'Gate control', tab_live: 'Live lanes', tab_today: 'Today', tab_passages: 'Passages',
    tab_ledger: 'Ledger', tab_sync: 'Sync', tab_alarms: 'Alarms', logout: 'Log out', login: 'Log in',
    user: 'User', password: 'Password', login_failed: 'Login failed: wrong user or password, or disabled',
    alert_level: 'Alert level', source: 'source', level_none: 'none', level_yellow: 'yellow',
    level_orange: 'orange', level_red: 'red', level_platform: 'back to platform/config level',
    reason_required: 'Reason (required)', set_alert: 'Set alert level',
    hold_queue: 'Held trucks (green-share queue)', position: 'Pos.', plate: 'Plate', lane: 'Lane',
    rule: 'Rule', held_since: 'Held since', state: 'State', updated: 'Updated',
    decisions: 'Decisions since start', green_share: 'Green transport share',
    rule_set: 'Rule set', mode: 'Mode', target: 'Target', share_now: 'Share now',
    worst_end: 'Worst end of day (no more qualifying trucks)', mode_strict: 'strict', plant_room: 'plant-wide room',
    mode_budget: 'budget', mode_report: 'report only',
    refusals_by_reason: 'Refusals by reason', count: 'Count', reason: 'Reason', from: 'From', to: 'To',
    decision: 'Decision', any: 'any', v_pass: 'pass', v_refuse: 'refuse', v_hold: 'hold',
    v_manual_pass: 'manual pass', search: 'Search', export_csv: 'Export CSV', time: 'Time',
    stage: 'Stage', fuel: 'Fuel', outcome: 'Outcome', filter: 'Filter', class: 'Class', fleet: 'Fleet',
    valid_until: 'Valid until', suspended: 'Suspended', change_reason: 'Reason for edit/suspend/reinstate (required to change)',
    add_vehicle: 'Add vehicle', edit: 'Edit', edit_vehicle: 'Edit vehicle', save: 'Save', cancel: 'Cancel',
    import_csv: 'Import CSV', skip_invalid: 'import the valid rows only', imported: 'Imported', not_imported: 'Nothing imported',
    created: 'new', updated: 'updated', refused_rows: 'Refused rows', line: 'Line', field: 'Field',
    login_throttled: 'Too many failed logins; try again later', saved: 'Saved', suspend: 'Suspend', reinstate: 'Reinstate', parked: 'Records the platform rejected',
    record: 'Record', alarm: 'Alarm', acknowledged: 'Acknowledged', ack: 'Acknowledge',
    release: 'Manual release', release_reason: 'Reason for the release (required)', barrier: 'Barrier',
    cameras: 'Cameras', camera: 'Camera', last_seen: 'Last sign of life', last_plate: 'Last plate event', never_seen: 'not heard since start',
    online: 'online', offline: 'offline', s_idle: 'idle', s_opening: 'opening', s_passing: 'vehicle passing',
    no_passage: 'No truck yet', queued: 'queued reads', target: 'target', src_manual: 'manual',
    src_platform: 'platform', src_configuration: 'configuration', by: 'set by', released: 'released',
    explanation: 'Deciding rule', photo: 'Photo', operator: 'Operator', alert_set: 'Alert level set',
    release_done: 'Truck released', acked: 'Acknowledged', more: 'More records: narrow the search',
    backlog: 'Backlog', backlog_age: 'Oldest waiting', delivered: 'Acknowledged records',
    live_share: 'Delivered live', delivered_last_hour: 'Delivered in the last hour',
    rate: 'Rate (records/min)', last_contact: 'Platform last answered', last_error: 'Last error',
    parked_total: 'Parked records', passages: 'Passages', passed: 'Passed', refused: 'Refused/held',
    manual: 'Manual passes', trucks_released: 'Trucks released', green_trucks_released: '… of which green',
    by_class: 'By class', by_stage: 'By stage', by_fuel: 'By fuel', hourly: 'Green share through the day',
    role_operator: 'operator', role_manager: 'manager', role_auditor: 'auditor (read-only)',
    role_admin: 'admin', error: 'Error', yes: 'yes', no: 'no', o_passed: 'passed', o_pending: 'pending',
    o_turned_away: 'turned away', o_barrier_fault: 'barrier fault', o_unconfirmed: 'unconfirmed', o_not_passed: 'not passed',
    o_not_applicable: '—',
    cargo: 'Cargo', cargo_name: 'Cargo', quantity: 'Quantity', unit: 'Unit', unit_t: 't', unit_L: 'L',
    enter_cargo: 'Enter cargo', correct_cargo: 'Correct cargo', no_cargo: 'No cargo entered',
    entered_by: 'Entered by', saved: 'Saved',
    tab_mismatches: 'Ledger mismatches', mismatches: 'Passages where the platform check disagreed with the ledger',
    mismatches_note: "The platform's records of the vehicle (stage, fuel, VIN) differ from the local ledger: re-verify the ledger entry.",
    mismatch: 'What disagrees', platform_serial: 'Platform serial', no_mismatches: 'No mismatches', mismatches_more: 'The latest 100 shown; earlier ones through the auditor API passages?ledger_mismatch=1',
    check_banner: 'platform check unavailable — deciding in degraded mode {mode} since {since}',
    dm_local: 'local', dm_refuse: 'refuse', check_last: 'platform check last', check_answered: 'answered',
    check_unanswered: 'unanswered',
    tab_plant: 'Plant', plant_gates: "The plant's gates", gate: 'Gate', link: 'Link', link_up: 'up',
    link_down: 'down since {since}', last_contact_plant: 'Last contact', plant_seq: 'Plant holds up to',
    gate_seq: "Gate's latest", behind: 'Not yet at the plant', oldest_behind: 'Oldest not sent',
    unknown: 'unknown', seconds_ago: '{n} s ago',
  },
};

let lang = localStorage.getItem('gate-lang') || 'zh';
let me = null;
let tab = 'live';
let timer = null;
let ledgerRows = [];

const $ = (id) => document.getElementById(id);
const t = (key) => (DICT[lang][key] !== undefined ? DICT[lang][key] : key);
// A code's name in the current language, from the {zh, en} the API sends beside the code
// (stage "4" → 国IV / China IV); the code itself when the API sent no name.
const named = (names, code) => (names && names[lang]) || code;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) {
    e.placeholder = t(e.dataset.i18nPlaceholder);
  }
  $('lang').textContent = lang === 'zh' ? 'English' : '中文';
  showWho();
}

function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.classList.add('show');
  setTimeout(() => box.classList.remove('show'), 2500);
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
  if (res.status === 401 && path !== '/api/v1/login') {
    showLogin();
    throw new Error(t('login'));
  }
  const type = res.headers.get('content-type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error((body && body.error) || res.status + '');
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}) });
}

// Passages carry the verdict as "PASS", "REFUSE", "HOLD", "MANUAL_PASS" (record_json.h).
function verdictBadge(verdict) {
  const decision = String(verdict).toLowerCase();
  return el('span', { class: 'badge v-' + decision, 'data-decision': decision }, t('v_' + decision));
}

function showWho() {
  $('whoami').textContent = me ? me.user + ' · ' + t('role_' + me.role) : '';
}

function showLogin() {
  me = null;
  clearInterval(timer);
  $('login-page').hidden = false;
  $('tabs').hidden = true;
  $('logout').hidden = true;
  for (const p of document.querySelectorAll('.page')) p.hidden = true;
  showWho();
}

async function start() {
  try {
    me = await api('/api/v1/me');
  } catch (e) {
    showLogin();
    return;
  }
  $('login-page').hidden = true;
  $('tabs').hidden = false;
  $('logout').hidden = false;
  $('alert-form').hidden = !me.may.alert;
  showWho();
  showPlantTab().catch(() => {});
  show(tab);
}

function show(name) {
  tab = name;
  for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const p of document.querySelectorAll('.page')) p.hidden = p.id !== 'page-' + name;
  clearInterval(timer);
  const load = { live: loadLive, today: loadToday, passages: loadPassages, mismatches: loadMismatches,
    ledger: loadLedger, sync: loadSync, alarms: loadAlarms, plant: loadPlant }[name];
  const run = () => load().catch((e) => toast(t('error') + ': ' + e.message));
  run();
  if (name === 'live' || name === 'sync') timer = setInterval(run, 1500);
  if (name === 'alarms') timer = setInterval(run, 5000);
  if (name === 'mismatches') timer = setInterval(run, 10000);
  // The gates' link and lag refresh; the passages stay as searched.
  if (name === 'plant') timer = setInterval(() => loadPlantGates().catch((e) => toast(t('error') + ': ' + e.message)), 5000);
}

// ---- live lanes -------------------------------------------------------------------------
async function loadLive() {
  const d = await api('/api/v1/dashboard/lanes');
  const a = d.alert;
  $('alert-level').textContent = t('level_' + a.level);
  $('alert-level').className = 'level level-' + a.level;
  $('alert-level').dataset.level = a.level;
  $('alert-source').textContent = t('src_' + a.source);
  $('alert-detail').textContent = a.source === 'manual' ? '(' + t('by') + ' ' + a.set_by + ', ' + a.set_time + ': ' + a.reason + ')' : '';
  const lanes = $('lanes');
  // Keep a lane card whose release form is being typed into; rebuild the others.
  for (const l of d.lanes) {
    let card = document.getElementById('lane-' + l.lane);
    const typing = card && card.contains(document.activeElement) && document.activeElement.tagName === 'INPUT';
    if (typing) continue;
    const fresh = laneCard(l);
    if (card) card.replaceWith(fresh); else lanes.append(fresh);
  }
  const tb = $('queue').tBodies[0];
  tb.replaceChildren(...d.queue.map((q) => el('tr', {},
    ...[q.position, q.plate, q.lane, q.rule, q.held, q.state].map((x) => el('td', {}, x)))));
  renderCameras(d.cameras || []);
  renderCheck(d.check, d.time);
  $('live-time').textContent = d.time;
  $('live-count').textContent = d.decisions_since_start;
}

// One row per declared camera: online state as the barrier's, last sign of life, last plate.
function renderCameras(cameras) {
  $('cameras-panel').hidden = cameras.length === 0;
  $('cameras').tBodies[0].replaceChildren(...cameras.map((c) => el('tr', { 'data-camera': c.camera },
    el('td', {}, c.lane), el('td', {}, c.camera),
    el('td', {}, el('span', { class: 'badge ' + (c.online ? 'online' : 'offline') }, t(c.online ? 'online' : 'offline'))),
    el('td', {}, c.last_seen || t('never_seen')), el('td', {}, c.last_plate || '—'))));
}

// The platform's vehicle check (null: none has ended since start): a banner while the lanes
// decide in degraded mode, from the first unanswered check until one is answered again; the
// last check's latency and the counts beside the update time.
function renderCheck(c, now) {
  const banner = $('check-banner');
  banner.hidden = !(c && c.degraded);
  if (c && c.degraded) {
    // HH:MM when the spell began today, else the date too.
    const since = c.since.slice(0, 10) === now.slice(0, 10) ? c.since.slice(11, 16) : c.since.slice(0, 16);
    banner.dataset.mode = c.degraded_mode;
    banner.textContent = t('check_banner').replace('{mode}', t('dm_' + c.degraded_mode)).replace('{since}', since) +
      (c.reason ? ' (' + c.reason + ')' : '');
  }
  $('check-stats').textContent = c ? ' · ' + t('check_last') + ' ' + c.last_latency_ms + ' ms, ' +
    t('check_answered') + ' ' + c.answered + ', ' + t('check_unanswered') + ' ' + c.unavailable : '';
}

function laneCard(l) {
  const card = el('div', { class: 'lane', id: 'lane-' + l.lane, 'data-state': l.state });
  card.append(el('h3', {}, t('lane') + ' ' + l.lane,
    el('span', { class: 'badge ' + (l.barrier_online ? 'online' : 'offline') }, t('barrier') + ' ' + t(l.barrier_online ? 'online' : 'offline')),
    el('span', { class: 'badge' }, t('s_' + l.state)),
    l.queued ? el('span', { class: 'meta' }, t('queued') + ' ' + l.queued) : null));
  const p = l.last;
  if (!p) {
    card.append(el('p', { class: 'meta' }, t('no_passage')));
    return card;
  }
  card.append(el('div', {}, el('span', { class: 'plate', 'data-plate': p.plate }, p.plate), ' ', verdictBadge(p.decision),
    ' ', el('span', { class: 'meta' }, p.time + ' · ' + t('o_' + p.outcome))));
  card.append(el('p', { class: 'reason' }, p.reason));
  card.append(el('p', { class: 'meta' }, t('rule') + ': ' + p.rule + (p.operator ? ' · ' + t('operator') + ': ' + p.operator : '')));
  if (p.image_sha256) card.append(el('img', { src: '/api/v1/audit/photos/' + p.image_sha256, alt: p.plate }));
  const decision = String(p.decision).toLowerCase();
  const releasable = (decision === 'refuse' || decision === 'hold') && l.last_refused_seq === p.seq;
  if (me.may.release && releasable) {
    const reason = el('input', { class: 'release-reason', placeholder: t('release_reason'), required: 'required' });
    const form = el('form', { class: 'action release-form' }, reason,
      el('button', { type: 'submit', class: 'danger release-button' }, t('release')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!reason.value.trim()) return;
      try {
        const r = await post('/api/v1/lanes/' + encodeURIComponent(l.lane) + '/manual-release', { reason: reason.value.trim() });
        toast(t('release_done') + ': ' + r.plate);
        reason.blur();
        await loadLive();
      } catch (e) {
        toast(t('error') + ': ' + e.message);
      }
    });
    card.append(form);
  }
  return card;
}

$('alert-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    await post('/api/v1/dashboard/alert', { level: $('alert-select').value, reason: $('alert-reason').value.trim() });
    $('alert-reason').value = '';
    toast(t('alert_set'));
    await loadLive();
  } catch (e) {
    toast(t('error') + ': ' + e.message);
  }
});

// ---- today ------------------------------------------------------------------------------
async function loadToday() {
  const [d, live] = await Promise.all([api('/api/v1/dashboard/today'), api('/api/v1/dashboard/lanes')]);
  // The gauge's target is the enforced green rule's; report-mode run-ups are listed below it.
  const greens = live.share.filter((s) => /green|new_energy|share/.test(s.rule + s.counter));
  const green = greens.find((s) => s.mode !== 'report') || greens[0] || live.share[0];
  const pct = (x) => Number(x).toFixed(1) + '%';
  $('share-rules').tBodies[0].replaceChildren(...live.share.map((s) => el('tr', { class: s.mode === 'budget' && s.worst_end_percent < s.target_percent ? 'warn' : '' },
    el('td', {}, s.rule_set + ' (' + s.rule + ')'), el('td', {}, t('mode_' + s.mode) + (s.plant_room_trucks === undefined ? '' : ' · ' + t('plant_room') + ' ' + Math.floor(s.plant_room_trucks))), el('td', {}, pct(s.target_percent)),
    el('td', {}, pct(s.share_percent)), el('td', {}, s.mode === 'report' ? '–' : pct(s.worst_end_percent)))));
  const share = d.day.green_share || 0;
  drawGauge($('gauge'), share, green ? green.target_percent / 100 : null);
  drawHourly($('hourly'), d.hours, green ? green.target_percent / 100 : null);
  const grid = $('today-counts');
  const day = d.day;
  const kv = (rows) => el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))));
  grid.replaceChildren(
    el('div', { class: 'panel' }, el('h2', {}, d.date), kv([
      [t('passages'), day.passages || 0], [t('passed'), day.passed || 0], [t('refused'), day.refused || 0],
      [t('manual'), day.manual || 0], [t('trucks_released'), day.trucks_released || 0],
      [t('green_trucks_released'), day.green_trucks_released || 0],
      [t('alert_level'), t('level_' + live.alert.level) + ' (' + t('src_' + live.alert.source) + ')']])),
    ...['by_class', 'by_stage', 'by_fuel'].map((k) => el('div', { class: 'panel', id: 'today-' + k }, el('h2', {}, t(k)),
      kv(Object.entries(day[k] || {}).map(([code, n]) => [named(((day.names || {})[k] || {})[code], code), n])))));
  $('refusals').tBodies[0].replaceChildren(...d.refusals.map((r) => el('tr', {}, el('td', {}, r.rule), el('td', {}, r.count), el('td', {}, r.reason))));
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function arc(share) {
  const a = Math.PI * (1 - Math.min(Math.max(share, 0), 1));
  return [100 + 80 * Math.cos(a), 100 - 80 * Math.sin(a)];
}

function drawGauge(box, share, target) {
  const [x, y] = arc(share);
  const parts = [svg('path', { d: 'M20 100 A80 80 0 0 1 180 100', fill: 'none', stroke: '#dfe6ec', 'stroke-width': 18 }),
    svg('path', { d: `M20 100 A80 80 0 0 1 ${x.toFixed(1)} ${y.toFixed(1)}`, fill: 'none',
      stroke: target !== null && share < target ? '#ef6c00' : '#2e7d32', 'stroke-width': 18 }),
    svg('text', { x: 100, y: 95, 'text-anchor': 'middle', 'font-size': 24, id: 'gauge-value' }, (share * 100).toFixed(1) + '%')];
  if (target !== null) {
    const [tx, ty] = arc(target);
    parts.push(svg('line', { x1: 100 + (tx - 100) * 0.75, y1: 100 + (ty - 100) * 0.75, x2: tx + (tx - 100) * 0.2, y2: ty + (ty - 100) * 0.2, stroke: '#c62828', 'stroke-width': 3 }));
    parts.push(svg('text', { x: 100, y: 116, 'text-anchor': 'middle', 'font-size': 12 }, t('target') + ' ' + (target * 100).toFixed(0) + '%'));
  }
  box.replaceChildren(...parts);
}

function drawHourly(box, hours, target) {
  const X = (h) => 30 + h * 18.5, Y = (s) => 140 - s * 120;
  const parts = [svg('text', { x: 30, y: 12, 'font-size': 12 }, t('hourly')),
    svg('line', { x1: 30, y1: 140, x2: 474, y2: 140, stroke: '#889' })];
  for (const s of [0, 0.5, 1]) parts.push(svg('text', { x: 0, y: Y(s) + 4, 'font-size': 10 }, s * 100 + '%'));
  for (const h of [0, 6, 12, 18, 23]) parts.push(svg('text', { x: X(h), y: 155, 'font-size': 10 }, h + ':00'));
  if (target !== null) parts.push(svg('line', { x1: 30, y1: Y(target), x2: 474, y2: Y(target), stroke: '#c62828', 'stroke-dasharray': '4 3' }));
  const pts = hours.filter((h) => h.trucks_released > 0).map((h) => `${X(h.hour + 1).toFixed(1)},${Y(h.green_share).toFixed(1)}`);
  if (pts.length) parts.push(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: '#2e7d32', 'stroke-width': 2 }));
  for (const p of pts) {
    const [cx, cy] = p.split(',');
    parts.push(svg('circle', { cx, cy, r: 3, fill: '#2e7d32' }));
  }
  box.replaceChildren(...parts);
}

// ---- passages ---------------------------------------------------------------------------
function passageQuery() {
  const q = new URLSearchParams();
  for (const [k, id] of [['from', 'q-from'], ['to', 'q-to'], ['plate', 'q-plate'], ['decision', 'q-decision']]) {
    if ($(id).value.trim()) q.set(k, $(id).value.trim());
  }
  return q;
}

async function loadPassages() {
  const q = passageQuery();
  $('export-csv').href = '/api/v1/audit/passages.csv?' + q.toString();
  q.set('limit', '200');
  const d = await api('/api/v1/audit/passages?' + q.toString());
  // Newest first.
  const rows = d.passages.slice().reverse();
  $('passages').tBodies[0].replaceChildren(...rows.map((p) => {
    const tr = el('tr', { class: 'clickable', 'data-seq': p.seq });
    tr.append(...[p.seq, p.time, p.lane, p.plate, named(p.stage_name, p.emission_stage), named(p.fuel_name, p.fuel_type)].map((x) => el('td', {}, x)),
      el('td', {}, verdictBadge(p.decision)), el('td', {}, t('o_' + p.outcome)), el('td', {}, p.reason));
    tr.addEventListener('click', () => showPassage(p));
    return tr;
  }));
  $('passages-more').textContent = d.more ? t('more') : d.count + ' ' + t('passages');
}

function showPassage(p) {
  const box = $('passage-detail');
  const rows = [[t('time'), p.time], [t('lane'), p.lane], [t('plate'), p.plate + ' (' + p.plate_color + ', ' + (p.confidence * 100).toFixed(0) + '%)'],
    ['VIN', p.vin], [t('stage'), named(p.stage_name, p.emission_stage)], [t('fuel'), named(p.fuel_name, p.fuel_type)], [t('decision'), t('v_' + String(p.decision).toLowerCase())],
    [t('rule'), p.rule], [t('reason'), p.reason], [t('explanation'), p.explanation], [t('operator'), p.operator],
    [t('alert_level'), p.alert_level], [t('outcome'), t('o_' + p.outcome)], ['policy', p.policy_version]];
  box.replaceChildren(el('h2', {}, '#' + p.seq + ' ' + p.plate),
    el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
    p.image_sha256 ? el('img', { src: '/api/v1/audit/photos/' + p.image_sha256, alt: t('photo'), style: 'max-width:480px' }) : null,
    el('div', { id: 'cargo-box' }));
  box.hidden = false;
  loadCargo(p.seq).catch((e) => toast(t('error') + ': ' + e.message));
}

// The passage's cargo entries (the last is in force; earlier ones were corrected) and, for the
// roles that may, a form to enter or correct it (POST …/passages/<seq>/cargo).
async function loadCargo(seq) {
  const path = '/api/v1/dashboard/passages/' + seq + '/cargo';
  const d = await api(path);
  const box = $('cargo-box');
  const lines = d.entries.map((c) => el('li', { 'data-revision': c.revision, class: c.revision === d.entries.length ? '' : 'meta' },
    c.name + ', ' + c.quantity + ' ' + t('unit_' + c.unit) + ' — ' + t('entered_by') + ' ' + c.entered_by + ', ' + c.time));
  box.replaceChildren(el('h3', {}, t('cargo')), lines.length ? el('ul', {}, ...lines) : el('p', { class: 'meta' }, t('no_cargo')));
  if (!me || !me.may.cargo) return;
  const name = el('input', { id: 'cargo-name', maxlength: '64', required: 'required' });
  const quantity = el('input', { id: 'cargo-quantity', inputmode: 'decimal', pattern: '[0-9]+([.][0-9]{1,3})?', required: 'required' });
  const unit = el('select', { id: 'cargo-unit' }, el('option', { value: 't' }, t('unit_t')), el('option', { value: 'L' }, t('unit_L')));
  const form = el('form', { id: 'cargo-form' },
    el('label', {}, t('cargo_name') + ' ', name), ' ', el('label', {}, t('quantity') + ' ', quantity), ' ',
    el('label', {}, t('unit') + ' ', unit), ' ',
    el('button', { type: 'submit' }, t(d.entries.length ? 'correct_cargo' : 'enter_cargo')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(path, { name: name.value, quantity: quantity.value.trim(), unit: unit.value })
      .then(() => { toast(t('saved')); return loadCargo(seq); })
      .catch((e) => toast(t('error') + ': ' + e.message));
  });
  box.append(form);
}

$('passage-search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  loadPassages().catch((e) => toast(t('error') + ': ' + e.message));
});

// ---- ledger mismatches ------------------------------------------------------------------
// The latest passages whose platform check disagreed with the ledger, newest first: what an
// inspector re-verifies.
async function loadMismatches() {
  const d = await api('/api/v1/dashboard/mismatches?limit=100');
  $('mismatches').tBodies[0].replaceChildren(...d.passages.map((p) => el('tr', { 'data-seq': p.seq },
    ...[p.seq, p.time, p.lane, p.plate].map((x) => el('td', {}, x)), el('td', { class: 'mismatch' }, p.mismatch),
    el('td', {}, p.serial || '—'), el('td', {}, verdictBadge(p.decision)))));
  $('mismatches-more').textContent = d.more ? t('mismatches_more') : (d.passages.length ? '' : t('no_mismatches'));
}

// ---- the plant: every gate's link and lag, and the passages across gates ---------------------
// Served only by a gate whose configuration has a plant block: /api/v1/plant/gates answers 404
// otherwise, and the tab stays hidden. A plant that cannot be reached is 503 (still configured).
async function showPlantTab() {
  const res = await fetch('/api/v1/plant/gates', { credentials: 'same-origin' });
  document.querySelector('nav button[data-tab=plant]').hidden = res.status === 404 || res.status === 401;
}

function fillText(key, values) {
  return Object.entries(values).reduce((s, [k, v]) => s.replace('{' + k + '}', v), t(key));
}

async function loadPlantGates() {
  let d;
  try {
    d = await api('/api/v1/plant/gates');
  } catch (e) {
    $('plant-error').textContent = e.message;
    $('plant-error').hidden = false;
    $('plant-gates').tBodies[0].replaceChildren();
    return;
  }
  $('plant-error').hidden = true;
  $('plant-gates').tBodies[0].replaceChildren(...d.gates.map((g) => el('tr', { 'data-gate': g.gate_id },
    el('td', {}, g.gate_id),
    el('td', {}, el('span', { class: 'badge ' + (g.link === 'up' ? 'online' : 'offline'), 'data-link': g.link },
      g.link === 'up' ? t('link_up') : fillText('link_down', { since: g.last_contact }))),
    el('td', {}, g.last_contact), el('td', {}, g.plant_seq),
    el('td', {}, g.gate_seq === null ? t('unknown') : g.gate_seq),
    el('td', { class: 'behind' }, g.behind === null ? t('unknown') : g.behind),
    el('td', {}, g.oldest_behind_age_s === null ? '—' : fillText('seconds_ago', { n: g.oldest_behind_age_s })),
    el('td', {}, g.passages))));
  const select = $('p-gate');
  const known = new Set([...select.options].map((o) => o.value));
  for (const g of d.gates) if (!known.has(g.gate_id)) select.append(el('option', { value: g.gate_id }, g.gate_id));
}

async function loadPlantPassages() {
  const q = new URLSearchParams();
  for (const [k, id] of [['gate', 'p-gate'], ['from', 'p-from'], ['to', 'p-to'], ['plate', 'p-plate'], ['decision', 'p-decision']]) {
    if ($(id).value.trim()) q.set(k, $(id).value.trim());
  }
  q.set('limit', '200');
  const d = await api('/api/v1/plant/passages?' + q.toString());
  $('plant-passages').tBodies[0].replaceChildren(...d.passages.map((p) => el('tr', { 'data-gate': p.gate_id, 'data-seq': p.seq },
    ...[p.gate_id, p.seq, p.time, p.lane, p.plate].map((x) => el('td', {}, x)),
    el('td', {}, verdictBadge(p.decision)), el('td', {}, t('o_' + p.outcome)), el('td', {}, p.reason))));
  $('plant-more').textContent = d.more ? t('more') : d.count + ' ' + t('passages');
}

async function loadPlant() {
  await loadPlantGates();
  await loadPlantPassages();
}

$('plant-search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  loadPlantPassages().catch((e) => toast(t('error') + ': ' + e.message));
});

// ---- ledger -----------------------------------------------------------------------------
async function loadLedger() {
  const d = await api('/api/v1/audit/ledger');
  ledgerRows = d.vehicles;
  renderLedger();
}

function renderLedger() {
  const f = $('ledger-filter').value.trim().toUpperCase();
  const rows = ledgerRows.filter((v) => !f || (v.plate + ' ' + v.vin + ' ' + v.fleet + ' ' + v.owner).toUpperCase().includes(f));
  $('ledger-count').textContent = rows.length + ' / ' + ledgerRows.length;
  $('ledger-edit').hidden = !me.may.ledger;
  $('ledger-tools').hidden = !me.may.ledger;
  $('ledger').tBodies[0].replaceChildren(...rows.slice(0, 500).map((v) => el('tr', {},
    ...[v.plate, named(v.class_name, v.class), named(v.stage_name, v.emission_stage), named(v.fuel_name, v.fuel_type), v.vin, v.fleet, v.valid_until, t(v.suspended ? 'yes' : 'no')].map((x) => el('td', {}, x)),
    el('td', {}, me.may.ledger && v.plate ? el('button', { class: 'suspend-button', onclick: () => setSuspended(v, !v.suspended) }, t(v.suspended ? 'reinstate' : 'suspend')) : null,
      me.may.ledger ? el('button', { class: 'edit-button', onclick: () => editVehicle(v) }, t('edit')) : null))));
}

// Add and edit: one form of the ledger CSV's columns (ledger_fields.h); the server validates.
const FIELDS = ['plate', 'plate_color', 'vehicle_class', 'vin', 'engine_no', 'registration_date', 'emission_stage',
  'fuel_type', 'vehicle_type', 'use', 'fleet', 'owner', 'registration_code', 'valid_from', 'valid_until', 'suspended',
  'exemption', 'exemption_basis', 'exemption_until', 'machinery_registration', 'test_report_valid_until', 'positioning'];
let editing = null;  // {plate|registration_code} of the entry being edited; null when adding

function showLedgerForm(fields, key) {
  editing = key;
  $('ledger-form-title').textContent = t(key ? 'edit_vehicle' : 'add_vehicle');
  $('ledger-fields').replaceChildren(...FIELDS.map((f) => el('label', {}, (lang === 'zh' ? t('f_' + f) : f),
    el('input', { name: f, value: fields[f] || '' }))));
  for (const f of ['plate', 'registration_code']) $('ledger-form').elements[f].readOnly = !!key;
  $('ledger-form').hidden = false;
}

async function editVehicle(v) {
  try {
    const q = v.plate ? 'plate=' + encodeURIComponent(v.plate) : 'registration_code=' + encodeURIComponent(v.registration_code);
    const d = await api('/api/v1/dashboard/ledger/entry?' + q);
    showLedgerForm(d.fields, v.plate ? { plate: v.plate } : { registration_code: v.registration_code });
  } catch (e) {
    toast(t('error') + ': ' + e.message);
  }
}

$('ledger-add').addEventListener('click', () => showLedgerForm({ suspended: 'no' }, null));
$('ledger-cancel').addEventListener('click', () => { $('ledger-form').hidden = true; });
$('ledger-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const fields = {};
  for (const f of FIELDS) fields[f] = $('ledger-form').elements[f].value.trim();
  const reason = $('ledger-reason').value.trim();
  if (editing && !reason) {
    toast(t('change_reason'));
    $('ledger-reason').focus();
    return;
  }
  try {
    if (editing) await post('/api/v1/dashboard/ledger/edit', Object.assign({ fields, reason }, editing));
    else await post('/api/v1/dashboard/ledger/add', { fields, reason });
    $('ledger-form').hidden = true;
    toast(t('saved') + ': ' + (fields.plate || fields.registration_code));
    await loadLedger();
  } catch (e) {
    toast(t('error') + ': ' + e.message);
  }
});

// Import: the file goes as it is (UTF-8 or GBK); the answer is the import report, also on 422.
$('ledger-import').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = $('ledger-file').files[0];
  if (!file) return;
  const box = $('import-report');
  try {
    const res = await fetch('/api/v1/dashboard/ledger/import' + ($('ledger-skip').checked ? '?skip_invalid=1' : ''),
      { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'text/csv' }, body: await file.arrayBuffer() });
    const r = await res.json();
    const head = r.imported ? t('imported') + ' ' + r.accepted + ' (' + t('created') + ' ' + r.created + ', ' + t('updated') + ' ' + r.updated + ')'
      : t('not_imported') + (r.error ? ': ' + r.error : '');
    const rows = (r.refused || []).map((e) => el('tr', { class: 'refused' }, el('td', {}, e.line), el('td', {}, e.field), el('td', {}, e.reason)));
    box.replaceChildren(el('p', { id: 'import-summary', 'data-imported': String(!!r.imported) }, file.name + ': ' + head),
      rows.length ? el('table', { id: 'import-refused' }, el('thead', {}, el('tr', {}, el('th', {}, t('line')), el('th', {}, t('field')), el('th', {}, t('reason')))),
        el('tbody', {}, ...rows)) : null);
    box.hidden = false;
    if (r.imported) await loadLedger();
  } catch (e) {
    toast(t('error') + ': ' + e.message);
  }
});

async function setSuspended(v, suspended) {
  const reason = $('ledger-reason').value.trim();
  if (!reason) {
    toast(t('change_reason'));
    $('ledger-reason').focus();
    return;
  }
  try {
    await post('/api/v1/dashboard/ledger/suspend', { plate: v.plate, suspended, reason });
    toast(v.plate + ': ' + t(suspended ? 'suspend' : 'reinstate'));
    await loadLedger();
  } catch (e) {
    toast(t('error') + ': ' + e.message);
  }
}
$('ledger-filter').addEventListener('input', renderLedger);

// ---- sync -------------------------------------------------------------------------------
async function loadSync() {
  const d = await api('/api/v1/dashboard/sync');
  const rows = [['backlog', d.backlog + (d.backlog_alarm ? ' ⚠' : '')], ['backlog_age', d.backlog_age], ['delivered', d.delivered],
    ['live_share', (d.live_share * 100).toFixed(1) + '%'], ['delivered_last_hour', d.delivered_last_hour],
    ['rate', d.rate_per_minute.toFixed(1)], ['last_contact', d.last_contact], ['last_error', d.last_error], ['parked_total', d.parked]];
  $('sync').tBodies[0].replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('th', {}, t(k)), el('td', { id: 'sync-' + k }, v))));
  $('parked').tBodies[0].replaceChildren(...d.parked_records.map((p) => el('tr', {}, el('td', {}, p.key), el('td', {}, p.parked), el('td', {}, p.reason))));
}

// ---- alarms -----------------------------------------------------------------------------
async function loadAlarms() {
  const d = await api('/api/v1/dashboard/alarms');
  $('alarms').tBodies[0].replaceChildren(...d.alarms.map((a) => {
    let action = null;
    if (!a.acknowledged_by && me.may.ack) {
      action = el('button', { class: 'ack-button', onclick: async () => {
        try { await post('/api/v1/dashboard/alarms/' + a.id + '/ack'); toast(t('acked')); await loadAlarms(); } catch (e) { toast(t('error') + ': ' + e.message); }
      } }, t('ack'));
    }
    return el('tr', {}, el('td', {}, a.id), el('td', {}, a.time), el('td', {}, a.text),
      el('td', {}, a.acknowledged_by ? a.acknowledged_by + ' ' + a.acknowledged_time : ''), el('td', {}, action));
  }));
}

// ---- wiring -----------------------------------------------------------------------------
$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    await post('/api/v1/login', { user: $('login-user').value.trim(), password: $('login-password').value });
    $('login-password').value = '';
    await start();
  } catch (e) {
    // 429 (login_throttle.h): the server's message says when to try again.
    $('login-error').textContent = /too many/.test(e.message) ? t('login_throttled') + ' (' + e.message + ')' : t('login_failed');
  }
});
$('logout').addEventListener('click', async () => {
  try { await post('/api/v1/logout'); } finally { showLogin(); }
});
$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('gate-lang', lang);
  applyLanguage();
  if (me) show(tab);
});
for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => show(b.dataset.tab));

applyLanguage();
start();
