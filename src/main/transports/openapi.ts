import { z } from 'zod';
import { CONTRACT, OP_NAMES, type OpName } from '../../shared/contract/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { DOC_KINDS, DOC_LANGS } from '../../shared/documents/view-models.ts';

/**
 * The OpenAPI 3.1 document of the HTTP transport, generated from the same CONTRACT the
 * dispatcher validates against, so the published shapes cannot drift from what is enforced.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which is zod's default target.
 */

export type OpenApiInfo = { readonly title: string; readonly version: string };

/** A place where zod had no JSON Schema for a part of a contract schema and `{}` (any) was used. */
export type SchemaGap = {
  readonly operation: OpName;
  readonly io: 'input' | 'output';
  /** JSON pointer-ish path inside that operation's schema, e.g. `properties/address/...`. */
  readonly path: string;
  readonly reason: string;
};

type JsonSchema = Record<string, unknown>;

export const API_PREFIX = '/api/v1';

const ERROR_STATUSES = {
  '400': 'Invalid input (code invalid); `field` names the first offending input field',
  '401': 'No valid session or API token (code unauthenticated): sign in with session.signIn',
  '403': 'The caller lacks the permission in `x-permission` (code forbidden)',
  '404': 'Unknown operation or a referenced record does not exist (code not_found)',
  '409': 'Conflicts with the current state of the ledger (code conflict or insufficient_stock)',
  '429': 'Too many wrong passwords: wait `details.retryAfterSeconds` (code rate_limited)',
  '500': 'Unexpected failure (code internal); nothing was written',
} as const;

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        field: { type: 'string', description: 'Dotted path of the input field concerned, e.g. lines.0.quantity' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
};

/** Component names may only hold [A-Za-z0-9._-], which op names already satisfy. */
const schemaName = (name: OpName, io: 'input' | 'output'): string => `${name}.${io}`;
const ref = (component: string): JsonSchema => ({ $ref: `#/components/schemas/${component}` });
/** Tags group operations by area: `orders.create` → `orders`. */
const tagOf = (name: OpName): string => name.split('.')[0] ?? name;

function toSchema(name: OpName, io: 'input' | 'output', gaps: SchemaGap[]): JsonSchema {
  const json = z.toJSONSchema(CONTRACT[name][io], {
    io,
    // Transforms (e.g. optional text normalised to null) have no JSON Schema for their output;
    // record each one so the gap is visible instead of silently becoming "anything".
    unrepresentable: ({ path, message }) => {
      gaps.push({ operation: name, io, path: path.join('/'), reason: message });
      return 'any';
    },
  }) as JsonSchema;
  // The document's dialect already says 2020-12; a per-schema $schema is noise to most tools.
  delete json.$schema;
  // `$defs`/`$ref` would resolve against the OpenAPI document root, not this schema. The contract
  // has no registered ids or cycles, so zod inlines everything; fail loudly if that changes.
  if (JSON.stringify(json).includes('"$ref"')) throw new Error(`Schema ${schemaName(name, io)} uses $ref; hoist its $defs into components`);
  return json;
}

type Built = { readonly document: object; readonly gaps: readonly SchemaGap[] };

/** The PDF route beside the operations (see http.ts and documents/print.ts). */
function documentPath(errorResponses: Record<string, unknown>): object {
  return {
    get: {
      operationId: 'documents.pdf',
      summary: 'A document as PDF: packing slip or pick list of an order, an invoice, a credit note, or the labels of a shipment (one page per parcel)',
      tags: ['documents'],
      'x-permission': 'the read permission of the data printed (orders.read, invoices.read)',
      security: [{}, { bearer: [] }],
      parameters: [
        { name: 'kind', in: 'path', required: true, description: 'The document kind', schema: { type: 'string', enum: [...DOC_KINDS] } },
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'Order id (packing-slip, pick-list), invoice id (invoice), credit note id (credit-note) or shipment id (shipping-label)',
          schema: { type: 'string', format: 'uuid' },
        },
        { name: 'lang', in: 'query', required: false, description: "The document's language; the template's when left out", schema: { type: 'string', enum: [...DOC_LANGS] } },
      ],
      responses: {
        '200': {
          description: 'The PDF, inline, with its file name in Content-Disposition',
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errorResponses,
      },
    },
  };
}

function build(info: OpenApiInfo): Built {
  const gaps: SchemaGap[] = [];
  const schemas: Record<string, JsonSchema> = { Error: errorSchema };
  const paths: Record<string, unknown> = {};

  const errorResponses = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [
      status,
      { description, content: { 'application/json': { schema: ref('Error') } } },
    ]),
  );

  for (const name of OP_NAMES) {
    const def = CONTRACT[name];
    schemas[schemaName(name, 'input')] = toSchema(name, 'input', gaps);
    schemas[schemaName(name, 'output')] = toSchema(name, 'output', gaps);
    paths[`${API_PREFIX}/${name}`] = {
      post: {
        operationId: name,
        summary: def.summary,
        tags: [tagOf(name)],
        'x-permission': def.permission,
        'x-kind': def.kind,
        // Public operations (sign in, first-run setup) need nothing; every other one a session
        // (bearer or the browser's cookie) or an API token, from loopback too (see http-auth.ts).
        security: def.permission === 'public' ? [{}] : [{ bearer: [] }],
        ...(def.kind === 'write'
          ? {
              parameters: [
                {
                  name: 'Idempotency-Key',
                  in: 'header',
                  required: false,
                  description: 'A retry with the same key returns the first answer and writes nothing; the key with another request is a conflict.',
                  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
                },
              ],
            }
          : {}),
        requestBody: {
          // The transport treats an empty body as {}, so the body is optional exactly when {} is valid.
          required: !def.input.safeParse({}).success,
          content: { 'application/json': { schema: ref(schemaName(name, 'input')) } },
        },
        responses: {
          '200': { description: 'The result', content: { 'application/json': { schema: ref(schemaName(name, 'output')) } } },
          ...errorResponses,
        },
      },
    };
  }

  paths[`${API_PREFIX}/documents/{kind}/{id}.pdf`] = documentPath(errorResponses);

  paths[`${API_PREFIX}/openapi.json`] = {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['meta'],
      responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  paths[`${API_PREFIX}/health`] = {
    get: {
      operationId: 'health',
      summary: 'Liveness check',
      tags: ['meta'],
      responses: {
        '200': {
          description: 'The server is up',
          content: { 'application/json': { schema: { type: 'object', required: ['ok'], properties: { ok: { const: true } } } } },
        },
      },
    },
  };

  const tags = [...new Set(OP_NAMES.map(tagOf))].map((tag) => ({ name: tag }));

  const document = {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description:
        'Every operation is POST /api/v1/{operation} with a JSON body. Failures return { error: { code, message, field?, issues?, details? } }. ' +
        'Integrations authenticate with Authorization: Bearer <API token>; a call without a token is accepted from loopback only.',
    },
    tags: [...tags, { name: 'meta' }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token made by apiTokens.create, or a session token from session.signIn' } } },
  };
  return { document, gaps };
}

// The contract is fixed for the life of the process, so generating once is enough; keyed by
// info so two callers asking for different titles do not get each other's document.
const cache = new Map<string, Built>();

function cached(info: OpenApiInfo): Built {
  const key = `${info.title}\u0000${info.version}`;
  let built = cache.get(key);
  if (!built) {
    built = build(info);
    cache.set(key, built);
  }
  return built;
}

export function buildOpenApiDocument(info: OpenApiInfo): object {
  return cached(info).document;
}

/** The parts of contract schemas that JSON Schema could not express (documented as "any"). */
export function openApiSchemaGaps(info: OpenApiInfo): readonly SchemaGap[] {
  return cached(info).gaps;
}
