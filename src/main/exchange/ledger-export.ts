import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openLedger, openRawDatabase } from '../db/connection.ts';
import { LATEST_LEDGER_VERSION } from '../db/migrator.ts';
import { JOURNALED_TABLES } from '../db/schema.ts';

/**
 * The full export of a ledger: the migration and exit path. One JSON-lines file per table (every
 * journaled table and the journal itself; one row per line, columns by name, with the row's
 * rowid, which the FTS indexes are keyed by) and manifest.json (format, schema version, row
 * counts and a SHA-256 per file, and the journal head). Derived tables (FTS, orders by product)
 * are not exported: importing rebuilds them through their triggers.
 *
 * Importing creates a new ledger file with the same schema version and inserts every row in one
 * transaction (foreign keys checked at commit), so the new ledger is identical table by table
 * and its journal chain verifies.
 */

export const EXPORT_FORMAT = 'shopledger-ledger-export';
export const EXPORT_FORMAT_VERSION = 1;
/**
 * The journaled tables, the journal, then this station's integration state that is not
 * journaled (the webhook outbox, deliveries and their log, idempotency keys).
 */
export const EXPORTED_TABLES: readonly string[] = [...JOURNALED_TABLES, 'journal', 'webhook_event', 'webhook_delivery', 'webhook_attempt', 'idempotency_key', 'user_session', 'sync_state', 'sync_clock', 'sync_applied', 'sync_issue'];

/** Tables declared WITHOUT ROWID have no rowid to keep. */
const hasRowid = (raw: { prepare(sql: string): unknown }, table: string): boolean => {
  try {
    raw.prepare(`SELECT rowid FROM "${table}" LIMIT 0`);
    return true;
  } catch {
    return false;
  }
};

export type ExportManifest = {
  readonly format: typeof EXPORT_FORMAT;
  readonly formatVersion: number;
  readonly schemaVersion: number;
  readonly exportedAt: string;
  readonly journalHead: { readonly seq: number; readonly hash: string } | null;
  readonly tables: readonly { readonly name: string; readonly file: string; readonly rows: number; readonly sha256: string }[];
};

export class LedgerExportError extends Error {}

const ROWID = '__rowid';

/** Writes the export into `dir` (created; must be empty) from one consistent snapshot. */
export async function exportLedger(ledgerFile: string, dir: string, now = new Date()): Promise<ExportManifest> {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new LedgerExportError(`${dir} is not empty; export into a new folder.`);
  const raw = openRawDatabase(ledgerFile, { readonly: true });
  try {
    const schemaVersion = raw.pragma('user_version', { simple: true }) as number;
    if (schemaVersion !== LATEST_LEDGER_VERSION) throw new LedgerExportError(`The ledger is at schema ${schemaVersion}; open it with this version once (to migrate it) before exporting.`);
    raw.prepare('BEGIN').run();
    try {
      const tables = [];
      for (const name of EXPORTED_TABLES) {
        const file = `${name}.jsonl`;
        const out = createWriteStream(join(dir, file));
        const hash = createHash('sha256');
        let rows = 0;
        const sql = hasRowid(raw, name) ? `SELECT rowid AS ${ROWID}, * FROM "${name}" ORDER BY rowid` : `SELECT * FROM "${name}" ORDER BY 1, 2`;
        for (const row of raw.prepare(sql).iterate()) {
          const line = `${JSON.stringify(row)}\n`;
          hash.update(line);
          rows++;
          if (!out.write(line)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        tables.push({ name, file, rows, sha256: hash.digest('hex') });
      }
      const head = raw.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const manifest: ExportManifest = { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, schemaVersion, exportedAt: now.toISOString(), journalHead: head ?? null, tables };
      writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } finally {
      raw.prepare('ROLLBACK').run();
    }
  } finally {
    raw.close();
  }
}

function readManifest(dir: string): ExportManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new LedgerExportError(`${dir} has no manifest.json: it is not a ledger export.`);
  let m: ExportManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as ExportManifest;
  } catch {
    throw new LedgerExportError('manifest.json is not valid JSON.');
  }
  if (m.format !== EXPORT_FORMAT || m.formatVersion !== EXPORT_FORMAT_VERSION) throw new LedgerExportError('manifest.json is not a ledger export this version can read.');
  if (m.schemaVersion !== LATEST_LEDGER_VERSION) throw new LedgerExportError(`The export is of schema ${m.schemaVersion}; this version imports schema ${LATEST_LEDGER_VERSION} only.`);
  const names = m.tables.map((t) => t.name);
  if (names.join() !== EXPORTED_TABLES.join()) throw new LedgerExportError(`The export lists tables ${names.join(', ')}; expected ${EXPORTED_TABLES.join(', ')}.`);
  return m;
}

/**
 * Builds a new ledger at `ledgerFile` (which must not exist) from an export. Every file is
 * checked against the manifest's hash and row count before anything is committed; on any
 * failure the transaction rolls back and the new file is removed again.
 */
export async function importLedger(dir: string, ledgerFile: string): Promise<{ tables: number; rows: number }> {
  const manifest = readManifest(dir);
  if (existsSync(ledgerFile)) throw new LedgerExportError(`${ledgerFile} already exists; a ledger export is imported into a new file only.`);
  const ledger = openLedger(ledgerFile);
  const raw = ledger.raw;
  let total = 0;
  let ok = false;
  try {
    raw.prepare('BEGIN IMMEDIATE').run();
    try {
      // Orders point at orders inserted later (merged into, split from): check at commit.
      raw.pragma('defer_foreign_keys = ON');
      for (const table of manifest.tables) {
        const columns = (raw.prepare(`SELECT name FROM pragma_table_info(?)`).all(table.name) as { name: string }[]).map((c) => c.name);
        const withRowid = hasRowid(raw, table.name);
        const insert = raw.prepare(
          `INSERT INTO "${table.name}" (${[...(withRowid ? ['rowid'] : []), ...columns.map((c) => `"${c}"`)].join(', ')}) VALUES (${[...(withRowid ? ['?'] : []), ...columns.map(() => '?')].join(', ')})`,
        );
        const hash = createHash('sha256');
        let rows = 0;
        const lines = createInterface({ input: createReadStream(join(dir, table.file), { encoding: 'utf8' }), crlfDelay: Infinity });
        for await (const line of lines) {
          hash.update(`${line}\n`);
          rows++;
          let row: Record<string, unknown>;
          try {
            row = JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new LedgerExportError(`${table.file} line ${rows} is not valid JSON.`);
          }
          const extra = Object.keys(row).filter((k) => k !== ROWID && !columns.includes(k));
          if (extra.length > 0) throw new LedgerExportError(`${table.file} line ${rows} has unknown columns ${extra.join(', ')}.`);
          const values = columns.map((c) => row[c] ?? null);
          insert.run(...(withRowid ? [row[ROWID], ...values] : values));
        }
        if (rows !== table.rows || hash.digest('hex') !== table.sha256) throw new LedgerExportError(`${table.file} does not match the manifest (changed or cut short); nothing was imported.`);
        total += rows;
      }
      raw.prepare('COMMIT').run();
      ok = true;
    } catch (e) {
      if (raw.inTransaction) raw.prepare('ROLLBACK').run();
      throw e;
    }
  } finally {
    await ledger.close();
    if (!ok) for (const f of [ledgerFile, `${ledgerFile}-wal`, `${ledgerFile}-shm`]) rmSync(f, { force: true });
  }
  return { tables: manifest.tables.length, rows: total };
}
