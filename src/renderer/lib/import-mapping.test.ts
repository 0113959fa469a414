import { describe, expect, it } from 'vitest';
import { builtInPreset } from '../../shared/imports/presets.ts';
import { definitionOf, guessMapping, mappingFromPreset, missingFields, toBase64 } from './import-mapping.ts';

const shopifyHeader = ['Name', 'Email', 'Financial Status', 'Currency', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Shipping Name'];

describe('import mapping', () => {
  it('takes a preset\u2019s columns as this file names them, and lists what is still missing', () => {
    const preset = builtInPreset('shopify-orders')!;
    const mapping = mappingFromPreset(preset, shopifyHeader);
    expect(mapping).toMatchObject({ externalRef: 'Name', email: 'Email', sku: 'Lineitem sku', quantity: 'Lineitem quantity' });
    expect(missingFields('orders', mapping)).toEqual([]);
    const def = definitionOf('orders', mapping, preset);
    expect(def).toMatchObject({ kind: 'orders', channel: 'shopify', groupBy: 'externalRef' });
    expect(def.columns.sku).toBe('Lineitem sku');
  });

  it('guesses columns named like a field and groups order lines by the order id', () => {
    const mapping = guessMapping('orders', ['external_ref', 'SKU', 'Quantity', 'Other']);
    expect(mapping).toEqual({ externalRef: 'external_ref', sku: 'SKU', quantity: 'Quantity' });
    expect(missingFields('products', guessMapping('products', ['sku']))).toEqual(['name', 'price']);
    expect(definitionOf('orders', mapping)).toEqual({ kind: 'orders', columns: mapping, groupBy: 'externalRef' });
    expect(definitionOf('products', { sku: 'A', name: '' })).toEqual({ kind: 'products', columns: { sku: 'A' } });
  });

  it('encodes any bytes as base64', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0xd6, 0xd0, 0x00, 0xff]);
    expect(toBase64(bytes)).toBe('77u/1tAA/w==');
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const back = Uint8Array.from(atob(toBase64(big)), (ch) => ch.charCodeAt(0));
    expect(back).toEqual(big);
  });
});
