import { describe, expect, it } from 'vitest';
import { newId, UUID_PATTERN } from './ids.ts';

describe('newId', () => {
  it('makes distinct version-7 ids that sort in the order they were made, across random-pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(UUID_PATTERN);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
  });
});
