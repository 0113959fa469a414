/**
 * The user guide (docs/guide/<lang>.md) split into the sections F1 opens. A section starts
 * with a marker line `<!-- help:NAME -->` and runs to the next marker.
 */
export type GuideBlock =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'item'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly alt: string; readonly src: string };

export function guideSection(markdown: string, name: string): GuideBlock[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `<!-- help:${name} -->`);
  if (start < 0) return [];
  const blocks: GuideBlock[] = [];
  for (const raw of lines.slice(start + 1)) {
    const line = raw.trim();
    if (line.startsWith('<!-- help:')) break;
    if (line === '' || line.startsWith('<!--')) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const image = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(line);
    if (heading) blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    else if (image) blocks.push({ kind: 'image', alt: image[1]!, src: image[2]! });
    else if (/^(-|\*|\d+\.)\s+/.test(line)) blocks.push({ kind: 'item', text: line.replace(/^(-|\*|\d+\.)\s+/, '') });
    else blocks.push({ kind: 'text', text: line });
  }
  return blocks;
}

/** Inline markdown the guide uses (`code`, **bold**) reduced to plain text for the drawer. */
export function plainInline(text: string): string {
  return text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}
