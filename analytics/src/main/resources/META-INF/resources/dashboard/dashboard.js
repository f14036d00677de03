// The operator's dashboard: asks for an API key, then reads the analytics REST API with it (X-Api-Key) and redraws
// every 10 s (the call list and call page are in calls.js). The key stays in this tab's sessionStorage only.
'use strict';

const $ = id => document.getElementById(id);
// Table order: voice-to-voice first, then the stages in the order they happen in a turn.
const STAGES = { firstAudible: 'voice-to-voice: first audible (what the caller hears)', sttFinal: 'STT final',
  firstBrainText: 'first brain text', firstTtsAudio: 'first TTS audio',
  firstAudioSent: 'first audio sent (may be silence)' };
let refreshTimer = null;

// missingIsNull: a 404 answers null, for what a call may lack (a recording) rather than an error.
async function api(path, { missingIsNull = false } = {}) {
  const response = await fetch(path, { headers: { 'X-Api-Key': sessionStorage.getItem('parley-key') || '' } });
  if (missingIsNull && response.status === 404) return null;
  if (response.status === 401) throw new Error('unknown API key');
  if (response.status === 403) throw new Error('this key cannot read that tenant');
  if (response.status === 503) throw new Error('analytics is starting, retrying…');
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function isoDay(date) { return date.toISOString().slice(0, 10); }
function pct(v) { return (v * 100).toFixed(1) + ' %'; }

async function openBoard(event) {
  if (event) event.preventDefault();
  sessionStorage.setItem('parley-key', $('key').value);
  try {
    const { tenants } = await api('/tenants');
    const select = $('tenant');
    select.innerHTML = '';
    tenants.forEach(t => select.add(new Option(t, t)));
    $('tenant-picker').hidden = false;
    $('board').hidden = false;
    $('status').textContent = tenants.length ? '' : 'no tenant has data yet';
    await Calls.settings();
    await refresh();
    clearInterval(refreshTimer);
    refreshTimer = setInterval(refresh, 10000);
  } catch (e) {
    $('status').textContent = e.message;
  }
}

async function refresh() {
  const tenant = $('tenant').value;
  if (!tenant) return;
  const t = encodeURIComponent(tenant);
  const from = isoDay(new Date(Date.now() - 29 * 86400000));
  try {
    const [usage, rates, daily, ratesDaily, monthly, latency] = await Promise.all([
      api(`/tenants/${t}/usage`), api(`/tenants/${t}/rates`), api(`/tenants/${t}/usage/daily?from=${from}`),
      api(`/tenants/${t}/rates/daily?from=${from}`), api(`/tenants/${t}/usage/monthly`), latencyReport(t)]);
    drawTiles(usage, rates);
    drawUsage(daily);
    drawRates(ratesDaily);
    drawMonthly(monthly);
    drawLatency(latency);
    await Calls.refresh(tenant);
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('status').textContent = e.message;
  }
}

function latencyReport(t) {
  const window = $('window').value;
  const span = window === '1m' ? 3600000 : 2 * 86400000;
  const to = new Date();
  const from = new Date(to.getTime() - span);
  return api(`/tenants/${t}/latency?window=${window}&from=${from.toISOString()}&to=${to.toISOString()}`);
}

function drawTiles(usage, rates) {
  $('t-calls').textContent = usage.calls;
  $('t-minutes').textContent = (usage.billedSeconds / 60).toFixed(1);
  $('t-interruption').textContent = pct(rates.interruptionRate);
  $('t-transfer').textContent = pct(rates.transferRate);
  $('t-error').textContent = pct(rates.errorRate);
  $('t-resolved').textContent = pct(rates.resolutionRate);
  $('t-turns').textContent = rates.turnsPerCall.toFixed(1);
}

function drawUsage(daily) {
  Charts.bars($('usage-chart'), daily.map(d => d.period.slice(5)), daily.map(d => d.billedSeconds / 60),
    'billed minutes');
}

function drawRates(days) {
  Charts.line($('rates-chart'), days.map(d => d.period.slice(5)), [
    { name: 'interruption', values: days.map(d => d.interruptionRate * 100) },
    { name: 'transfer', values: days.map(d => d.transferRate * 100) },
    { name: 'error', values: days.map(d => d.errorRate * 100) },
    { name: 'resolved', values: days.map(d => d.resolutionRate * 100) },
  ], ' %');
}

function drawMonthly(months) {
  const body = $('monthly-table').tBodies[0];
  body.innerHTML = '';
  months.slice().reverse().forEach(m => {
    const row = body.insertRow();
    [m.period, m.calls, (m.billedSeconds / 60).toFixed(1), (m.durationMs / 60000).toFixed(1)]
      .forEach(v => { row.insertCell().textContent = v; });
  });
}

function drawLatency(report) {
  const stage = $('stage').value;
  const labels = report.windows.map(w => new Date(w.start).toISOString().slice(report.window === '1m' ? 11 : 5, 16));
  const figures = report.windows.map(w => w.stages[stage] || { p50: null, p90: null, p99: null });
  Charts.line($('latency-chart'), labels, [
    { name: 'p50', values: figures.map(f => f.p50) },
    { name: 'p90', values: figures.map(f => f.p90) },
    { name: 'p99', values: figures.map(f => f.p99) },
  ], ' ms');
  // An instance not yet upgraded answers without voiceToVoice and firstAudible: shown as not measured.
  const voice = report.overall.voiceToVoice;
  $('t-voice').textContent = voice && voice.p50 >= 0 ? voice.p50 + ' ms' : '–';
  const body = $('latency-table').tBodies[0];
  body.innerHTML = '';
  const known = Object.keys(STAGES).filter(name => name in report.overall.stages);
  const others = Object.keys(report.overall.stages).filter(name => !(name in STAGES));
  known.concat(others).forEach(name => {
    const f = report.overall.stages[name];
    const row = body.insertRow();
    if (name === 'firstAudible') row.className = 'voice';
    [STAGES[name] || name, f.count, f.p50, f.p90, f.p99, f.max]
      .forEach(v => { row.insertCell().textContent = v < 0 ? '–' : v; });
  });
}

Calls.init();
$('login').addEventListener('submit', openBoard);
['tenant', 'stage', 'window'].forEach(id => $(id).addEventListener('change', refresh));
if (sessionStorage.getItem('parley-key')) {
  $('key').value = sessionStorage.getItem('parley-key');
  openBoard();
}
