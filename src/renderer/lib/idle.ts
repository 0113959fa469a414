/** True once the person has not touched keyboard or pointer for the policy's minutes. */
export function isIdle(lastActivityMs: number, nowMs: number, idleMinutes: number): boolean {
  return nowMs - lastActivityMs >= idleMinutes * 60_000;
}
