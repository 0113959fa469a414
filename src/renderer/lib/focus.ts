/**
 * Puts the cursor in the first field of the dialog that just opened. antd's dialog focuses its
 * own frame when it opens, which would swallow what a fast typist (or a scanner) sends first;
 * this runs after that, from the dialog's afterOpenChange.
 */
export function focusFirstField(open: boolean): void {
  if (!open) return;
  const bodies = document.querySelectorAll<HTMLElement>('.ant-modal-body');
  const body = bodies[bodies.length - 1];
  body?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea, .ant-checkbox-input')?.focus();
}
