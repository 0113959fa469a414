import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import { shareShapedWords } from './shared-layout.ts';
import { keepSubsetGlyphs } from './subset-glyphs.ts';

// Noto Sans SC covers Latin and Chinese, so one family prints both languages. pdfkit embeds
// only the glyphs a document uses (a subset), so a page stays a few kilobytes. Only the two
// weights the layouts use are loaded; an installer ships just these two files.
const require = createRequire(import.meta.url);
export const FONT_FILES = {
  normal: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

export const FONT = 'NotoSansSC';

// Parsing a 10 MB font is most of the cost of a small PDF: pdfkit reads and parses the file
// again for every document. So each font is read and parsed by fontkit once per process, and
// pdfmake is handed a short token in its virtual file system instead of the file; fontkit (the
// same module pdfkit uses) recognises the token through a registered format and answers with
// the parsed font. Each document still makes its own subset of it. The fonts are the only
// files pdfmake may read; URLs and other local files are refused.

type FontkitFont = object;
type Fontkit = {
  create(buffer: Uint8Array): FontkitFont;
  registerFormat(format: { probe(buffer: Uint8Array): boolean; new (stream: unknown): FontkitFont }): void;
};

const TOKEN_MAGIC = [0x53, 0x4c, 0x46, 0x4e, 0x54]; // "SLFNT"
const parsed: FontkitFont[] = [];

function tokenIndex(buffer: Uint8Array): number {
  if (buffer.length !== TOKEN_MAGIC.length + 1) return -1;
  for (let i = 0; i < TOKEN_MAGIC.length; i++) if (buffer[i] !== TOKEN_MAGIC[i]) return -1;
  return buffer[TOKEN_MAGIC.length]!;
}

class ParsedFontToken {
  static probe(buffer: Uint8Array): boolean {
    const i = tokenIndex(buffer);
    return i >= 0 && i < parsed.length;
  }
  constructor(stream: unknown) {
    const buffer = (stream as { buffer: Uint8Array }).buffer;
    // A constructor may answer with another object: the font parsed at start-up.
    return parsed[tokenIndex(buffer)]!;
  }
}

let ready = false;

/** pdfmake's Node instance, set up once. */
export function pdfEngine(): typeof pdfmake {
  if (!ready) {
    // Resolved from pdfkit, so this is the fontkit instance pdfkit calls.
    const pdfkitRequire = createRequire(require.resolve('pdfkit'));
    const fontkit = pdfkitRequire('fontkit') as Fontkit;
    fontkit.registerFormat(ParsedFontToken);
    const descriptor: Record<string, string> = {};
    for (const [style, file] of Object.entries(FONT_FILES)) {
      const font = fontkit.create(readFileSync(file));
      keepSubsetGlyphs(font);
      parsed.push(font);
      const name = `${FONT}-${style}.ttf`;
      (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs.writeFileSync(name, Buffer.from([...TOKEN_MAGIC, parsed.length - 1]));
      descriptor[style] = name;
    }
    pdfmake.setFonts({
      [FONT]: { normal: descriptor.normal!, bold: descriptor.bold!, italics: descriptor.normal!, bolditalics: descriptor.bold! },
    });
    shareShapedWords();
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
    ready = true;
  }
  return pdfmake;
}
