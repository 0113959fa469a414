import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

// BENCH_SYNC_PROFILE=FILE writes a CPU profile (.cpuprofile, for Chrome's DevTools) of the first
// pull alone, so the apply path can be read without the setup around it.

export async function startProfile(): Promise<{ stop(): Promise<void> }> {
  const file = process.env.BENCH_SYNC_PROFILE;
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
