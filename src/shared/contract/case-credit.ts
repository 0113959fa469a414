import { z } from 'zod';
import { id, isoDate, optionalText, quantity } from './common.ts';
import { op } from './define.ts';
import { afterSalesCase } from './fulfilment.ts';
import { invoiceDocument } from './invoicing.ts';

// Credit notes from after-sales cases (issue 5): a return or refund case leads to credit notes
// for the returned lines, issued with the ordinary credit-note rules and linked to the case.
export const caseCreditContract = {
  'cases.creditNote': op({
    kind: 'write',
    permission: 'invoices.issue',
    summary: "Credit a return or refund case: the case's returned lines (or the lines given), and the shipping if asked, one credit note per invoice, linked to the case",
    input: z.object({
      id,
      /** Order lines and quantities to credit; by default what the case's returns brought back and no credit note of the case has credited yet. */
      lines: z.array(z.object({ orderLineId: id, quantity })).min(1).max(1000).optional(),
      includeShipping: z.boolean().default(false),
      reason: optionalText(500),
      issueDate: isoDate.optional(),
    }),
    output: z.object({ case: afterSalesCase, creditNotes: z.array(invoiceDocument) }),
  }),
} as const;
