/**
 * Audio built in code: MP3 silence for conversation recordings and PCM / mu-law silence for the
 * WebSocket audio events.
 *
 * The MP3 is a stream of MPEG-1 Layer III frames, 32 kbit/s, 32 kHz, mono: each frame is 144 bytes
 * (no padding) and lasts 1152 / 32000 s = 36 ms. The header is FF FB 18 C4; the side information is
 * all zero (part2_3_length 0 in both granules), which decodes as silence.
 */
export const MP3_FRAME_BYTES = 144;
/** Duration of one MP3 frame in seconds (1152 samples at 32 kHz). */
export const MP3_FRAME_SECS = 1152 / 32000;
/** The longest recording answered, in seconds. */
export const MP3_MAX_SECS = 600;
const MP3_HEADER = [0xff, 0xfb, 0x18, 0xc4];

/** A valid MP3 of `durationSecs` seconds of silence (at least 1 s, at most MP3_MAX_SECS). */
export function silentMp3(durationSecs: number): Buffer {
  const secs = Math.min(MP3_MAX_SECS, Math.max(1, Number.isFinite(durationSecs) ? durationSecs : 1));
  const frames = Math.ceil(secs / MP3_FRAME_SECS);
  const buf = Buffer.alloc(frames * MP3_FRAME_BYTES);
  for (let i = 0; i < frames; i++) buf.set(MP3_HEADER, i * MP3_FRAME_BYTES);
  return buf;
}

/** 100 ms of silence in an agent output format (pcm_<rate> 16-bit LE mono, or ulaw_8000). */
export function silenceChunk(format: string): Buffer {
  if (format.startsWith("ulaw_")) return Buffer.alloc(800, 0xff);
  const rate = Number(format.split("_")[1]) || 16000;
  return Buffer.alloc(Math.round(rate / 10) * 2);
}
