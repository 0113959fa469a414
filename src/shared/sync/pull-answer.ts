import { MAX_BODY_BYTES, pullResponseSchema, type PullResponse, type SyncOp } from './protocol.ts';

// A pull answer carries up to 2,000 ops, and a first pull reads hundreds of them a second.
// Checking every field through the schema library was a visible share of that, so the common
// case (every field as the schema wants it) is checked here by hand, field by field with the
// same rules, building the same object the schema would (known keys only, in its order).
// Anything this does not accept, it hands to the schema, which decides and names what is wrong:
// so nothing that the schema refuses can pass, and the errors stay the schema's.

const HLC = /^\d{15}\.\d{6}\..{1,64}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const positive = (v: unknown): v is number => int(v) && v > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function op(v: unknown): SyncOp | undefined {
  if (!isObject(v)) return undefined;
  const { id, seq, station, hlc, at, actor, operation, changes, prevHash, hash, schema, legacy } = v;
  if (!text(id, 1, 64) || !positive(seq) || !text(station, 1, 64) || typeof hlc !== 'string' || !HLC.test(hlc)) return undefined;
  if (!text(at, 1, 40) || !text(actor, 1, 200) || !text(operation, 1, 100) || !text(changes, 0, MAX_BODY_BYTES)) return undefined;
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash) || typeof hash !== 'string' || !HEX64.test(hash) || !positive(schema)) return undefined;
  if (legacy !== undefined && typeof legacy !== 'boolean') return undefined;
  const out: SyncOp = { id, seq, station, hlc, at, actor, operation, changes, prevHash, hash, schema };
  return legacy === undefined ? out : { ...out, legacy };
}

function quick(v: unknown): PullResponse | undefined {
  if (!isObject(v)) return undefined;
  const { after, ops, next, more, serverTime } = v;
  if (!int(after) || !int(next) || typeof more !== 'boolean' || typeof serverTime !== 'string' || !Array.isArray(ops)) return undefined;
  const checked: PullResponse['ops'] = [];
  for (const entry of ops as unknown[]) {
    if (!isObject(entry)) return undefined;
    const serverSeq = entry.serverSeq;
    const o = op(entry.op);
    if (!positive(serverSeq) || !o) return undefined;
    checked.push({ serverSeq, op: o });
  }
  return { after, ops: checked, next, more, serverTime };
}

/** A pull answer as the schema reads it (the same object, the same errors), fast for a well-formed one. */
export function parsePullResponse(value: unknown): PullResponse {
  return quick(value) ?? pullResponseSchema.parse(value);
}
