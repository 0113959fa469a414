import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_EXPORT_BYTES } from '../../shared/contract/exchange.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { parseMoney } from '../../shared/money.ts';
import { exportReport } from '../exchange/report-export.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from '../exchange/sheet-writer.ts';
import type { Handlers } from './context.ts';
import { csvRows } from './reports.ts';
import { readSettings } from './settings.ts';

export const reportExportsHandlers = {
  'exports.report': async (ctx, input) => {
    const period = input.dateFrom && input.dateTo ? `${input.dateFrom}_${input.dateTo}` : (input.asOf ?? ctx.now.slice(0, 10));
    const fileName = `${input.report}_${period}.${input.format}`;
    const dir = await mkdtemp(join(tmpdir(), 'shopledger-report-'));
    try {
      const file = join(dir, `export.${input.format}`);
      const { rows } = await exportReport(ctx.host, { ...input, file, caller: ctx.caller });
      if ((await stat(file)).size > MAX_EXPORT_BYTES) {
        throw new AppError({ code: 'invalid', field: 'dateTo', message: `The export is over ${MAX_EXPORT_BYTES / (1024 * 1024)} MB; shorten the period or export with the command line` });
      }
      return { fileName, contentType: input.format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE, rows, content: (await readFile(file)).toString('base64') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  'exports.page': async (ctx, input) => {
    if (input.dateFrom > input.dateTo) throw invalid('dateTo', 'The end of the period is before its start');
    const { currency } = await readSettings(ctx.db);
    const { header, rows } = await csvRows(ctx.db, input.dataset, input.dateFrom, input.dateTo, currency);
    // Amounts leave csvRows as exact decimals; they go back to minor units, which parse exactly.
    const typed = rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? { minor: parseMoney(c.csvNumber, currency) } : c)));
    return { currency, header, rows: typed };
  },
} satisfies Pick<Handlers, 'exports.report' | 'exports.page'>;
