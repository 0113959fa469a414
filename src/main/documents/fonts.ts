import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';

// Noto Sans SC covers Latin and Chinese, so one family prints both languages. pdfkit embeds
// only the glyphs a document uses (a subset), so a page stays a few kilobytes. Only the two
// weights the layouts use are loaded; an installer ships just these two files.
const require = createRequire(import.meta.url);
export const FONT_FILES = {
  normal: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

export const FONT = 'NotoSansSC';

let ready = false;

/** pdfmake's Node instance, set up once: our fonts, no URL fetches, no other local files. */
export function pdfEngine(): typeof pdfmake {
  if (!ready) {
    pdfmake.setFonts({
      [FONT]: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, italics: FONT_FILES.normal, bolditalics: FONT_FILES.bold },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    const allowed = new Set<string>(Object.values(FONT_FILES));
    pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
    ready = true;
  }
  return pdfmake;
}
