import type { LedgerClient } from './client.ts';
import { appErrorFrom } from './client.ts';
import { AppError } from './errors.ts';

/** Where every operation is served over HTTP: `POST <base>/api/v1/<operation>`. */
export const API_PATH = '/api/v1';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}>;

/**
 * The contract over HTTP JSON, for the renderer in browser mode, integrations and tests.
 * `baseUrl` is '' in the browser (same origin) or `http://127.0.0.1:4321` elsewhere.
 */
export function createHttpClient(baseUrl: string, fetchImpl: FetchLike, extraHeaders: () => Record<string, string> = () => ({})): LedgerClient {
  return {
    async call(op, input) {
      let text: string;
      let ok: boolean;
      let status: number;
      try {
        const response = await fetchImpl(`${baseUrl}${API_PATH}/${op}`, {
          method: 'POST',
          // Integrations and tests send `authorization: Bearer <token>` here; browsers use the session cookie.
          headers: { 'content-type': 'application/json', ...extraHeaders() },
          body: JSON.stringify(input ?? {}),
        });
        ok = response.ok;
        status = response.status;
        text = await response.text();
      } catch (e) {
        throw new AppError({ code: 'internal', message: 'The ledger could not be reached', details: { reason: String(e), network: true } });
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError({ code: 'internal', message: `The ledger answered ${status} with a body that is not JSON` });
      }
      if (ok) return body as never;
      throw appErrorFrom((body as { error?: unknown }).error, `The ledger answered ${status}`);
    },
  };
}
