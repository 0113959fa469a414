import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { pullResponseSchema } from '../src/shared/sync/protocol.ts';
import { parsePullResponse } from '../src/shared/sync/pull-answer.ts';
import { pullAnswer, pulledOp } from './sync-pull-fixtures.ts';

// The fast check of pull answers (the schema compiled) must read exactly what the schema reads: the same
// object for a good answer (unknown keys dropped, keys in the schema's order), and for a bad one
// the schema's own error.

const op = pulledOp;
const answer = pullAnswer;

function schemaError(value: unknown): string {
  try {
    pullResponseSchema.parse(value);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the schema accepted it');
}

describe('pull answers read by the compiled schema', () => {
  it('give the schema’s object for a good answer, unknown keys dropped, keys in the same order', () => {
    const value = answer(
      [
        { serverSeq: 5, op: op(1) },
        { serverSeq: 6, op: op(2, { legacy: true, extra: 'dropped' }), note: 'dropped' },
        { serverSeq: 7, op: { extra: 1, ...op(3, { legacy: false }) } },
      ],
      { newer: 'dropped' },
    );
    const mine = parsePullResponse(value);
    const theirs = pullResponseSchema.parse(value);
    expect(mine).toStrictEqual(theirs);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
    expect(JSON.stringify(parsePullResponse(answer([])))).toBe(JSON.stringify(pullResponseSchema.parse(answer([]))));
  });

  const broken: [string, unknown][] = [
    ['not an object', 'ops'],
    ['ops missing', { after: 0, next: 0, more: false, serverTime: 'x' }],
    ['after not an integer', answer([], { after: 1.5 })],
    ['next beyond safe integers', answer([], { next: 2 ** 60 })],
    ['more not a boolean', answer([], { more: 'no' })],
    ['serverSeq zero', answer([{ serverSeq: 0, op: op(1) }])],
    ['op missing', answer([{ serverSeq: 5 }])],
    ['empty id', answer([{ serverSeq: 5, op: op(1, { id: '' }) }])],
    ['id too long', answer([{ serverSeq: 5, op: op(1, { id: 'x'.repeat(65) }) }])],
    ['seq negative', answer([{ serverSeq: 5, op: op(1, { seq: -1 }) }])],
    ['bad clock', answer([{ serverSeq: 5, op: op(1, { hlc: '1.2.station' }) }])],
    ['clock with a line break', answer([{ serverSeq: 5, op: op(1, { hlc: '000001700000000.000001.a\nb' }) }])],
    ['upper-case hash', answer([{ serverSeq: 5, op: op(1, { hash: 'AB'.repeat(32) }) }])],
    ['short previous hash', answer([{ serverSeq: 5, op: op(1, { prevHash: '0'.repeat(63) }) }])],
    ['changes not text', answer([{ serverSeq: 5, op: op(1, { changes: [] }) }])],
    ['schema as text', answer([{ serverSeq: 5, op: op(1, { schema: '13' }) }])],
    ['legacy as text', answer([{ serverSeq: 5, op: op(1, { legacy: 'yes' }) }])],
    ['actor missing', answer([{ serverSeq: 5, op: { ...op(1), actor: undefined } }])],
    ['operation too long', answer([{ serverSeq: 5, op: op(1, { operation: 'o'.repeat(101) }) }])],
  ];
  it.each(broken)('refuse what the schema refuses, with its error: %s', (_why, value) => {
    expect(() => parsePullResponse(value)).toThrow(ZodError);
    expect(() => parsePullResponse(value)).toThrow(schemaError(value));
  });
});
