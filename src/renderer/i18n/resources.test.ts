import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zh } from './zh.ts';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

// Words a Chinese screen may show in Latin letters: key names printed on the keys themselves,
// and shop platforms' brand names, which are written the same in Chinese; and file formats.
const ALLOWED_LATIN = /\b(Ctrl|Alt|Enter|F1|Shopify|WooCommerce|CSV|XLSX|UBL|XML)\b/g;

describe('language resources', () => {
  const enLeaves = new Map(leaves(en));
  const zhLeaves = new Map(leaves(zh as unknown as Tree));

  it('have the same keys in both languages', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of enLeaves) expect(names(zhLeaves.get(key)!), key).toEqual(names(text));
  });

  it('leave no English in the Chinese strings', () => {
    const stray = [...zhLeaves].filter(([, text]) => /[A-Za-z]/.test(text.replace(/{{\w+}}/g, '').replace(ALLOWED_LATIN, '')));
    expect(stray).toEqual([]);
  });

  it('are never empty', () => {
    for (const [key, text] of [...enLeaves, ...zhLeaves]) expect(text.trim(), key).not.toBe('');
  });
});
