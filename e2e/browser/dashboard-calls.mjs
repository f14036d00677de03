// The analytics dashboard's call page in headless Debian Chromium: opens /dashboard/ with a tenant's API key, finds
// the call (given, or the newest) in the Calls list, opens its page, and checks that the transcript shows the
// caller's and the agent's words, that at least one turn has a latency bar of nonzero width, and that the trace link
// ends with the call's trace id; with RECORDING=1, also that the call's recording plays in the page's <audio> player
// (through its signed URL). Prints what it saw; exits 0 if all holds, 1 if not.
//
//   node dashboard-calls.mjs [ANALYTICS_URL] [API_KEY] [CALL_ID]
//   env: ANALYTICS_URL (default http://localhost:8084), PARLEY_API_KEY, CALL_ID, TENANT (default: the key's first),
//        CALLER_WORDS (default "order"), AGENT_WORDS (default "shipped,friday"), CHROMIUM (default /usr/bin/chromium),
//        STEP_TIMEOUT_MS (default 30000), SCREENSHOT (a PNG path, optional), RECORDING (1: the call was recorded)
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const analytics = (args[0] || process.env.ANALYTICS_URL || 'http://localhost:8084').replace(/\/+$/, '');
const apiKey = args[1] || process.env.PARLEY_API_KEY || '';
const callId = args[2] || process.env.CALL_ID || '';
const tenant = process.env.TENANT || '';
const words = (list) => list.split(',').map((w) => w.trim()).filter(Boolean);
const callerWords = words(process.env.CALLER_WORDS || 'order');
const agentWords = words(process.env.AGENT_WORDS || 'shipped,friday');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const stepTimeout = Number(process.env.STEP_TIMEOUT_MS || 30000);
const screenshot = process.env.SCREENSHOT || '';
const wantRecording = process.env.RECORDING === '1';

function fail(message) {
  console.error(`dashboard call page FAILED: ${message}`);
  process.exitCode = 1;
}

const has = (text, word) => new RegExp(`\\b${word}\\b`, 'i').test(text);

async function main() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found (apt-get install -y chromium)`);
  if (!apiKey) throw new Error('no API key: pass it as the second argument or PARLEY_API_KEY');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  let page;
  try {
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });

    // The dashboard takes the key in its login form (and keeps it in the tab's sessionStorage).
    await page.goto(`${analytics}/dashboard/`, { waitUntil: 'load' });
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForSelector('#board:not([hidden])', { timeout: stepTimeout });
    if (tenant) await page.selectOption('#tenant', tenant);
    console.log(`dashboard ${analytics}/dashboard/ open as tenant ${await page.inputValue('#tenant')}`);

    // The call in the list: the given one (asking for older pages until it shows), or the newest.
    const t0 = Date.now();
    let row = null;
    while (Date.now() - t0 < stepTimeout) {
      const rows = page.locator('#calls-table tbody tr[data-call-id]');
      if (callId) {
        if (await page.locator(`#calls-table tbody tr[data-call-id="${callId}"]`).count()) {
          row = page.locator(`#calls-table tbody tr[data-call-id="${callId}"]`);
          break;
        }
        if (await page.isVisible('#calls-older')) {
          await page.click('#calls-older');
          await page.waitForTimeout(300);
          continue;
        }
      } else if (await rows.count()) {
        row = rows.first();
        break;
      }
      await page.waitForTimeout(500); // the list reloads every 10 s
    }
    if (!row) throw new Error(`call ${callId || '(any)'} not in the Calls list after ${stepTimeout / 1000} s: `
      + (await page.locator('#calls-table').innerText()).replace(/\s+/g, ' '));
    const id = await row.getAttribute('data-call-id');
    console.log(`listed: ${(await row.innerText()).replace(/\s+/g, ' ')}  [${id}]`);
    await row.locator('button').click();
    await page.waitForSelector('#call-page:not([hidden]) #call-turns li', { timeout: stepTimeout });

    const seen = await page.evaluate(() => ({
      id: document.getElementById('call-id').textContent,
      facts: [...document.querySelectorAll('#call-facts dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling.textContent}`),
      turns: [...document.querySelectorAll('#call-turns > li')].map((li) => ({
        turnId: li.dataset.turnId,
        caller: li.querySelector('.said.caller .text')?.textContent ?? null,
        agent: li.querySelector('.said.agent .text')?.textContent ?? null,
        interrupted: !!li.querySelector('.said.agent .mark'),
        bar: li.querySelector('.latency-bar') ? {
          width: li.querySelector('.latency-bar').getBoundingClientRect().width,
          title: li.querySelector('.latency-bar').title,
          segments: [...li.querySelectorAll('.latency-bar .segment')].map((s) => Math.round(s.getBoundingClientRect().width)),
        } : null,
        total: li.querySelector('.latency-total')?.textContent ?? null,
      })),
      tools: [...document.querySelectorAll('#call-tools:not([hidden]) tbody tr')].map((tr) => tr.innerText.replace(/\s+/g, ' ')),
      trace: (() => { const a = document.getElementById('call-trace'); return a.hidden ? null : a.href; })(),
    }));
    // The trace id from the API, to compare with the link.
    const record = await page.evaluate(async ([t, c]) => {
      const r = await fetch(`/tenants/${encodeURIComponent(t)}/calls/${encodeURIComponent(c)}`,
        { headers: { 'X-Api-Key': sessionStorage.getItem('parley-key') } });
      return r.ok ? r.json() : { status: r.status };
    }, [await page.inputValue('#tenant'), id]);
    const recording = wantRecording ? await playRecording(page) : null;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    console.log(`\ncall page ${seen.id}:`);
    seen.facts.forEach((f) => console.log(`  ${f}`));
    console.log('transcript:');
    for (const t of seen.turns) {
      if (t.caller !== null) console.log(`  [turn ${t.turnId}] caller: ${t.caller}`);
      if (t.agent !== null) console.log(`  [turn ${t.turnId}] agent:  ${t.agent}${t.interrupted ? '  [interrupted]' : ''}`);
      if (t.bar) console.log(`             latency bar ${Math.round(t.bar.width)} px (segments ${t.bar.segments.join('+')} px), ${t.total}; title "${t.bar.title}"`);
    }
    if (seen.tools.length) console.log(`tools: ${seen.tools.join(' | ')}`);
    console.log(`trace link: ${seen.trace}`);
    if (recording) console.log(`recording: ${JSON.stringify(recording)}`);
    if (problems.length) console.log(`page reported:\n  ${problems.join('\n  ')}`);

    const callerText = seen.turns.map((t) => t.caller || '').join(' ');
    const agentText = seen.turns.map((t) => t.agent || '').join(' ');
    const missing = [...callerWords.filter((w) => !has(callerText, w)).map((w) => `caller "${w}"`),
      ...agentWords.filter((w) => !has(agentText, w)).map((w) => `agent "${w}"`)];
    if (seen.id !== id) return fail(`the page shows call ${seen.id}, not ${id}`);
    if (missing.length) return fail(`the transcript lacks ${missing.join(', ')}`);
    if (!seen.turns.some((t) => t.bar && t.bar.width > 0)) return fail('no latency bar with a nonzero width');
    if (!record.traceId) return fail(`the record has no trace id: ${JSON.stringify(record).slice(0, 300)}`);
    if (!seen.trace || !seen.trace.endsWith(record.traceId)) {
      return fail(`the trace link ${seen.trace} does not end with the call's trace id ${record.traceId}`);
    }
    if (recording && recording.error) return fail(`the recording does not play: ${recording.error}`);
    if (recording && !(recording.playedTo >= 1 && recording.duration > 1)) {
      return fail(`the recording did not play a second: ${JSON.stringify(recording)}`);
    }
    if (problems.some((p) => p.startsWith('page error'))) return fail('the page threw errors');
    console.log('\ndashboard call page PASSED');
  } finally {
    if (process.exitCode && page && screenshot) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    await browser.close();
  }
}

/** Plays the call page's recording (muted) until a second of it has played; what the player reported. */
async function playRecording(page) {
  await page.waitForSelector('#call-recording audio, #call-recording .none', { timeout: stepTimeout });
  return page.evaluate(async (timeout) => {
    const audio = document.querySelector('#call-recording audio');
    if (!audio) return { error: `no player: "${document.getElementById('call-recording').textContent}"` };
    audio.muted = true;
    try {
      await audio.play();
    } catch (e) {
      return { error: `play() refused: ${e.message}` };
    }
    const t0 = performance.now();
    while (audio.currentTime < 1 && !audio.error && performance.now() - t0 < timeout) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    audio.pause();
    return {
      src: audio.currentSrc.replace(/sig=[^&]+/, 'sig=…'),
      duration: audio.duration,
      playedTo: audio.currentTime,
      error: audio.error ? `media error ${audio.error.code} ${audio.error.message}` : null,
    };
  }, stepTimeout);
}

main().catch((e) => fail(e.message));
