import { describe, expect, it } from 'vitest';
import { addPoProduct, poDraftFrom, poDraftTotal, poLinesInput, removePoLine, setPoCost, setPoQuantity, withSupplierPrices, type PoDraftLine } from './po-draft.ts';

const tea = { id: '0190f4a0-0000-7000-8000-000000000001', sku: 'TEA-1', name: 'Tea' };
const cup = { id: '0190f4a0-0000-7000-8000-000000000002', sku: 'CUP-1', name: 'Cup' };
const fujian = new Map([[tea.id, 1500]]);
const other = new Map<string, number | null>([[tea.id, 1400], [cup.id, 380]]);

describe('purchase order draft', () => {
  it("adds a product once, counts further scans, and takes the supplier's last price", () => {
    let lines: PoDraftLine[] = addPoProduct([], tea, fujian);
    lines = addPoProduct(lines, tea, fujian);
    lines = addPoProduct(lines, cup, fujian);
    expect(lines.map((l) => [l.sku, l.quantity, l.unitCost])).toEqual([['TEA-1', 2, 1500], ['CUP-1', 1, undefined]]);
    // The cup has no price yet: the total leaves it out and says so; the ledger will cost it.
    expect(poDraftTotal(lines)).toEqual({ total: 3000, complete: false });
    expect(poLinesInput(lines)).toEqual([{ productId: tea.id, quantity: 2, unitCost: 1500 }, { productId: cup.id, quantity: 1 }]);
  });

  it('keeps typed costs when the supplier changes and follows the new prices otherwise', () => {
    let lines = addPoProduct(addPoProduct([], tea, fujian), cup, fujian);
    lines = setPoCost(setPoQuantity(lines, 1, 24), 1, 450, fujian);
    expect(poDraftTotal(lines)).toEqual({ total: 1500 + 24 * 450, complete: true });
    const moved = withSupplierPrices(lines, other);
    expect(moved.map((l) => l.unitCost)).toEqual([1400, 450]);
    // Clearing a typed cost goes back to the supplier's price.
    expect(setPoCost(moved, 1, undefined, other)[1]).toMatchObject({ unitCost: 380, costTyped: false });
    expect(removePoLine(moved, 0).map((l) => l.sku)).toEqual(['CUP-1']);
  });

  it('edits a saved draft with its saved costs', () => {
    const lines = poDraftFrom({ lines: [{ productId: tea.id, sku: 'TEA-1', name: 'Tea', quantity: 10, unitCost: 1550 }] });
    expect(withSupplierPrices(lines, fujian)[0]!.unitCost).toBe(1550);
    expect(poLinesInput(lines)).toEqual([{ productId: tea.id, quantity: 10, unitCost: 1550 }]);
  });
});
