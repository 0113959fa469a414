import { v7 } from 'uuid';

/** Time-ordered ids made wherever a record is made, so offline stations never collide. */
export function newId(): string {
  return v7();
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
