// Parley browser phone: talk to a tenant's agent from the microphone over the gateway's /browser/media WebSocket.
// Wire format: binary = PCM16 little-endian mono 16 kHz both ways; control and captions are JSON text messages.
'use strict';

(() => {
  const RATE = 16000;
  const FRAME_SAMPLES = 320; // 20 ms
  const START_LEAD_S = 0.06; // playout cushion when agent audio starts after a pause
  const MAX_SEND_BUFFER = 64 * 1024; // ~2 s of microphone audio waiting for the network: drop beyond that
  const COMFORT_NOISE_RMS = 10; // about -70 dBFS, what a quiet line carries; the recognizer copes badly with digital zeros
  const CLOSE_TRY_AGAIN_LATER = 1013; // the gateway (or a backend behind it) has no free line
  const ALL_LINES_BUSY = 'All lines are busy right now. Please try again in a minute.';

  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('state'),
    callInfo: $('call-info'),
    keyForm: $('key-form'),
    apiKey: $('api-key'),
    call: $('call'),
    talk: $('talk'),
    talkHelp: $('talk-help'),
    hangup: $('hangup'),
    level: $('level'),
    error: $('error'),
    transcript: $('transcript'),
    keypad: $('keypad'),
  };

  // ---- token -------------------------------------------------------------------------------------------------

  let fragmentToken = null;
  {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    fragmentToken = params.get('token');
    if (fragmentToken) {
      // Keep the token out of the address bar, history and bookmarks.
      history.replaceState(null, '', location.pathname + location.search);
    } else {
      ui.keyForm.hidden = false;
    }
  }

  async function obtainToken() {
    if (fragmentToken) {
      const token = fragmentToken;
      fragmentToken = null; // single use: a later call asks for the key if this one is spent
      return token;
    }
    const key = ui.apiKey.value.trim();
    if (!key) {
      ui.keyForm.hidden = false;
      ui.apiKey.focus();
      throw new Error('Enter the tenant API key to place a call.');
    }
    let response;
    try {
      response = await fetch('/browser/token', { method: 'POST', headers: { 'X-Api-Key': key }, cache: 'no-store' });
    } catch (e) {
      throw new Error('The gateway is not reachable.');
    }
    if (response.status === 401) throw new Error('The API key was not accepted.');
    if (response.status === 503) throw new Error(ALL_LINES_BUSY);
    if (!response.ok) throw new Error(`The gateway refused a call token (HTTP ${response.status}).`);
    const body = await response.json();
    return body.token;
  }

  // ---- call state --------------------------------------------------------------------------------------------

  const LABELS = {
    idle: 'Ready',
    connecting: 'Connecting…',
    listening: 'Listening',
    'push-to-talk': 'Hold to talk',
    talking: 'Talking',
    'agent-speaking': 'Agent speaking',
    ended: 'Call ended',
    failed: 'Call failed',
  };

  let call = null; // the live call, or null

  function setState(state, detail) {
    ui.state.dataset.state = state;
    ui.state.textContent = detail ? `${LABELS[state]} (${detail})` : LABELS[state];
  }

  function refreshState() {
    if (!call || !call.started || call.finished) return;
    if (call.player.busy()) setState('agent-speaking');
    else if (pushToTalk()) setState(pttPressed ? 'talking' : 'push-to-talk');
    else setState('listening');
  }

  function showError(message) {
    ui.error.textContent = message || '';
  }

  // ---- mode: hands-free or push-to-talk ----------------------------------------------------------------------

  let pttPressed = false;

  function pushToTalk() {
    return document.querySelector('input[name="mode"]:checked').value === 'push-to-talk';
  }

  function applyMode() {
    const ptt = pushToTalk();
    if (!ptt && pttPressed) setPtt(false);
    ui.talk.hidden = !ptt;
    ui.talkHelp.hidden = !ptt;
    ui.talk.disabled = !(call && call.started && !call.finished);
    refreshState();
  }

  function setPtt(pressed) {
    if (pressed === pttPressed) return;
    if (pressed && !(call && call.started && !call.finished && pushToTalk())) return;
    pttPressed = pressed;
    ui.talk.setAttribute('aria-pressed', String(pressed));
    if (call) call.sendJson({ type: 'ptt', pressed });
    refreshState();
  }

  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener('change', applyMode);

  ui.talk.addEventListener('pointerdown', (e) => {
    ui.talk.setPointerCapture(e.pointerId);
    setPtt(true);
  });
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
    ui.talk.addEventListener(type, () => setPtt(false));
  }
  ui.talk.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.repeat) { e.preventDefault(); setPtt(true); }
  });
  ui.talk.addEventListener('keyup', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); setPtt(false); }
  });

  function typingTarget(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
      && !(target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox'));
  }

  document.addEventListener('keydown', (e) => {
    if (e.code !== 'Space' || typingTarget(e.target) || !pushToTalk() || !(call && call.started && !call.finished)) return;
    e.preventDefault(); // no page scroll, no click on a focused button
    if (!e.repeat) setPtt(true);
  });
  document.addEventListener('keyup', (e) => {
    if (e.code !== 'Space' || typingTarget(e.target) || !pushToTalk() || !(pttPressed || (call && call.started))) return;
    e.preventDefault();
    setPtt(false);
  });
  window.addEventListener('blur', () => setPtt(false));

  // ---- transcript --------------------------------------------------------------------------------------------

  const turns = new Map(); // "user:3" / "agent:3" -> { li, text, ... }

  function turnEntry(role, turnId) {
    const key = `${role}:${turnId}`;
    let entry = turns.get(key);
    if (!entry) {
      const li = document.createElement('li');
      li.className = `turn ${role}`;
      li.dataset.testid = `caption-${role}`;
      li.dataset.turnId = String(turnId);
      li.dataset.role = role;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = role === 'user' ? 'You' : 'Agent';
      const text = document.createElement('span');
      text.className = 'text';
      text.dataset.testid = 'caption-text';
      li.append(who, text);
      entry = { li, text, full: '', heard: null };
      turns.set(key, entry);
      appendToTranscript(li);
    }
    return entry;
  }

  function appendToTranscript(li) {
    const list = ui.transcript;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(li);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function note(text) {
    const li = document.createElement('li');
    li.className = 'note';
    li.textContent = text;
    appendToTranscript(li);
  }

  function userCaption(turnId, text, final) {
    const entry = turnEntry('user', turnId);
    entry.text.textContent = text;
    entry.li.dataset.final = String(final);
  }

  function renderAgent(entry) {
    const full = entry.full;
    if (entry.heard && entry.heard.interrupted) {
      const heard = entry.heard.text;
      const cut = full.startsWith(heard) ? heard.length : heardPrefixLength(full, heard);
      const said = document.createElement('span');
      said.className = 'heard';
      said.textContent = full.slice(0, cut);
      const unheard = document.createElement('span');
      unheard.className = 'unheard';
      unheard.dataset.testid = 'caption-unheard';
      unheard.title = 'Not heard: you interrupted';
      unheard.textContent = full.slice(cut);
      entry.text.replaceChildren(said, unheard);
      entry.li.dataset.interrupted = 'true';
      if (!entry.li.querySelector('.cut-note')) {
        const cutNote = document.createElement('span');
        cutNote.className = 'cut-note visually-hidden';
        cutNote.textContent = cut < full.length ? ' (you interrupted; the struck-out words were not heard)' : ' (you interrupted)';
        entry.li.append(cutNote);
      }
    } else {
      entry.text.textContent = full;
    }
  }

  // The heard text is a prefix of the generated text up to whitespace; match it word by word if they differ.
  function heardPrefixLength(full, heard) {
    const words = heard.split(/\s+/).filter(Boolean);
    let at = 0;
    for (const word of words) {
      const found = full.indexOf(word, at);
      if (found < 0) break;
      at = found + word.length;
    }
    return at;
  }

  function agentCaption(turnId, text) {
    const entry = turnEntry('agent', turnId);
    entry.full = text;
    renderAgent(entry);
  }

  function agentHeard(turnId, heard, interrupted) {
    const entry = turnEntry('agent', turnId);
    entry.heard = { text: heard, interrupted };
    entry.li.dataset.heard = heard;
    if (!entry.full) entry.full = heard;
    renderAgent(entry);
  }

  function latency(turnId, ms) {
    const entry = turnEntry('agent', turnId);
    let span = entry.li.querySelector('.latency');
    if (!span) {
      span = document.createElement('span');
      span.className = 'latency';
      span.dataset.testid = 'caption-latency';
      entry.li.append(span);
    }
    span.textContent = `${ms} ms`;
    span.title = 'From the end of your speech to the agent\u2019s first audio';
    span.setAttribute('aria-label', `response time ${ms} milliseconds`);
    entry.li.dataset.latencyMs = String(ms);
  }

  let dtmfCount = 0;
  function dtmfCaption(digit) {
    const li = document.createElement('li');
    li.className = 'turn dtmf';
    li.dataset.testid = 'caption-dtmf';
    li.dataset.seq = String(++dtmfCount);
    li.innerHTML = '<span class="who">You (keypad)</span>';
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = digit;
    li.append(text);
    appendToTranscript(li);
  }

  // ---- agent audio playout -----------------------------------------------------------------------------------

  // Schedules agent audio gap-free on the AudioContext clock and echoes each mark once the audio received before it
  // has played (or at once on clear).
  class Player {
    constructor(context, onMark, onIdleChange) {
      this.context = context;
      this.output = context.createGain();
      this.output.connect(context.destination);
      this.onMark = onMark;
      this.onIdleChange = onIdleChange;
      this.playHead = 0; // context time when the last scheduled audio ends
      this.sources = new Set();
      this.marks = []; // FIFO of { name, at } with `at` = playHead when the mark arrived
      this.timer = 0;
    }

    busy() {
      return this.sources.size > 0;
    }

    enqueue(bytes) {
      const samples = bytes.byteLength >> 1;
      if (samples === 0) return;
      const view = new DataView(bytes);
      const buffer = this.context.createBuffer(1, samples, RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < samples; i++) channel[i] = view.getInt16(i * 2, true) / 32768;
      const source = this.context.createBufferSource();
      source.buffer = buffer;
      source.connect(this.output);
      const now = this.context.currentTime;
      if (this.playHead < now) this.playHead = now + START_LEAD_S; // starting, or after an underrun
      source.start(this.playHead);
      this.playHead += buffer.duration;
      const wasIdle = this.sources.size === 0;
      this.sources.add(source);
      source.onended = () => {
        if (!this.sources.delete(source)) return; // already stopped by clear()
        this.releaseMarks();
        if (this.sources.size === 0) this.onIdleChange();
      };
      if (wasIdle) this.onIdleChange();
    }

    mark(name) {
      this.marks.push({ name, at: this.playHead });
      this.releaseMarks();
    }

    releaseMarks() {
      const now = this.context.currentTime;
      while (this.marks.length > 0 && (this.marks[0].at <= now + 0.005 || this.sources.size === 0)) {
        this.onMark(this.marks.shift().name);
      }
      clearTimeout(this.timer);
      if (this.marks.length > 0) {
        // Backstop for the source `ended` events: wake up when the next mark is due.
        const wait = Math.max(10, (this.marks[0].at - now) * 1000 + 10);
        this.timer = setTimeout(() => this.releaseMarks(), wait);
      }
    }

    clear() {
      const playing = [...this.sources];
      this.sources.clear();
      for (const source of playing) {
        try { source.stop(); } catch (e) { /* never started */ }
        source.disconnect();
      }
      this.playHead = 0;
      clearTimeout(this.timer);
      const pending = this.marks;
      this.marks = [];
      for (const m of pending) this.onMark(m.name);
      if (playing.length > 0) this.onIdleChange();
    }

    close() {
      this.clear();
      this.output.disconnect();
    }
  }

  // ---- the call ----------------------------------------------------------------------------------------------

  class Call {
    constructor() {
      this.started = false;
      this.finished = false;
      this.socket = null;
      this.context = null;
      this.stream = null;
      this.worklet = null;
      this.player = null;
      this.dropped = 0;
      this.contextClosed = false;
    }

    async open(token) {
      this.context = new AudioContext({ latencyHint: 'interactive' });
      await this.context.resume();
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
        video: false,
      });
      if (this.finished) return this.releaseMedia();
      await this.context.audioWorklet.addModule('mic-worklet.js');
      if (this.finished) return this.releaseMedia();
      const source = this.context.createMediaStreamSource(this.stream);
      this.worklet = new AudioWorkletNode(this.context, 'parley-mic', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], channelCount: 1, channelCountMode: 'explicit',
      });
      // A silent path to the destination keeps the worklet pulled by the rendering graph in every browser.
      this.sink = this.context.createGain();
      this.sink.gain.value = 0;
      source.connect(this.worklet).connect(this.sink).connect(this.context.destination);
      this.worklet.port.onmessage = (e) => this.onMicFrame(e.data);
      this.player = new Player(this.context, (name) => this.sendJson({ type: 'mark', name }), refreshState);
      this.stream.getAudioTracks()[0].addEventListener('ended', () => {
        showError('The microphone was disconnected.');
        this.hangUp();
      });

      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      this.socket = new WebSocket(`${scheme}//${location.host}/browser/media?token=${encodeURIComponent(token)}`);
      this.socket.binaryType = 'arraybuffer';
      this.socket.onopen = () => this.sendJson({ type: 'start' });
      this.socket.onmessage = (e) => this.onMessage(e.data);
      this.socket.onclose = (e) => this.onClose(e);
    }

    onMicFrame({ pcm, dbfs }) {
      if (!this.started || this.finished) return;
      const muted = pushToTalk() && !pttPressed;
      ui.level.value = muted ? -80 : Math.max(-80, dbfs);
      if (this.socket.bufferedAmount > MAX_SEND_BUFFER) {
        this.dropped++;
        return;
      }
      this.socket.send(muted ? this.quietFrame() : pcm);
    }

    // Push-to-talk released: keep the stream continuous with line-level noise instead of the microphone.
    quietFrame() {
      const bytes = new ArrayBuffer(FRAME_SAMPLES * 2);
      const view = new DataView(bytes);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        view.setInt16(i * 2, Math.round((Math.random() + Math.random() + Math.random() - 1.5) * 2 * COMFORT_NOISE_RMS), true);
      }
      return bytes;
    }

    onMessage(data) {
      if (data instanceof ArrayBuffer) {
        if (this.player && !this.finished) this.player.enqueue(data);
        return;
      }
      let message;
      try {
        message = JSON.parse(data);
      } catch (e) {
        console.warn('ignored a message that is not JSON', data);
        return;
      }
      switch (message.type) {
        case 'started':
          this.started = true;
          this.callId = message.callId;
          ui.callInfo.textContent = `${message.tenant} · ${message.callId}`;
          ui.hangup.disabled = false;
          ui.keypad.querySelectorAll('button').forEach((b) => { b.disabled = false; });
          applyMode();
          break;
        case 'mark':
          this.player.mark(message.name);
          break;
        case 'clear':
          this.player.clear();
          break;
        case 'caption':
          if (message.role === 'user') userCaption(message.turnId, message.text, message.final === true);
          else if (message.role === 'agent') agentCaption(message.turnId, message.text);
          break;
        case 'heard':
          agentHeard(message.turnId, message.heard, message.interrupted === true);
          break;
        case 'latency':
          latency(message.turnId, message.ms);
          break;
        case 'ended':
          this.endReason = message.reason;
          break;
        default:
          console.warn('ignored message of unknown type', message.type);
      }
    }

    sendJson(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    }

    sendDigit(digit) {
      if (!this.started || this.finished) return;
      this.sendJson({ type: 'dtmf', digit });
      dtmfCaption(digit);
    }

    hangUp() {
      if (this.finished) return;
      this.sendJson({ type: 'hangup' });
      this.finish('you hung up');
      if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, 'caller hung up');
    }

    onClose(event) {
      if (this.finished) return;
      if (!this.started) {
        this.finish(null, true);
        setState('failed');
        showError(event.code === 1006
          ? 'The gateway refused the call: the token is missing, invalid or expired.'
          : event.code === CLOSE_TRY_AGAIN_LATER
            ? ALL_LINES_BUSY
            : `The gateway closed the connection (${event.code}${event.reason ? `: ${event.reason}` : ''}).`);
        return;
      }
      if (event.code === CLOSE_TRY_AGAIN_LATER) {
        // A backend had no room for the call as it started: a refusal, not a call that ended.
        this.finish(null, true);
        setState('failed');
        showError(ALL_LINES_BUSY);
        return;
      }
      this.finish(describeEnd(this.endReason, event));
    }

    finish(reason, failed) {
      this.finished = true;
      setPtt(false);
      if (!failed) {
        setState('ended', reason);
        note(`Call ended${reason ? ` (${reason})` : ''}`);
      }
      if (this.dropped > 0) console.warn(`dropped ${this.dropped} microphone frames while the network was slow`);
      this.releaseMedia();
      callFinished();
    }

    // Idempotent, and safe to call again when a resource arrives after the call was already given up.
    releaseMedia() {
      if (this.worklet) {
        this.worklet.port.postMessage({ type: 'stop' });
        this.worklet.port.onmessage = null;
        this.worklet.disconnect();
      }
      if (this.player) this.player.close();
      if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
      if (this.context && !this.contextClosed) {
        this.contextClosed = true;
        this.context.close().catch(() => {});
      }
      ui.level.value = -80;
    }
  }

  function describeEnd(reason, event) {
    switch (reason) {
      case 'agent-hangup': return 'the agent hung up';
      case 'transferred': return 'transferred to a person';
      case 'error': return 'the service failed';
      case undefined: case null: case '':
        return event && event.code !== 1000 ? `connection lost, code ${event.code}` : 'the agent hung up';
      default: return reason;
    }
  }

  function callFinished() {
    call = null;
    ui.call.disabled = false;
    ui.call.textContent = 'Call again';
    ui.hangup.disabled = true;
    ui.talk.disabled = true;
    ui.keypad.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    if (!fragmentToken) ui.keyForm.hidden = false;
  }

  async function placeCall() {
    if (call) return;
    showError('');
    if (!window.isSecureContext || !navigator.mediaDevices || !window.AudioWorkletNode) {
      showError('This page needs a secure context (https or localhost) and a browser with AudioWorklet.');
      return;
    }
    ui.call.disabled = true;
    setState('connecting');
    ui.callInfo.textContent = '';
    ui.transcript.replaceChildren();
    turns.clear();
    const current = new Call();
    call = current;
    ui.hangup.disabled = false;
    try {
      const token = await obtainToken();
      if (current.finished) return;
      await current.open(token);
    } catch (e) {
      if (current.finished) return;
      current.finish(null, true);
      setState('failed');
      showError(e && e.name === 'NotAllowedError' ? 'Microphone access was denied.'
        : e && e.name === 'NotFoundError' ? 'No microphone was found.'
          : (e && e.message) || String(e));
    }
  }

  ui.call.addEventListener('click', placeCall);
  ui.keyForm.addEventListener('submit', (e) => { e.preventDefault(); placeCall(); });
  ui.hangup.addEventListener('click', () => { if (call) call.hangUp(); });
  ui.keypad.addEventListener('click', (e) => {
    const digit = e.target instanceof HTMLElement && e.target.dataset.digit;
    if (digit && call) call.sendDigit(digit);
  });
  window.addEventListener('pagehide', () => { if (call) call.hangUp(); });

  ui.keypad.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  ui.talk.disabled = true;
  applyMode();
  setState('idle');
})();
