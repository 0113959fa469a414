import type { TFunction } from 'i18next';

/** Words for codes the ledger stores (approval reasons, actors, channels); unknown codes show as they are. */
function known(t: TFunction, group: string, code: string): string {
  const key = `detail.${group}.${code}`;
  return t(key, { defaultValue: code });
}

export const approvalReasonLabel = (t: TFunction, code: string) => known(t, 'reasons', code);
export const actorLabel = (t: TFunction, id: string) => known(t, 'actors', id);
export const channelLabel = (t: TFunction, code: string) => known(t, 'channels', code);
