import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { CSV_DATASETS } from '../shared/contract/reports.ts';
import { isAppError } from '../shared/errors.ts';
import { LOCAL_OWNER } from '../shared/permissions.ts';
import { openApp, type App } from './app.ts';
import { LedgerVersionError } from './db/migrator.ts';
import { ensureElectronBundles, ensureRenderer } from './build.ts';
import { startBackupSchedule } from './backup/schedule.ts';
import { cliKey, isBackupUserError, registerBackupCommands } from './cli-backup.ts';
import { documentRoute, isPrintableKind, printDocuments, PRINTABLE_KINDS } from './documents/print.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoPasswordInUse, seedDemoUsers } from './demo/demo-users.ts';
import { electronBinary, launchElectron } from './electron/launch.ts';
import { importFile, ImportCancelledError, type ImportMode } from './exchange/import.ts';
import { ImportFileError } from './exchange/read-table.ts';
import { exportLedger, importLedger, LedgerExportError } from './exchange/ledger-export.ts';
import { EXPORT_LISTS, exportList, type ExportList } from './exchange/list-export.ts';
import { exportReport } from './exchange/report-export.ts';
import { REPORT_EXPORTS, type ReportExport } from '../shared/contract/report-exports.ts';
import { IMPORT_KINDS, type ImportKind, type ImportPreset } from '../shared/imports/presets.ts';
import { defaultLedgerFile } from './paths.ts';
import { DOC_LANGS, type DocLang } from '../shared/documents/view-models.ts';
import { createHttpServer, listen } from './transports/http.ts';
import { requestCallerFor } from './transports/http-auth.ts';
import { startDeliverer } from './webhooks/deliverer.ts';
import { addSyncCommands } from './cli-sync.ts';
import { syncClientFor } from './sync/setup.ts';

/** Thrown for failures the user can act on: printed as one line, exit code 1. */
class CliError extends Error {}

const isReportExport = (what: string): what is ReportExport => (REPORT_EXPORTS as readonly string[]).includes(what);

function ledgerPath(cmd: Command): string {
  const file = resolve((cmd.optsWithGlobals() as { ledger?: string }).ledger ?? defaultLedgerFile());
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

async function withApp<T>(cmd: Command, fn: (app: App) => Promise<T>): Promise<T> {
  const key = cliKey(cmd);
  const app = await openApp({ file: ledgerPath(cmd), ...(key ? { key } : {}) });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

async function isEmpty(app: App): Promise<boolean> {
  const products = await app.dispatcher.call('products.list', { limit: 1, includeInactive: true }, LOCAL_OWNER);
  return products.items.length === 0;
}

async function seed(app: App, orders: number): Promise<void> {
  let shown = -1;
  const summary = await seedDemo(app, {
    orders,
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 10) * 10;
      if (pct !== shown) {
        shown = pct;
        process.stderr.write(`  demo orders: ${pct}%\n`);
      }
    },
  });
  if ((await app.dispatcher.call('session.status', {}, LOCAL_OWNER)).needsSetup) await seedDemoUsers(app);
  console.log(
    `Demo shop ready: ${summary.products} products, ${summary.warehouses} warehouses, ${summary.customers} customers, ${summary.orders} orders ` +
      `(${Object.entries(summary.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}).`,
  );
}

async function serve(app: App, host: string, port: number, staticRoot: string | undefined): Promise<void> {
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const server = createHttpServer({
    dispatcher: app.dispatcher,
    // Every call needs a signed-in session or an API token, from loopback too.
    callerFor: requestCallerFor(app.ledger, app.clock),
    ...(staticRoot === undefined ? {} : { staticRoot }),
    pdf: documentRoute(app.dispatcher),
    // Listening beyond loopback is a deliberate choice to serve other machines by any name.
    ...(loopback ? {} : { allowHost: () => true }),
  });
  const url = await listen(server, { host, port });
  if (staticRoot !== undefined) console.log(`ShopLedger is open in browser mode: ${url}/`);
  const deliverer = startDeliverer(app.ledger);
  const backups = startBackupSchedule(app);
  // Sync runs in the background when the station is connected; work never waits for it.
  const sync = syncClientFor(app.ledger);
  sync?.start();
  console.log(`ShopLedger API on ${url}/api/v1 (OpenAPI document: ${url}/api/v1/openapi.json), ledger ${app.ledger.file}`);
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((done) => {
    const stop = () => {
      void deliverer
        .stop()
        .then(() => sync?.stop())
        .then(() => server.close())
        .then(() => backups.stop())
        .then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

const portOption = () => new Option('-p, --port <port>', 'TCP port').default(4321).argParser((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be a number from 0 to 65535, not ${v}`);
  return n;
});

export function buildCli(): Command {
  const program = new Command('shopledger')
    .description('ShopLedger: the offline-first order and stock ledger')
    .option('--ledger <file>', 'ledger file (default: ShopLedger/ledger.sqlite in your data folder, or $SHOPLEDGER_LEDGER)')
    .option('--passphrase-file <file>', "an encrypted ledger's passphrase: the file's first line (or set $SHOPLEDGER_PASSPHRASE)")
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the HTTP API on this computer (127.0.0.1)')
    .addOption(portOption())
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--no-ui', 'serve the API only, without the app screens')
    .action(async (opts: { port: number; host: string; ui: boolean }, cmd: Command) => {
      const staticRoot = opts.ui ? await ensureRenderer((line) => console.log(line)) : undefined;
      await withApp(cmd, (app) => serve(app, opts.host, opts.port, staticRoot));
    });

  program
    .command('start')
    .description('open the app on the ledger, with the demo shop the first time')
    .addOption(portOption())
    .action(async (opts: { port: number }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        if (await isEmpty(app)) {
          console.log(`New ledger at ${app.ledger.file}: building the demo shop first.`);
          await seed(app, 5000);
        }
        if (await demoPasswordInUse(app)) {
          console.log(`Demo sign-in: user "${DEMO_USERS[0]!.username}" (or ${DEMO_USERS.slice(1).map((u) => u.username).join(', ')}), password "${DEMO_PASSWORD}". Change it in Users before real use.`);
        }
      });
      const staticRoot = await ensureRenderer((line) => console.log(line));
      const binary = electronBinary();
      if (binary !== undefined) {
        const main = await ensureElectronBundles();
        process.exitCode = await launchElectron(binary, main, ledgerPath(cmd), staticRoot);
        return;
      }
      console.log("Electron's binary is not installed on this computer, so ShopLedger opens in browser mode.");
      await withApp(cmd, (app) => serve(app, '127.0.0.1', opts.port, staticRoot));
    });

  program
    .command('seed')
    .description('fill a new, empty ledger')
    .requiredOption('--demo', 'build the demo shop: 200 products, 3 warehouses, 500 customers, 5,000 orders')
    .addOption(new Option('--orders <n>', 'number of demo orders').default(5000).argParser(Number))
    .action(async (opts: { orders: number }, cmd: Command) => {
      if (!Number.isInteger(opts.orders) || opts.orders < 0) throw new CliError('--orders must be a whole number');
      await withApp(cmd, async (app) => {
        if (!(await isEmpty(app))) throw new CliError(`${app.ledger.file} already has products; seed --demo needs a new, empty ledger.`);
        await seed(app, opts.orders);
      });
    });

  program
    .command('verify')
    .description('check integrity, the journal hash chain, every row against the journal, and stock against movements')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const report = await withApp(cmd, (app) => app.dispatcher.call('system.verify', {}, LOCAL_OWNER));
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(`${report.journalEntries} journal entries, ${report.rowsChecked} rows checked.`);
        for (const p of report.problems) console.log(`PROBLEM [${p.check}] ${p.message}`);
        console.log(report.ok ? 'Ledger OK.' : `${report.problems.length} problem(s) found.`);
      }
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('export')
    .description('write an accountant export: a CSV dataset for a period, or the UBL e-invoice of an invoice or credit note')
    .argument('<what>', `${[...new Set([...CSV_DATASETS, ...REPORT_EXPORTS])].join(', ')}, or ubl`)
    .option('--from <date>', 'first day of the period (YYYY-MM-DD), for CSV')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD), for CSV')
    .option('--number <number>', 'the document number, for ubl')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option('--as-of <date>', 'the date of an aging or stock valuation report (YYYY-MM-DD)')
    .action(async (what: string, opts: { from?: string; to?: string; number?: string; out?: string; asOf?: string }, cmd: Command) => {
      // Reports, and any dataset written to an .xlsx file, stream to the file (exports.report's writer).
      if (isReportExport(what) && (!(CSV_DATASETS as readonly string[]).includes(what) || opts.out?.toLowerCase().endsWith('.xlsx'))) {
        if (!opts.out) throw new CliError(`export ${what} needs --out FILE (.csv or .xlsx)`);
        const out = resolve(opts.out);
        const format = out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        const { rows } = await withApp(cmd, (app) => exportReport(app, { report: what, format, file: out, dateFrom: opts.from, dateTo: opts.to, asOf: opts.asOf }));
        console.error(`${rows} rows written to ${opts.out}`);
        return;
      }
      const text = await withApp(cmd, async (app) => {
        if (what === 'ubl') {
          if (!opts.number) throw new CliError('export ubl needs --number');
          const found = await app.dispatcher.call('invoices.list', { number: opts.number, limit: 1 }, LOCAL_OWNER);
          const doc = found.items[0];
          if (!doc) throw new CliError(`No invoice or credit note has the number ${opts.number}`);
          return (await app.dispatcher.call('exports.ubl', { id: doc.id }, LOCAL_OWNER)).xml;
        }
        if (!(CSV_DATASETS as readonly string[]).includes(what)) throw new CliError(`export what? One of ${CSV_DATASETS.join(', ')}, ubl`);
        if (!opts.from || !opts.to) throw new CliError(`export ${what} needs --from and --to`);
        const dataset = what as (typeof CSV_DATASETS)[number];
        return (await app.dispatcher.call('exports.csv', { dataset, dateFrom: opts.from, dateTo: opts.to }, LOCAL_OWNER)).content;
      });
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

  program
    .command('print')
    .description(`write a document as PDF: ${PRINTABLE_KINDS.join(', ')}; several ids print as one file`)
    .argument('<kind>', `${PRINTABLE_KINDS.join(' | ')} (label for short)`)
    .argument('<ids...>', 'order ids (packing-slip, pick-list), invoice or credit note ids, shipment ids (shipping-label)')
    .requiredOption('--out <file>', 'PDF file to write')
    .addOption(new Option('--lang <lang>', "the document's language (default: the template's)").choices([...DOC_LANGS]))
    .action(async (asked: string, ids: string[], opts: { out: string; lang?: DocLang }, cmd: Command) => {
      const kind = asked === 'label' ? 'shipping-label' : asked;
      if (!isPrintableKind(kind)) throw new CliError(`Unknown document kind ${kind}; this version prints ${PRINTABLE_KINDS.join(', ')}`);
      const printed = await withApp(cmd, (app) => printDocuments(app.dispatcher, LOCAL_OWNER, { kind, ids, ...(opts.lang ? { lang: opts.lang } : {}) }));
      const out = resolve(opts.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, printed.pdf);
      console.log(`Wrote ${out} (${printed.docs.length} document(s), ${printed.pdf.length} bytes).`);
    });

  program
    .command('import')
    .description(`import ${IMPORT_KINDS.join(', ')} from a CSV or XLSX file (all rows or none unless --skip-invalid)`)
    .argument('<kind>', IMPORT_KINDS.join(' | '))
    .argument('<file>', 'a .csv (UTF-8 or GBK, any common delimiter) or .xlsx file')
    .option('--preset <name>', 'column mapping: shopify-orders, shopify-products, shopify-stock, woocommerce-orders, woocommerce-products, woocommerce-stock (default: columns named as the fields)')
    .option('--dry-run', 'check every row and report the problems; write nothing')
    .option('--skip-invalid', 'import the valid records and report the others (default: import nothing when any row has a problem)')
    .option('--warehouse <code>', 'warehouse for stock and orders (default: the first by code)')
    .option('--tax-rate <code>', 'tax rate for products (default: the first by code)')
    .option('--channel <code>', 'channel for orders when the preset names none', 'import')
    .option('--json', 'print the report as JSON')
    .action(async (kind: string, file: string, opts: { preset?: string; dryRun?: boolean; skipInvalid?: boolean; warehouse?: string; taxRate?: string; channel: string; json?: boolean }, cmd: Command) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new CliError(`kind must be one of ${IMPORT_KINDS.join(', ')}, not ${kind}`);
      const mode: ImportMode = opts.dryRun ? 'dry-run' : opts.skipInvalid ? 'valid-rows' : 'all-or-nothing';
      const controller = new AbortController();
      const cancel = () => controller.abort();
      process.once('SIGINT', cancel);
      try {
        const report = await withApp(cmd, async (app) => {
          let preset: ImportPreset | undefined;
          if (opts.preset !== undefined) {
            const found = (await app.dispatcher.call('imports.listPresets', {}, LOCAL_OWNER)).items.find((p) => p.name === opts.preset);
            if (!found) throw new CliError(`there is no preset ${opts.preset}`);
            preset = { name: found.name, ...found.definition };
          }
          return importFile(app, resolve(file), {
            kind: kind as ImportKind,
            preset,
            mode,
            warehouse: opts.warehouse,
            taxRate: opts.taxRate,
            channel: opts.channel,
            signal: controller.signal,
            progressEvery: 10_000,
            onProgress: (rows) => process.stderr.write(`  ${rows} rows read\n`),
          });
        });
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else {
          for (const p of report.problems) console.log(`row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
          if (report.problemCount > report.problems.length) console.log(`… and ${report.problemCount - report.problems.length} more problems`);
          const verb = report.mode === 'dry-run' ? 'would create' : report.committed ? 'created' : 'would have created';
          console.log(`${report.rows} rows: ${verb} ${report.created}, ${report.skipped} already in the ledger, ${report.refused} refused (${report.problemCount} problems).`);
          console.log(report.committed ? 'Imported.' : report.mode === 'dry-run' ? 'Dry run: nothing was written.' : 'Nothing was written: fix the problems, or use --skip-invalid.');
        }
        if (report.problemCount > 0) process.exitCode = 1;
      } catch (e) {
        if (e instanceof ImportFileError || e instanceof ImportCancelledError) throw new CliError(e.message);
        throw e;
      } finally {
        process.removeListener('SIGINT', cancel);
      }
    });

  program
    .command('export-list')
    .description(`export a list (${EXPORT_LISTS.join(', ')}) with its filters to CSV or XLSX (by the file's extension)`)
    .argument('<list>', EXPORT_LISTS.join(' | '))
    .argument('<file>', 'a .csv or .xlsx file to write')
    .option('--filters <json>', 'the list\'s filters as JSON, e.g. {"status":["approved"],"channel":"shopify"}')
    .action(async (list: string, file: string, opts: { filters?: string }, cmd: Command) => {
      if (!(EXPORT_LISTS as readonly string[]).includes(list)) throw new CliError(`list must be one of ${EXPORT_LISTS.join(', ')}, not ${list}`);
      let filters: Record<string, unknown> | undefined;
      if (opts.filters !== undefined) {
        try {
          filters = JSON.parse(opts.filters) as Record<string, unknown>;
        } catch {
          throw new CliError('--filters must be a JSON object');
        }
      }
      const { rows } = await withApp(cmd, (app) => exportList(app, { list: list as ExportList, filters, file: resolve(file) }));
      console.log(`Exported ${rows} rows to ${resolve(file)}.`);
    });

  program
    .command('export-ledger')
    .description('export the whole ledger into a new folder: one JSON-lines file per table and manifest.json')
    .argument('<dir>', 'a new or empty folder')
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      const file = ledgerPath(cmd);
      // Opening once brings an older ledger to the current schema before it is exported.
      await withApp(cmd, async () => undefined);
      try {
        const m = await exportLedger(file, resolve(dir));
        console.log(`Exported ${m.tables.reduce((n, t) => n + t.rows, 0)} rows of ${m.tables.length} tables (journal head ${m.journalHead?.seq ?? 0}) to ${resolve(dir)}.`);
      } catch (e) {
        if (e instanceof LedgerExportError) throw new CliError(e.message);
        throw e;
      }
    });

  program
    .command('import-ledger')
    .description('build a new ledger (--ledger, which must not exist yet) from a folder written by export-ledger')
    .argument('<dir>', 'the export folder')
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      const file = ledgerPath(cmd);
      try {
        const r = await importLedger(resolve(dir), file);
        console.log(`Imported ${r.rows} rows of ${r.tables} tables into ${file}; run verify to check it.`);
      } catch (e) {
        if (e instanceof LedgerExportError) throw new CliError(e.message);
        throw e;
      }
    });

  registerBackupCommands(program, { ledgerPath, withApp });
  addSyncCommands(program, withApp);

  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildCli();
  program.exitOverride();
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
      return;
    }
    const message =
      e instanceof CliError || e instanceof LedgerVersionError || isBackupUserError(e)
        ? e.message
        : isAppError(e)
          ? `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}`
          : `Unexpected failure: ${(e as Error).stack ?? String(e)}`;
    console.error(`shopledger: ${message}`);
    process.exitCode = 1;
  }
}
