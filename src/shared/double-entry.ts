// Double-entry journal lines for the accountant: every document becomes lines of (account,
// debit, credit) that balance on their own. Pure; the account numbers come from an editable
// mapping (defaults below are neutral placeholders, set them to the accountant's chart).
//
//   invoice        Dr receivables gross      Cr sales net (per rate)   Cr VAT tax (per rate)
//                  Dr cost of goods cost     Cr inventory cost          (when the lines had a cost)
//   credit note    the reverse of an invoice; its cost lines only when goods came back
//   payment        Dr the method's account   Cr receivables
//   refund         Dr receivables            Cr the method's account
//   income         Dr the method's account   Cr the category's income account
//   expense        Dr the category's account Cr the method's account
//   purchase       Dr inventory              Cr payables               (quantity × unit cost)
//   supplier_return Dr payables              Cr inventory              (quantity × receipt cost)
//   supplier_payment Dr payables             Cr the method's account
//   bill_difference  Dr cost of goods        Cr payables               (bill total − received cost;
//                                                                        the mirror when negative)

export type AccountMap = {
  readonly receivables: string;
  readonly inventory: string;
  readonly payables: string;
  readonly sales: string;
  readonly vat: string;
  readonly costOfGoods: string;
  readonly otherIncome: string;
  readonly expenses: string;
  /** Per payment method (cash, card, bank_transfer, …). */
  readonly methods: Readonly<Record<string, string>>;
  /** Per income or expense category code, overriding otherIncome / expenses. */
  readonly categories: Readonly<Record<string, string>>;
};

export const DEFAULT_ACCOUNTS: AccountMap = {
  receivables: '1200',
  inventory: '1300',
  payables: '2000',
  sales: '4000',
  vat: '2200',
  costOfGoods: '5000',
  otherIncome: '4900',
  expenses: '6000',
  methods: { cash: '1000', bank_transfer: '1100', card: '1150', alipay: '1151', wechat_pay: '1152', cash_on_delivery: '1160', store_credit: '2210' },
  categories: {},
};

export type JournalLine = { readonly account: string; readonly debit: number; readonly credit: number; readonly memo: string };

export type BookDocument =
  | { readonly type: 'invoice' | 'credit_note'; readonly taxBreakdown: readonly { taxRateBp: number; net: number; tax: number }[]; readonly gross: number; readonly cost: number }
  | { readonly type: 'payment' | 'refund'; readonly method: string; readonly amount: number }
  | { readonly type: 'income' | 'expense'; readonly method: string; readonly category: string; readonly amount: number }
  | { readonly type: 'purchase' | 'supplier_return'; readonly amount: number }
  | { readonly type: 'supplier_payment'; readonly method: string; readonly amount: number }
  /** Signed: what a supplier's bill asks beyond (or below) the receipts' costs. */
  | { readonly type: 'bill_difference'; readonly amount: number };

const methodAccount = (m: AccountMap, method: string) => m.methods[method] ?? m.methods.cash ?? '1000';

/** The lines of one document; zero lines are left out; debits equal credits. */
export function journalLines(doc: BookDocument, m: AccountMap): JournalLine[] {
  const dr = (account: string, amount: number, memo: string): JournalLine => ({ account, debit: amount, credit: 0, memo });
  const cr = (account: string, amount: number, memo: string): JournalLine => ({ account, debit: 0, credit: amount, memo });
  let lines: JournalLine[];
  switch (doc.type) {
    case 'invoice':
    case 'credit_note': {
      const sale = [
        dr(m.receivables, doc.gross, 'receivable'),
        ...doc.taxBreakdown.flatMap((r) => [cr(m.sales, r.net, `sales ${r.taxRateBp / 100}%`), cr(m.vat, r.tax, `VAT ${r.taxRateBp / 100}%`)]),
        dr(m.costOfGoods, doc.cost, 'cost of goods'),
        cr(m.inventory, doc.cost, 'inventory'),
      ];
      // A credit note is the mirror image of an invoice.
      lines = doc.type === 'invoice' ? sale : sale.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
      break;
    }
    case 'payment':
      lines = [dr(methodAccount(m, doc.method), doc.amount, doc.method), cr(m.receivables, doc.amount, 'receivable')];
      break;
    case 'refund':
      lines = [dr(m.receivables, doc.amount, 'receivable'), cr(methodAccount(m, doc.method), doc.amount, doc.method)];
      break;
    case 'income':
      lines = [dr(methodAccount(m, doc.method), doc.amount, doc.method), cr(m.categories[doc.category] ?? m.otherIncome, doc.amount, doc.category)];
      break;
    case 'expense':
      lines = [dr(m.categories[doc.category] ?? m.expenses, doc.amount, doc.category), cr(methodAccount(m, doc.method), doc.amount, doc.method)];
      break;
    case 'purchase':
      lines = [dr(m.inventory, doc.amount, 'inventory'), cr(m.payables, doc.amount, 'payable')];
      break;
    case 'supplier_return':
      lines = [dr(m.payables, doc.amount, 'payable'), cr(m.inventory, doc.amount, 'inventory')];
      break;
    case 'supplier_payment':
      lines = [dr(m.payables, doc.amount, 'payable'), cr(methodAccount(m, doc.method), doc.amount, doc.method)];
      break;
    case 'bill_difference':
      lines =
        doc.amount >= 0
          ? [dr(m.costOfGoods, doc.amount, 'purchase price difference'), cr(m.payables, doc.amount, 'payable')]
          : [dr(m.payables, -doc.amount, 'payable'), cr(m.costOfGoods, -doc.amount, 'purchase price difference')];
      break;
  }
  return lines.filter((l) => l.debit !== 0 || l.credit !== 0);
}
