import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * A ledger search behind a select box: each typed term asks the ledger, and only the answer for
 * the latest term is shown. Enter pressed before that answer has come (a scanner or a fast typist
 * is quicker than the round trip) is held and then picks the first match of what was typed,
 * never the first row of an older answer that is still on screen.
 */
export function useTypeAhead<O extends { readonly value: string }>(
  load: (search: string) => Promise<O[]>,
  onPick: (option: O) => void,
  deps: readonly unknown[] = [],
) {
  const [term, setTerm] = useState('');
  const [text, setText] = useState('');
  const [options, setOptions] = useState<O[]>([]);
  const [open, setOpen] = useState(false);
  const answered = useRef<string | null>(null);
  const typed = useRef('');
  const heldEnter = useRef(false);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const mine = ++seq.current;
    const settle = (found: O[]) => {
      if (mine !== seq.current) return;
      answered.current = term;
      setOptions(found);
      if (!heldEnter.current) return;
      heldEnter.current = false;
      const first = found[0];
      if (first) {
        setText('');
        setOpen(false);
        pickRef.current(first);
      }
    };
    loadRef.current(term.trim()).then(settle, () => settle([]));
    // `load` is read through a ref: the caller names in `deps` what else should search again.
  }, [term, ...deps]);

  const onSearch = useCallback((value: string) => {
    typed.current = value;
    setText(value);
    setTerm(value);
  }, []);

  /** Put on an element around the select: runs before the select's own Enter handling. */
  const onKeyDownCapture = useCallback((e: KeyboardEvent) => {
    if (e.key !== 'Enter' || answered.current === typed.current) return;
    e.preventDefault();
    e.stopPropagation();
    heldEnter.current = true;
  }, []);

  /** Call when the select picks an option itself (click, or Enter on a current answer). */
  const picked = useCallback(() => setText(''), []);

  return { options, text, onSearch, onKeyDownCapture, picked, open, setOpen };
}
