/**
 * Warm-up before readiness. {@link dev.parley.gateway.warmup.GatewayWarmup} runs once after startup on its own thread:
 * {@code parley.warmup.vad-frames} (600) 32 ms frames of a made-up caller (silence and voiced bursts) through the
 * phone path a call uses (20 ms μ-law chunks, {@code InboundAudio}'s upsampling, a fresh Silero {@code VadStream},
 * agent audio back to 8 kHz μ-law), then one standard gRPC health check over each live-path channel (stt, dialogue,
 * tts: the same Quarkus-managed channels the call sessions use), retried every 0.5 s while a backend is still
 * starting, up to {@code parley.warmup.backends-timeout} (120 s). Readiness check {@code gateway-warmup} is DOWN
 * ({@code warming}) until then; a backend still unreachable at the bound is named in its data and in a warning, and
 * the gateway is ready anyway (its channel connects on first use; readiness that followed backends would take every
 * gateway out with one backend). Log line: {@code gateway warm-up done in N ms}. {@code parley.warmup.enabled=false}
 * turns it off (tests do). {@code FirstCallAudioBenchmark} (test sources) prints the first call's audio-path and
 * first-RPC cost in a fresh JVM with and without it.
 */
package dev.parley.gateway.warmup;
