import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OpInput, OpName, OpResult } from '../../shared/contract/index.ts';
import type { AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';

type PagedOp = { [N in OpName]: OpResult<N> extends { items: unknown[]; nextCursor: string | null } ? N : never }[OpName];
type Item<N extends PagedOp> = OpResult<N>['items'][number];

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
    client.call(op, JSON.parse(key) as OpInput<N>).then(
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
