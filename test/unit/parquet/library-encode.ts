/**
 * The records Parquet as hyparquet-writer's generic parquetWriteBuffer writes it — what
 * encode-records.ts did before its own writer (records-writer.ts, issue 14 item 5). Kept as the
 * reference: the writer must give these bytes, and the parquet-write bench times both.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import type { RecordColumns } from '../../../src/core/fit/types.js';
import {
  buildKeyValueMetadata, RECORDS_CREATED_BY, RECORDS_ROW_GROUP_SIZE, toSchemaElement, type RecordsParquetMeta,
} from '../../../src/core/parquet/encode-records.js';
import { selectRecordColumns, type RecordColumnSpec } from '../../../src/core/parquet/records-schema.js';
import { snappyCompress } from '../../../src/core/parquet/snappy.js';

const ALWAYS_PLAIN = new Set(['position_lat', 'position_long', 'distance']);

export function encodeWithLibrary(records: RecordColumns, meta: RecordsParquetMeta): Uint8Array {
  const columns = selectRecordColumns(records.channels);
  const columnData: ColumnSource[] = columns.map((spec) => ({
    name: spec.name,
    data: toColumnValues(records, spec),
    encoding: spec.type === 'timestamp' ? 'DELTA_BINARY_PACKED' : ALWAYS_PLAIN.has(spec.name) ? 'PLAIN' : undefined,
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map(toSchemaElement)],
    codec: 'SNAPPY',
    compressors: { SNAPPY: snappyCompress },
    statistics: false,
    rowGroupSize: RECORDS_ROW_GROUP_SIZE,
    kvMetadata: buildKeyValueMetadata(columns, meta),
    createdBy: RECORDS_CREATED_BY,
  });
  return new Uint8Array(buffer);
}

function toColumnValues(records: RecordColumns, spec: RecordColumnSpec): BigInt64Array | (number | null)[] {
  if (spec.source === 'timestamp') {
    const out = new BigInt64Array(records.length);
    for (let i = 0; i < records.length; i++) out[i] = BigInt(records.timestamp[i]);
    return out;
  }
  const source = records.channels[spec.source] as Float64Array;
  const out = new Array<number | null>(records.length);
  for (let i = 0; i < records.length; i++) {
    const v = source[i];
    if (!Number.isFinite(v)) out[i] = null;
    else if (spec.type === 'int32') out[i] = Math.round(v) + 0;
    else out[i] = v + 0;
  }
  return out;
}
