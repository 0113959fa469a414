import { ensureRenderer } from '../src/main/build.ts';

/** Builds the renderer once (when missing or stale) before any test server starts. */
export default async function globalSetup(): Promise<void> {
  await ensureRenderer((line) => console.log(line));
}
