/** What the count sheet's header says: lines counted, and how many differ up or down (in units). */
export type CountLine = { readonly countedQty: number | null; readonly difference: number | null };

export function countSummary(lines: readonly CountLine[]): { lines: number; counted: number; differing: number; over: number; short: number } {
  let counted = 0;
  let differing = 0;
  let over = 0;
  let short = 0;
  for (const l of lines) {
    if (l.countedQty === null) continue;
    counted += 1;
    const d = l.difference ?? 0;
    if (d !== 0) differing += 1;
    if (d > 0) over += d;
    else short -= d;
  }
  return { lines: lines.length, counted, differing, over, short };
}
