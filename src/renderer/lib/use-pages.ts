import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OpInput, OpName, OpResult } from '../../shared/contract/index.ts';
import type { AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';

type PagedOp = { [N in OpName]: OpResult<N> extends { items: unknown[]; nextCursor: string | null } ? N : never }[OpName];
type Item<N extends PagedOp> = OpResult<N>['items'][number];

/** A first page asked for in an input's own event, before the screen has drawn what was typed. */
let early: { readonly op: string; readonly key: string; readonly answer: Promise<unknown> } | undefined;

/**
 * Asks for the first page of `input` now, from the event that changes it: the screen then
 * draws the key typed while the ledger already searches, instead of asking only once that
 * drawing is done. The next `usePages` of the same op and input takes this answer instead of
 * asking again. It keeps until the event's task ends: a key that changes nothing (one letter
 * of a search that starts at two) leaves nothing behind for a later reload to take.
 */
export function prefetchFirstPage<N extends PagedOp>(op: N, input: Omit<OpInput<N>, 'cursor'>): void {
  const key = JSON.stringify(input);
  const mine = { op, key, answer: client.call(op, JSON.parse(key) as OpInput<N>) };
  // Taken or not, a failure is reported by whoever takes it; an unused one must not be unhandled.
  mine.answer.catch(() => {});
  early = mine;
  setTimeout(() => {
    if (early === mine) early = undefined;
  });
}

function takeEarly(op: string, key: string): Promise<unknown> | undefined {
  if (early?.op !== op) return undefined;
  const found = early.key === key ? early.answer : undefined;
  early = undefined;
  return found;
}

/**
 * Keyset paging: the first page loads whenever the filters change; `more()` appends the next
 * page by cursor (every page costs the same however deep). Answers for older filters are dropped.
 * Each first page marks `rows:<op>` on the performance timeline once its rows are in the page
 * (detail: the filters it answers), so the UI benchmark and DevTools see when a screen caught up.
 */
export function usePages<N extends PagedOp>(op: N, input: Omit<OpInput<N>, 'cursor'>) {
  const key = JSON.stringify(input);
  const [items, setItems] = useState<Item<N>[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | undefined>();
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const busy = useRef(false);
  const shownKey = useRef<string | null>(null);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    busy.current = true;
    (takeEarly(op, key) ?? client.call(op, JSON.parse(key) as OpInput<N>)).then(
      (page) => {
        if (mine !== seq.current) return;
        const p = page as unknown as { items: Item<N>[]; nextCursor: string | null };
        shownKey.current = key;
        setItems(p.items);
        setCursor(p.nextCursor);
        setError(undefined);
        setLoading(false);
        busy.current = false;
      },
      (e: AppError) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
        busy.current = false;
      },
    );
  }, [op, key, tick]);

  // A layout effect runs after the rows are in the DOM and before the browser paints them.
  useLayoutEffect(() => {
    if (shownKey.current === null) return;
    // One mark per list kept: the timeline would otherwise grow with every key typed all day.
    performance.clearMarks(`rows:${op}`);
    performance.mark(`rows:${op}`, { detail: shownKey.current });
    shownKey.current = null;
  }, [items, op]);

  const more = useCallback(() => {
    if (busy.current || cursor === null) return;
    const mine = seq.current;
    busy.current = true;
    client.call(op, { ...(JSON.parse(key) as object), cursor } as OpInput<N>).then(
      (page) => {
        busy.current = false;
        if (mine !== seq.current) return;
        const p = page as unknown as { items: Item<N>[]; nextCursor: string | null };
        setItems((old) => [...old, ...p.items]);
        setCursor(p.nextCursor);
      },
      (e: AppError) => {
        busy.current = false;
        if (mine === seq.current) setError(e);
      },
    );
  }, [op, key, cursor]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { items, hasMore: cursor !== null, loading, error, more, reload };
}
