// Reading PDFs back the way a person would see them: text through pdftotext (poppler-utils),
// pages as PNG through pdftoppm, barcodes decoded from those pixels by zbarimg (zbar-tools).

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function withPdf<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page; pages are split on form feeds. */
export function pdfPages(pdf: Buffer, layout = false): string[] {
  const text = withPdf(pdf, (file) => run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']));
  return text.split('\f').slice(0, -1);
}

export function pdfText(pdf: Buffer): string {
  return pdfPages(pdf).join('\n');
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = withPdf(pdf, (file) => run('pdfinfo', [file]));
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** The fonts pdffonts lists, with whether each is embedded and subset. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean; subset: boolean }[] {
  const out = withPdf(pdf, (file) => run('pdffonts', [file]));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type [encoding…] emb sub uni object ID
      const n = cols.length;
      return { name: cols[0]!, embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
    });
}

/**
 * Renders pages to PNG at `dpi`, decodes every barcode on them, and (with `saveAs`) keeps the
 * PNGs as `<saveAs>-<page>.png` to be looked at.
 */
export function pdfBarcodes(pdf: Buffer, options: { dpi?: number; saveAs?: string; firstPageOnly?: boolean } = {}): string[] {
  return withPdf(pdf, (file, dir) => {
    run('pdftoppm', ['-r', String(options.dpi ?? 200), '-png', ...(options.firstPageOnly ? ['-f', '1', '-l', '1'] : []), file, join(dir, 'page')]);
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    const codes: string[] = [];
    for (const png of pngs) {
      const r = spawnSync('zbarimg', ['--raw', '-q', join(dir, png)], { encoding: 'utf8' });
      // zbarimg exits 4 when a page holds no barcode.
      if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg failed: ${r.stderr}`);
      codes.push(...r.stdout.split('\n').filter(Boolean));
      if (options.saveAs) {
        mkdirSync(join(options.saveAs, '..'), { recursive: true });
        copyFileSync(join(dir, png), `${options.saveAs}-${png.replace(/^page-0*/, '')}`);
      }
    }
    return codes;
  });
}
