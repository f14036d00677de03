// The Calls section: the tenant's newest calls (paged with the API's cursor), and a call's page with its facts, its
// recording's player, the transcript turn by turn with a latency bar per turn, tools, fallbacks and a link to its trace.
// Every text from a record is inserted with textContent, never as HTML: transcripts are what callers said.
'use strict';

const Calls = (() => {
  // A turn's latency stages in the order they happen, each in ms from the end of the caller's speech: a bar's
  // segments are the differences between consecutive stages the turn has.
  const STEPS = [
    { stage: 'sttFinal', part: 'STT', label: 'STT final' },
    { stage: 'firstBrainText', part: 'brain', label: 'first brain text' },
    { stage: 'firstTtsAudio', part: 'TTS', label: 'first TTS audio' },
    { stage: 'firstAudioSent', part: 'send', label: 'first audio sent' },
    { stage: 'firstAudible', part: 'playout', label: 'first audible (voice-to-voice)' },
  ];
  let tenant = null;   // whose calls are listed
  let next = null;     // the cursor of the next (older) page, null on the last page
  let pages = 0;       // pages listed: the list only reloads by itself while it shows the newest page alone
  let traceUrl = null; // parley.dashboard.trace-url, read once per key

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }
  function seconds(ms) { return ms === null || ms === undefined ? 'ongoing' : (ms / 1000).toFixed(1) + ' s'; }
  function callsPath(t) { return `/tenants/${encodeURIComponent(t)}/calls`; }

  async function settings() {
    try {
      traceUrl = (await api('/dashboard-settings')).traceUrl || null;
    } catch (e) {
      traceUrl = null; // an analytics without the setting: calls are shown without a trace link
    }
  }

  /** Lists the tenant's newest calls when the tenant changed, or again while only the newest page is shown. */
  async function refresh(t) {
    if (t !== tenant) {
      tenant = t;
      pages = 0;
      $('call-page').hidden = true;
    } else if (pages > 1) {
      return;
    }
    const page = await api(`${callsPath(t)}?limit=20`);
    $('calls-table').tBodies[0].innerHTML = '';
    pages = 0;
    show(page);
  }

  async function older() {
    if (next) show(await api(`${callsPath(tenant)}?limit=20&cursor=${encodeURIComponent(next)}`));
  }

  function show(page) {
    const body = $('calls-table').tBodies[0];
    page.calls.forEach(call => {
      const row = body.insertRow();
      row.dataset.callId = call.callId;
      const open = el('button', 'link', when(call.startedAt));
      open.title = 'call ' + call.callId;
      open.addEventListener('click', () => openCall(call.callId).catch(e => { $('status').textContent = e.message; }));
      row.insertCell().append(open);
      [call.caller || '–', seconds(call.durationMs), call.endReason || 'ongoing', call.transferred ? 'yes' : 'no',
        call.errors, call.turns].forEach(v => { row.insertCell().textContent = v; });
    });
    if (!body.rows.length) body.insertRow().insertCell().textContent = 'no calls yet';
    next = page.next;
    pages++;
    $('calls-older').hidden = !next;
  }

  async function openCall(callId) {
    const call = await api(`${callsPath(tenant)}/${encodeURIComponent(callId)}`);
    $('call-id').textContent = call.callId;
    const trace = $('call-trace');
    trace.hidden = !(traceUrl && call.traceId);
    if (!trace.hidden) trace.href = traceUrl + encodeURIComponent(call.traceId);
    facts(call);
    recording(call.callId).catch(e => { $('call-recording').textContent = 'recording: ' + e.message; });
    turns(call.turns || []);
    tools(call.tools || []);
    fallbacks(call.fallbacks || [], call.failovers || []);
    $('call-page').hidden = false;
    $('call-page').scrollIntoView();
  }

  function facts(call) {
    const list = $('call-facts');
    list.innerHTML = '';
    const transfer = call.transfer ? `yes, to ${call.transfer.target || '?'} (${call.transfer.reason || 'no reason'})`
      : call.transferred ? 'yes' : 'no';
    [['Caller', call.caller], ['Dialled', call.dialled], ['Transport', call.transport],
      ['Started', when(call.startedAt) + (call.startKnown ? '' : ' (earliest event; call.started not seen yet)')],
      ['Duration', seconds(call.durationMs)], ['End reason', call.endReason || 'ongoing'],
      ['Billed seconds', call.billedSeconds ?? 'not billed yet'], ['Transferred', transfer], ['Errors', call.errors],
      ['Trace id', call.traceId || 'none']].forEach(([name, value]) => {
      list.append(el('dt', '', name), el('dd', '', value === null || value === undefined || value === '' ? '–' : value));
    });
  }

  function recordingPath(callId) { return `${callsPath(tenant)}/${encodeURIComponent(callId)}/recording`; }

  /**
   * The call's recording in an <audio> player. An <audio> element cannot send the API key, so the page asks with
   * the key for a short-lived signed URL and plays that; once it has expired, the player's next request fails and
   * a fresh URL is fetched, resuming where it was.
   */
  async function recording(callId) {
    const box = $('call-recording');
    box.innerHTML = '';
    const link = await api(recordingPath(callId), { missingIsNull: true });
    if ($('call-id').textContent !== callId) return; // another call was opened meanwhile
    if (!link) {
      box.append(el('p', 'none', 'no recording'));
      return;
    }
    const figure = el('figure', 'recording');
    const caption = el('figcaption', '', 'Recording (left: caller, right: agent)');
    caption.id = 'call-recording-label';
    const audio = document.createElement('audio');
    audio.controls = true;
    audio.preload = 'metadata';
    audio.setAttribute('aria-labelledby', caption.id);
    audio.src = link.url;
    let renewedAt = 0;
    audio.addEventListener('error', async () => {
      if (Date.now() - renewedAt < 30000) return; // not an expired URL: leave the player's error shown
      renewedAt = Date.now();
      const at = audio.currentTime;
      const fresh = await api(recordingPath(callId), { missingIsNull: true });
      if (!fresh) {
        figure.replaceWith(el('p', 'none', 'no recording (erased)'));
        return;
      }
      audio.addEventListener('loadedmetadata', () => { audio.currentTime = at; }, { once: true });
      audio.src = fresh.url;
    });
    figure.append(caption, audio);
    box.append(figure);
  }

  function turns(all) {
    const list = $('call-turns');
    list.innerHTML = '';
    // One scale for every bar of the call, so turns compare at a glance.
    const scale = Math.max(1, ...all.map(turn => total(turn.latencyMs || {})));
    all.forEach(turn => {
      const item = el('li', 'turn');
      item.dataset.turnId = turn.turnId;
      item.value = turn.turnId; // numbered by turn id: the greeting is turn 0
      if (turn.callerText) {
        const said = el('div', 'said caller');
        said.append(el('span', 'who', turn.callerSource === 'dtmf' ? 'caller (keys)' : 'caller'),
          el('span', 'text', turn.callerText));
        item.append(said);
      }
      if (turn.agentHeard || turn.agentGenerated) {
        const said = el('div', 'said agent');
        const heard = turn.agentHeard || '';
        said.append(el('span', 'who', 'agent'), el('span', 'text', heard));
        // Cut short: what the agent would have said on, struck through.
        const rest = turn.agentGenerated && turn.agentGenerated.startsWith(heard)
          ? turn.agentGenerated.slice(heard.length).trim() : '';
        if (turn.interrupted && rest) said.append(el('span', 'unheard', rest));
        if (turn.interrupted) said.append(el('span', 'mark', 'interrupted'));
        if (turn.falseInterruption) said.append(el('span', 'mark soft', 'false interruption (resumed)'));
        item.append(said);
      }
      const bar = latencyBar(turn.latencyMs || {}, scale);
      if (bar) item.append(bar);
      list.append(item);
    });
  }

  function total(latency) {
    return Math.max(0, ...STEPS.map(s => latency[s.stage]).filter(v => typeof v === 'number'));
  }

  function latencyBar(latency, scale) {
    const steps = STEPS.filter(s => typeof latency[s.stage] === 'number');
    const end = total(latency);
    if (!steps.length || end <= 0) return null;
    const row = el('div', 'latency');
    const track = el('div', 'latency-track');
    const bar = el('div', 'latency-bar');
    bar.style.width = (100 * end / scale) + '%';
    let before = 0;
    const parts = steps.map((s, i) => {
      const ms = Math.max(0, latency[s.stage] - before);
      before = Math.max(before, latency[s.stage]);
      const segment = el('span', 'segment step-' + STEPS.indexOf(s));
      segment.style.width = (100 * ms / end) + '%';
      segment.title = `${s.part}: +${ms} ms (${s.label} at ${latency[s.stage]} ms)`;
      bar.append(segment);
      return `${s.label} ${latency[s.stage]} ms`;
    });
    bar.title = 'from the end of the caller\'s speech: ' + parts.join(', ');
    bar.setAttribute('role', 'img');
    bar.setAttribute('aria-label', bar.title);
    track.append(bar);
    const voice = latency.firstAudible;
    row.append(track, el('span', 'latency-total', typeof voice === 'number' ? `${voice} ms voice-to-voice`
      : `${end} ms`));
    return row;
  }

  function table(id, rows) {
    const body = $(id).tBodies[0];
    body.innerHTML = '';
    rows.forEach(values => {
      const row = body.insertRow();
      values.forEach(v => { row.insertCell().textContent = v ?? '–'; });
    });
    $(id).hidden = rows.length === 0;
    $(id + '-none').hidden = rows.length > 0;
  }

  function tools(all) {
    table('call-tools', all.map(t => [t.turnId, t.name, JSON.stringify(t.arguments || {}), t.ok ? 'ok' : 'failed',
      t.durationMs + ' ms']));
  }

  function fallbacks(engines, backends) {
    table('call-fallbacks', engines.map(f => [when(f.at), f.stage, `${f.failedEngine} → ${f.nextEngine}`, f.error])
      .concat(backends.map(f => [when(f.at), f.stage, `backend ${f.outcome}, down ${f.downMs} ms`, f.error])));
  }

  function legend() {
    const box = $('latency-legend');
    STEPS.forEach((s, i) => {
      const item = el('span', 'key');
      item.append(el('span', 'swatch step-' + i), document.createTextNode(`${s.part} (to ${s.label})`));
      box.append(item);
    });
  }

  function init() {
    legend();
    $('calls-older').addEventListener('click', () => older().catch(e => { $('status').textContent = e.message; }));
    $('call-close').addEventListener('click', () => { $('call-page').hidden = true; });
  }

  return { init, settings, refresh };
})();
