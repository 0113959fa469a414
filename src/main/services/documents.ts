import { documentSettings, shopProfile, documentTemplate, type DocumentSettings, type DocumentTemplate } from '../../shared/contract/documents.ts';
import { DOC_KINDS, type DocKind } from '../../shared/documents/view-models.ts';
import { invalid } from '../../shared/errors.ts';
import { renderDocument } from '../documents/render.ts';
import { sampleFor } from '../documents/samples.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';

// The shop profile and one template per document kind, each its own settings row (so two
// stations editing different templates never overwrite each other once they sync). A row that
// was never written reads as the defaults; the first update inserts it.

const PROFILE_KEY = 'documents.profile';
const templateKey = (kind: DocKind) => `documents.template.${kind}`;

export async function readDocumentSettings(db: ReadDb): Promise<DocumentSettings> {
  const rows = await db.selectFrom('setting').select(['id', 'value']).where('id', 'like', 'documents.%').execute();
  const stored = new Map(rows.map((r) => [r.id, JSON.parse(r.value) as unknown]));
  return documentSettings.parse({
    profile: shopProfile.parse(stored.get(PROFILE_KEY) ?? {}),
    templates: Object.fromEntries(DOC_KINDS.map((k) => [k, documentTemplate.parse(stored.get(templateKey(k)) ?? {})])),
  });
}

async function put(ctx: WriteContext, id: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  const row = await ctx.db.selectFrom('setting').select('value').where('id', '=', id).executeTakeFirst();
  if (!row) await ctx.tx.insert('setting', { id, value: json });
  else if (row.value !== json) await ctx.tx.update('setting', id, { value: json });
}

/**
 * A template is saved only if a document prints with it: a logo that is a valid data URL but
 * not a readable image is refused here, naming the field, instead of failing every later print.
 */
async function checkPrintable(kind: DocKind, template: DocumentTemplate): Promise<void> {
  try {
    await renderDocument(sampleFor(kind, template.lang), template);
  } catch (e) {
    throw invalid(template.logo ? 'template.logo' : 'template', `A document does not print with this template: ${(e as Error).message}`);
  }
}

export const documentsHandlers = {
  'documents.settings': (ctx) => readDocumentSettings(ctx.db),
  'documents.updateProfile': async (ctx, input) => {
    await put(ctx, PROFILE_KEY, input);
    return readDocumentSettings(ctx.db);
  },
  'documents.updateTemplate': async (ctx, input) => {
    await checkPrintable(input.kind, input.template);
    await put(ctx, templateKey(input.kind), input.template);
    return readDocumentSettings(ctx.db);
  },
} satisfies Pick<Handlers, 'documents.settings' | 'documents.updateProfile' | 'documents.updateTemplate'>;
