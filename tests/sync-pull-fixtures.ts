// A pulled op and a pull answer as a server sends them, for the tests of reading answers.

export const pulledOp = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `0190${n}`,
  seq: n,
  station: 'station-a',
  hlc: `000001700000000.00000${n % 10}.station-a`,
  at: '2026-11-23T10:00:00.000Z',
  actor: 'local-owner',
  operation: 'products.create',
  changes: '[{"t":"product","op":"i","id":"p1","v":{"id":"p1","name":"\\"quoted\\" 茶"}}]',
  prevHash: '0'.repeat(64),
  hash: 'ab'.repeat(32),
  schema: 13,
  ...extra,
});

export const pullAnswer = (ops: unknown[], extra: Record<string, unknown> = {}) => ({ after: 4, ops, next: 4 + ops.length, more: false, serverTime: '2026-11-23T10:00:01.000Z', ...extra });
