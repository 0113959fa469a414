import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No string-built SQL in src/main. Queries go through Kysely (values are always parameters) or
 * cached prepared statements with `?` parameters. This scan parses every source file and refuses:
 *  - sql.raw / sql.lit / sql.id (text spliced into SQL);
 *  - .exec(...) on a database (runs unparameterised SQL) outside the migrator;
 *  - prepare(...) with anything but a literal (or a const holding one), outside the few
 *    files whose SQL is built from our own typed table and column names;
 *  - sql.ref / sql.table with a non-literal name outside the search helpers that take names
 *    from code, never from input.
 */

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src', 'main');

/** Files allowed to pass non-literal SQL text to prepare(), and why. */
const PREPARE_BUILDERS = new Set([
  'src/main/db/connection.ts', // the statement cache itself
  'src/main/db/transaction.ts', // runs text compiled by Kysely or built by row-sql from typed names
  'src/main/db/journal.ts', // multi-row journal inserts: a constant column list and ? placeholders only
  'src/main/exchange/ledger-export.ts', // table and column names from sqlite_master / EXPORTED_TABLES, quoted
  'src/main/exchange/import.ts', // a helper whose callers pass literals
  'src/main/sync/merge-row.ts', // a pulled change's table and columns, checked against the journaled tables and their real columns, quoted
  'src/main/db/search-deferral.ts', // its WRITES: a constant list of literal statements
  'src/main/sync/after-merge.ts', // multi-row stock level inserts: a constant column list and ? placeholders only
  'src/main/sync/applied-chain.ts', // multi-row sync_applied inserts: a constant column list and ? placeholders only
  'src/main/sync/held-inserts.ts', // a pulled batch's new rows many per statement: insert text from row-sql for table and columns merge-row checked against the schema, and multi-row sync_clock upserts with a constant column list and ? placeholders only
]);
const IDENTIFIER_BUILDERS = new Set(['src/main/services/paging.ts', 'src/main/services/order-list.ts']);
/** Files that assemble statement text from our own typed table and column names (quoted), never from input. */
const SQL_TEXT_BUILDERS = new Set([
  'src/main/db/row-sql.ts',
  'src/main/db/write-tx.ts',
  'src/main/db/journal.ts',
  'src/main/exchange/ledger-export.ts',
  'src/main/sync/merge-row.ts',
  'src/main/sync/after-merge.ts',
  'src/main/sync/applied-chain.ts',
  'src/main/sync/held-inserts.ts',
]);
const EXEC_ALLOWED = new Set(['src/main/db/migrator.ts']);

function isLiteral(node: ts.Node, consts: ReadonlyMap<string, ts.Expression>): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (ts.isIdentifier(node)) {
    const init = consts.get(node.text);
    return init !== undefined && isLiteral(init, new Map());
  }
  return false;
}

export function sqlViolations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const consts = new Map<string, ts.Expression>();
  const found: string[] = [];
  const where = (n: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const localPrepare = /function prepare\(/.test(text);
  const visit = (node: ts.Node): void => {
    // SQL text assembled from pieces: a template with substitutions that reads as a statement.
    if (ts.isTemplateExpression(node) && /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH)\b/i.test(node.head.text) && !SQL_TEXT_BUILDERS.has(file)) {
      found.push(`${where(node)} SQL text built with a template`);
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isVariableDeclarationList(node.parent) && node.parent.flags & ts.NodeFlags.Const) {
      consts.set(node.name.text, node.initializer);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression.getText(source) : '';
      const arg = node.arguments[0];
      if (receiver === 'sql' && ['raw', 'lit', 'id'].includes(name)) found.push(`${where(node)} sql.${name}() splices text into SQL`);
      if (name === 'exec' && !ts.isRegularExpressionLiteral(ts.isPropertyAccessExpression(callee) ? callee.expression : callee) && !EXEC_ALLOWED.has(file)) {
        found.push(`${where(node)} .exec() runs unparameterised SQL`);
      }
      if (name === 'prepare' && !(localPrepare && ts.isIdentifier(callee)) && arg !== undefined && !isLiteral(arg, consts) && !PREPARE_BUILDERS.has(file)) {
        found.push(`${where(node)} prepare() with SQL text that is not a literal`);
      }
      if (receiver === 'sql' && (name === 'ref' || name === 'table') && arg !== undefined && !isLiteral(arg, consts) && !IDENTIFIER_BUILDERS.has(file)) {
        found.push(`${where(node)} sql.${name}() with a name that is not a literal`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('no string-built SQL in src/main', () => {
  it('every file passes the scan', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const problems = files.flatMap((f) => sqlViolations(relative(ROOT, f).split('\\').join('/'), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the scan catches each forbidden form', () => {
    const bad = [
      "db.selectFrom('product').where(sql.raw(`name = '${term}'`))",
      "raw.exec(`DELETE FROM product WHERE sku = '${sku}'`)",
      "ledger.prepare('SELECT * FROM product WHERE sku = ' + sku).get()",
      'ledger.prepare(`SELECT * FROM ${table}`).all()',
      'sql`SELECT * FROM ${sql.table(input.table)}`',
      "sql`x = ${sql.lit(value)}`",
    ];
    for (const code of bad) expect(sqlViolations('src/main/services/x.ts', code).length, code).toBeGreaterThanOrEqual(1);
    expect(sqlViolations('src/main/services/x.ts', 'const q = `SELECT * FROM t WHERE a = ${v}`;')).toHaveLength(1);
    const good = [
      "ledger.prepare('SELECT * FROM product WHERE sku = ?').get(sku)",
      "const Q = 'SELECT 1'; ledger.prepare(Q).get()",
      "db.selectFrom('product').where('sku', '=', term)",
      "sql`lower(${sql.ref('product.name')}) = ${needle}`",
      '/^a$/.exec(text)',
    ];
    for (const code of good) expect(sqlViolations('src/main/services/x.ts', code), code).toEqual([]);
  });
});
