import { v7 } from 'uuid';

// uuid's v7 asks the platform for 16 random bytes on every id; an import makes hundreds of
// thousands of ids, so random bytes are drawn 4 KB at a time. The time and sequence state
// follows uuid's own monotonic rule: within one millisecond the sequence counts up, so ids made
// in the same millisecond still sort in the order they were made.
const POOL = new Uint8Array(16 * 256);
let offset = POOL.length;
const state = { msecs: -Infinity, seq: 0 };

function randomBytes16(): Uint8Array {
  if (offset >= POOL.length) {
    globalThis.crypto.getRandomValues(POOL);
    offset = 0;
  }
  const bytes = POOL.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
}

/** Time-ordered ids made wherever a record is made, so offline stations never collide. */
export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
