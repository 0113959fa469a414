/** Migration 0010: receipt files of book entries and cash on delivery by carrier (issue 6). */

export interface ReceiptFileTable {
  id: string;
  entry_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** The file's bytes, base64. */
  content: string;
  attached_at: string;
  actor: string;
}

export interface CodChargeTable {
  id: string;
  shipment_id: string;
  carrier_id: string;
  order_id: string;
  customer_id: string;
  invoice_id: string | null;
  amount: number;
  currency: string;
  recorded_at: string;
  actor: string;
}

export interface CodRemittanceTable {
  id: string;
  carrier_id: string;
  remitted_on: string;
  amount: number;
  reference: string;
  currency: string;
  recorded_at: string;
  actor: string;
}

export interface CodRemittanceLineTable {
  id: string;
  remittance_id: string;
  charge_id: string;
  expected: number;
  received: number;
  payment_id: string | null;
}

export interface BooksExtraTables {
  receipt_file: ReceiptFileTable;
  cod_charge: CodChargeTable;
  cod_remittance: CodRemittanceTable;
  cod_remittance_line: CodRemittanceLineTable;
}

export const BOOKS_EXTRA_TABLES: readonly (keyof BooksExtraTables)[] = ['receipt_file', 'cod_charge', 'cod_remittance', 'cod_remittance_line'];
