import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpInput, OpName, OpResult } from '../../shared/contract/index.ts';
import type { AppError } from '../../shared/errors.ts';
import { client } from './client.ts';

export type OpState<N extends OpName> = {
  readonly data: OpResult<N> | undefined;
  readonly error: AppError | undefined;
  readonly loading: boolean;
  reload(): void;
};

/**
 * Runs a read operation whenever its input changes (compared as JSON). A late answer to an
 * older input is dropped, so fast typing never shows stale rows.
 */
export function useOp<N extends OpName>(op: N, input: OpInput<N> | null): OpState<N> {
  const key = input === null ? null : JSON.stringify(input);
  const [state, setState] = useState<{ data?: OpResult<N>; error?: AppError; loading: boolean }>({ loading: input !== null });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    client.call(op, JSON.parse(key) as OpInput<N>).then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: AppError) => mine === seq.current && setState({ error, loading: false }),
    );
  }, [op, key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
