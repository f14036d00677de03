// A real call from the browser phone page: headless Debian Chromium, a WAV file as the microphone, the gateway's
// /phone/ page, and the whole live path behind it (VAD, STT, brain, TTS). Checks the captions the page shows,
// prints the transcript with per-turn latencies, and exits 0 if the conversation went as scripted, 1 if not.
//
//   node browser-call.mjs [GATEWAY_URL] [API_KEY] [--push-to-talk]
//   env: MODE (hands-free or push-to-talk), GATEWAY_URL (default http://localhost:8080), PARLEY_API_KEY, CALLER_WAV (default target/caller.wav),
//        CHROMIUM (default /usr/bin/chromium), STEP_TIMEOUT_MS (default 60000), SCREENSHOT (a PNG path, optional)
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gateway = (process.argv.slice(2).filter((a) => !a.startsWith('--'))[0] || process.env.GATEWAY_URL || 'http://localhost:8080').replace(/\/+$/, '');
const apiKey = process.argv.slice(2).filter((a) => !a.startsWith('--'))[1] || process.env.PARLEY_API_KEY || '';
const wav = path.resolve(process.env.CALLER_WAV || path.join(here, 'target', 'caller.wav'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const stepTimeout = Number(process.env.STEP_TIMEOUT_MS || 60000);
const screenshot = process.env.SCREENSHOT || '';

const pushToTalk = process.argv.includes('--push-to-talk') || process.env.MODE === 'push-to-talk';

const agentSays = (...words) => (c) => c.some((t) => t.role === 'agent' && words.every((w) => w.test(t.text)));
const callerSays = (word, final) => (c) => c.some((t) => t.role === 'user' && (!final || t.final) && word.test(t.text));

// What the caller must see, in order. Each check reads the captions the page shows.
const HANDS_FREE = [
  { what: 'the agent greets', check: (c) => c.some((t) => t.role === 'agent' && t.text.trim() !== '') },
  { what: 'a final caller caption with "order"', check: callerSays(/\border\b/i, true) },
  { what: 'an agent caption with "shipped" and "Friday"', check: agentSays(/shipped/i, /friday/i) },
  { what: 'a caller caption with "hours"', check: callerSays(/\bhours?\b/i) },
  { what: 'an agent caption with "9 am" or "nine"', check: agentSays(/\b(9\s*a\.?m\.?|nine)\b/i) },
];
// Push-to-talk: the space bar is held for the first question only, so the second one never reaches the agent.
const PUSH_TO_TALK = [
  {
    what: 'the agent greets', check: (c) => c.some((t) => t.role === 'agent' && t.text.trim() !== ''),
    then: (page) => page.keyboard.down('Space'),
  },
  {
    what: 'a caller caption with "four" while the space bar is held', check: callerSays(/\bfour\b/i),
    then: (page) => page.keyboard.up('Space'),
  },
  { what: 'a final caller caption with "order"', check: callerSays(/\border\b/i, true) },
  { what: 'an agent caption with "shipped" and "Friday"', check: agentSays(/shipped/i, /friday/i) },
  {
    what: 'no caller caption with "hours" while the space bar is up (12 s)', holdMs: 12000,
    check: (c) => !callerSays(/\bhours?\b/i)(c),
  },
];
const STEPS = pushToTalk ? PUSH_TO_TALK : HANDS_FREE;
const ANSWERS = pushToTalk ? 1 : 2;

function fail(message) {
  console.error(`browser call FAILED: ${message}`);
  process.exitCode = 1;
}

async function fetchToken() {
  if (!apiKey) throw new Error('no API key: pass it as the second argument or PARLEY_API_KEY');
  let response;
  try {
    response = await fetch(`${gateway}/browser/token`, { method: 'POST', headers: { 'X-Api-Key': apiKey } });
  } catch (e) {
    throw new Error(`gateway ${gateway} not reachable: ${e.cause?.code || e.message}`);
  }
  if (!response.ok) throw new Error(`POST ${gateway}/browser/token -> HTTP ${response.status} ${await response.text()}`);
  const body = await response.json();
  if (!body.token) throw new Error(`POST /browser/token answered without a token: ${JSON.stringify(body)}`);
  return body;
}

// Runs in the page before its own scripts: watches the call's WebSocket to time each reply from the page's side,
// from the last loud microphone frame sent to the caller's final caption and to the first agent audio received.
function probeWebSocket() {
  const probe = { lastLoud: 0, replies: [], current: null };
  window.__parleyProbe = probe;
  const loud = (buffer) => {
    const view = new DataView(buffer);
    let energy = 0;
    const n = buffer.byteLength >> 1;
    for (let i = 0; i < n; i++) { const v = view.getInt16(i * 2, true); energy += v * v; }
    return n > 0 && 20 * Math.log10(Math.sqrt(energy / n) / 32768 + 1e-9) > -45;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (data instanceof ArrayBuffer && loud(data)) {
      probe.lastLoud = performance.now();
      probe.current = null;
    }
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const now = performance.now();
        if (typeof e.data === 'string') {
          const m = JSON.parse(e.data);
          if (m.type === 'caption' && m.role === 'user' && m.final && probe.lastLoud) {
            probe.current = { turnId: m.turnId, finalCaptionMs: Math.round(now - probe.lastLoud), firstAudioMs: null };
            probe.replies.push(probe.current);
          }
        } else if (probe.current && probe.current.firstAudioMs === null) {
          probe.current.firstAudioMs = Math.round(now - probe.lastLoud);
        }
      });
    }
  };
}

// Everything the transcript shows, in order.
function readCaptions(page) {
  return page.$$eval('#transcript > li', (items) => items.map((li) => ({
    role: li.dataset.role || li.className,
    turnId: li.dataset.turnId ?? '',
    final: li.dataset.final === 'true',
    interrupted: li.dataset.interrupted === 'true',
    heard: li.dataset.heard !== undefined,
    text: li.querySelector('[data-testid="caption-text"]')?.textContent ?? li.textContent,
    unheard: li.querySelector('[data-testid="caption-unheard"]')?.textContent ?? '',
    latencyMs: li.dataset.latencyMs ? Number(li.dataset.latencyMs) : null,
  })));
}

function printTranscript(captions, startedAt) {
  console.log('\ntranscript:');
  for (const c of captions) {
    if (c.role === 'user') {
      console.log(`  caller [turn ${c.turnId}]${c.final ? '' : ' (partial)'}: ${c.text}`);
    } else if (c.role === 'agent') {
      const latency = c.latencyMs === null ? '' : `  (${c.latencyMs} ms)`;
      const cut = c.interrupted ? `  [interrupted; not heard: "${c.unheard}"]` : '';
      console.log(`  agent  [turn ${c.turnId}]: ${c.interrupted ? c.text.slice(0, c.text.length - c.unheard.length) : c.text}${latency}${cut}`);
    } else {
      console.log(`  ${c.role}: ${c.text}`);
    }
  }
  const latencies = captions.filter((c) => c.role === 'agent' && c.latencyMs !== null).map((c) => c.latencyMs);
  console.log('\nlatency (end of caller speech -> first agent audio):');
  if (latencies.length === 0) {
    console.log('  none reported');
  } else {
    for (const c of captions.filter((c) => c.role === 'agent' && c.latencyMs !== null)) {
      console.log(`  turn ${c.turnId}: ${c.latencyMs} ms`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
    console.log(`  min ${sorted[0]} ms, median ${median} ms, max ${sorted[sorted.length - 1]} ms`);
  }
  console.log(`call took ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

async function main() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found (apt-get install -y chromium)`);
  if (!existsSync(wav)) throw new Error(`microphone file ${wav} not found (run prepare-audio.sh)`);
  const { token, tenant } = await fetchToken();
  console.log(`calling ${gateway}/phone/ as tenant ${tenant} (${pushToTalk ? 'push-to-talk' : 'hands-free'}), microphone ${wav}`);

  // playwright-core gives the browser a fresh, empty profile and removes it on close.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      // %noloop: play the file once, then silence, so the caller does not start over if the call runs long.
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const startedAt = Date.now();
  let page;
  try {
    const context = await browser.newContext();
    page = await context.newPage();
    const pageProblems = [];
    page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) pageProblems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageProblems.push(`console ${m.type()}: ${m.text()}`);
    });

    await page.addInitScript(probeWebSocket);
    await page.goto(`${gateway}/phone/#token=${encodeURIComponent(token)}`, { waitUntil: 'load' });
    if (page.url().includes('token=')) throw new Error('the page left the call token in the address bar');
    await page.getByLabel(pushToTalk ? 'Push-to-talk' : 'Hands-free').check();
    await page.getByRole('button', { name: 'Call', exact: true }).click();

    const state = page.getByTestId('call-state');
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="call-state"]').dataset.state;
      return s !== 'idle' && s !== 'connecting';
    }, null, { timeout: 15000 }).catch(() => {});
    const stateNow = await state.getAttribute('data-state');
    if (stateNow === 'failed' || stateNow === 'idle' || stateNow === 'connecting') {
      const error = await page.getByTestId('error').textContent();
      throw new Error(`the call did not start (state ${stateNow}): ${error || 'no error shown'}`);
    }
    console.log(`call started: ${await page.locator('#call-info').textContent()}`);

    for (const step of STEPS) {
      const t0 = Date.now();
      let met = false;
      while (Date.now() - t0 < (step.holdMs ?? stepTimeout)) {
        const captions = await readCaptions(page);
        const ok = step.check(captions);
        if (ok && !step.holdMs) {
          met = true;
          break;
        }
        if (!ok && step.holdMs) break; // a condition that had to hold for a while did not
        const s = await state.getAttribute('data-state');
        if (s === 'ended' || s === 'failed') break;
        await page.waitForTimeout(100);
      }
      if (step.holdMs && Date.now() - t0 >= step.holdMs) met = true;
      if (!met) {
        const s = await state.textContent();
        printTranscript(await readCaptions(page), startedAt);
        if (pageProblems.length) console.error(pageProblems.join('\n'));
        fail(`waited ${((Date.now() - t0) / 1000).toFixed(0)} s for ${step.what}; call state: ${s}`);
        return;
      }
      console.log(`  ok after ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${step.what}`);
      if (step.then) await step.then(page);
    }

    // Let the answers finish playing: the gateway reports what was heard once the page has echoed every mark.
    const answered = await page.waitForFunction((answers) => {
      const agents = [...document.querySelectorAll('#transcript > li[data-role="agent"]')].filter((li) => li.dataset.turnId !== '0');
      return agents.length >= answers && agents.every((li) => li.dataset.heard !== undefined);
    }, ANSWERS, { timeout: stepTimeout }).then(() => true, () => false);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="call-state"]').dataset.state === 'ended',
      null, { timeout: 5000 });
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    const captions = await readCaptions(page);
    printTranscript(captions, startedAt);
    const replies = await page.evaluate(() => window.__parleyProbe.replies);
    if (replies.length) {
      console.log('\nseen by the page (last loud microphone frame sent -> ...):');
      for (const r of replies) {
        console.log(`  turn ${r.turnId}: final caption after ${r.finalCaptionMs} ms, first agent audio after ${r.firstAudioMs ?? '-'} ms`);
      }
    }
    const problems = pageProblems.filter((p) => !/AudioContext was not allowed to start/.test(p));
    if (problems.length) console.log(`\npage reported:\n  ${problems.join('\n  ')}`);
    const answers = captions.filter((c) => c.role === 'agent' && c.turnId !== '0');
    if (!answered) {
      fail('the gateway never reported the answers as heard: marks were not echoed after their audio played');
      return;
    }
    const cut = answers.filter((c) => c.interrupted);
    if (cut.length) {
      fail(`answers were cut short by the caller's microphone: turns ${cut.map((c) => c.turnId).join(', ')}`);
      return;
    }
    const withLatency = answers.filter((c) => c.latencyMs !== null);
    if (withLatency.length < ANSWERS) {
      fail(`expected a latency on ${ANSWERS} answers, saw ${withLatency.length}`);
      return;
    }
    const greeting = captions.find((c) => c.role === 'agent' && c.turnId === '0');
    if (greeting && greeting.interrupted) {
      console.log('\nnote: the caller spoke before the greeting had finished (a slow first answer?), so it was cut short');
    }
    if (problems.some((p) => p.startsWith('page error'))) {
      fail('the page threw errors');
      return;
    }
    console.log('\nbrowser call PASSED');
  } finally {
    if (process.exitCode && page && screenshot) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    await browser.close();
  }
}

main().catch((e) => fail(e.message));
