// The refusal sound of the packing station: a short, low square-wave buzz made with Web Audio
// (no sound file to ship). Browsers may keep audio suspended until a key was pressed; a scanner's
// keystrokes count, so the first refusal is heard too.

let context: AudioContext | null = null;

export function beep(kind: 'refused' | 'done' = 'refused'): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = kind === 'refused' ? 'square' : 'sine';
    osc.frequency.value = kind === 'refused' ? 220 : 880;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(ctx.destination);
    const length = kind === 'refused' ? 0.45 : 0.12;
    osc.start();
    osc.stop(ctx.currentTime + length);
  } catch {
    // No audio device: the large message on screen still says it.
  }
}
