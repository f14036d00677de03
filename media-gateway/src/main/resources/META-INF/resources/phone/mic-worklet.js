// Microphone capture for the Parley browser phone, on the audio rendering thread.
// Turns the AudioContext's input (whatever its rate: 48 kHz, 44.1 kHz...) into PCM16 little-endian mono 16 kHz
// and posts one 20 ms frame (320 samples, 640 bytes) at a time to the page, with the frame's level in dBFS.
// Downsampling: a windowed-sinc low-pass below the 8 kHz Nyquist limit of the target rate, then fractional
// decimation with linear interpolation between filtered samples.

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 320;

function lowPassTaps(inputRate) {
  const cutoff = 7200 / inputRate; // normalized to the input rate; keeps the band the recognizer uses
  const ratio = inputRate / TARGET_RATE;
  let length = Math.ceil(ratio * 16) | 1; // odd, about 16 taps per output sample period
  if (length < 15) length = 15;
  const middle = (length - 1) / 2;
  const taps = new Float32Array(length);
  let sum = 0;
  for (let n = 0; n < length; n++) {
    const x = n - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const blackman = 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1))
      + 0.08 * Math.cos((4 * Math.PI * n) / (length - 1));
    taps[n] = sinc * blackman;
    sum += taps[n];
  }
  for (let n = 0; n < length; n++) taps[n] /= sum;
  return taps;
}

class MicProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.taps = this.step > 1 ? lowPassTaps(sampleRate) : null;
    this.history = this.taps ? new Float32Array(this.taps.length * 2) : null; // mirrored ring buffer
    this.head = 0;
    this.previous = 0;
    this.phase = 0; // position of the next output sample, in input samples after `previous`
    this.frame = new Float32Array(FRAME_SAMPLES);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data && event.data.type === 'stop') this.running = false;
    };
  }

  filter(x) {
    const taps = this.taps;
    const length = taps.length;
    const history = this.history;
    history[this.head] = x;
    history[this.head + length] = x;
    this.head = (this.head + 1) % length;
    // history[head .. head+length) is the window from the oldest to the newest sample
    let y = 0;
    for (let n = 0, i = this.head; n < length; n++, i++) y += taps[n] * history[i];
    return y;
  }

  emit(sample) {
    this.frame[this.filled++] = sample;
    if (this.filled === FRAME_SAMPLES) {
      const bytes = new ArrayBuffer(FRAME_SAMPLES * 2);
      const view = new DataView(bytes);
      let energy = 0;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const s = Math.max(-1, Math.min(1, this.frame[i]));
        energy += s * s;
        view.setInt16(i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
      }
      const rms = Math.sqrt(energy / FRAME_SAMPLES);
      const dbfs = rms > 0 ? 20 * Math.log10(rms) : -120;
      this.port.postMessage({ pcm: bytes, dbfs }, [bytes]);
      this.filled = 0;
    }
  }

  process(inputs, outputs) {
    const input = inputs[0];
    if (input && input.length > 0) {
      const channel = input[0];
      for (let i = 0; i < channel.length; i++) {
        const y = this.taps ? this.filter(channel[i]) : channel[i];
        while (this.phase <= 1) {
          this.emit(this.previous + this.phase * (y - this.previous));
          this.phase += this.step;
        }
        this.phase -= 1;
        this.previous = y;
      }
    }
    if (outputs[0]) {
      for (const out of outputs[0]) out.fill(0);
    }
    return this.running;
  }
}

registerProcessor('parley-mic', MicProcessor);
