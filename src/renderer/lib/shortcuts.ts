import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts as data: "alt+1", "ctrl+enter", "ctrl+s", "f1", "n". A combination with
 * Ctrl, Alt or Meta, or a function key, works everywhere (also while typing in a field); a
 * plain letter only when the focus is not in an editable field, so typing never triggers it.
 */
export type ShortcutMap = Readonly<Record<string, (event: KeyboardEvent) => void>>;

export function comboOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('ctrl');
  if (event.altKey) parts.push('alt');
  if (event.shiftKey && event.key.length > 1) parts.push('shift');
  // With Alt held, some layouts turn a digit into another character: read the physical key.
  let key = event.key.toLowerCase();
  if (/^Digit\d$/.test(event.code)) key = event.code.slice(5);
  else if (/^Key[A-Z]$/.test(event.code) && (event.altKey || event.ctrlKey || event.metaKey)) key = event.code.slice(3).toLowerCase();
  parts.push(key);
  return parts.join('+');
}

export function needsModifier(combo: string): boolean {
  return /^(ctrl|alt)\+/.test(combo) || /^f\d{1,2}$/.test(combo) || combo === 'escape';
}

export function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable;
}

/** Shows a combination the way a person reads it: "Alt+1", "Ctrl+Enter", "F1", "N". */
export function keyLabel(combo: string, mac = false): string {
  return combo
    .split('+')
    .map((p) => (p === 'ctrl' ? (mac ? '⌘' : 'Ctrl') : p === 'alt' ? (mac ? '⌥' : 'Alt') : p.length === 1 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
    .join('+');
}

/** Registers shortcuts while the component is mounted; `enabled` false pauses them (e.g. under a modal). */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const latest = useRef(map);
  latest.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const combo = comboOf(event);
      const handler = latest.current[combo];
      if (!handler) return;
      if (!needsModifier(combo) && isEditable(event.target)) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
