import type { Generated } from 'kysely';

// Row types of the sync server's database (migrations/server).

export interface DeviceTable {
  id: string;
  name: string;
  station_id: string;
  role: 'station' | 'owner';
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  acked_seq: Generated<number>;
}

export interface EnrollmentTable {
  code_hash: string;
  role: 'station' | 'owner';
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface OpTable {
  server_seq: Generated<number>;
  id: string;
  station_id: string;
  station_seq: number;
  hlc: string;
  body: string;
  device_id: string;
  received_at: string;
}

export interface PushBatchTable {
  batch_id: string;
  device_id: string;
  received_at: string;
}

export interface ServerMigrationTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface ServerSchema {
  device: DeviceTable;
  enrollment: EnrollmentTable;
  op: OpTable;
  push_batch: PushBatchTable;
  server_migration: ServerMigrationTable;
}
