import { isAppError } from '../../shared/errors.ts';
import type { Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { documentRoute } from '../documents/print.ts';

const STATUS: Readonly<Record<string, number>> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409 };

/** The document route on the app scheme: app://shopledger/api/v1/documents/<kind>/<id>.pdf?lang=. */
export function documentResponse(dispatcher: Dispatcher, callerFor: () => Promise<Caller>): (url: URL) => Promise<Response> {
  const route = documentRoute(dispatcher);
  return async (url) => {
    const [kind = '', file = ''] = url.pathname.replace(/^\/api\/v1\/documents\//, '').split('/');
    try {
      const doc = await route(kind, decodeURIComponent(file).replace(/\.pdf$/, ''), url.searchParams.get('lang') ?? undefined, await callerFor());
      return new Response(new Uint8Array(doc.pdf), { headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${doc.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"` } });
    } catch (e) {
      const body = isAppError(e) ? e.toJSON() : { code: 'internal', message: 'Internal error' };
      return new Response(JSON.stringify({ error: body }), { status: isAppError(e) ? (STATUS[e.code] ?? 500) : 500, headers: { 'content-type': 'application/json' } });
    }
  };
}
