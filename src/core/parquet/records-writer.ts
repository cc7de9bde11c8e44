/**
 * Writes the records Parquet file from typed arrays: the bytes hyparquet-writer 0.17.0's
 * parquetWriteBuffer writes for encode-records.ts's options (data pages v2, SNAPPY, no
 * statistics, one page per column chunk, the library's dictionary rule), without its generic
 * per-value path. That path was most of the import's Parquet CPU (issue 14 item 5): a Map
 * keyed by boxed doubles for every dictionary trial, a DataView call and a bounds check per
 * written value, arrays of levels and values re-sliced and re-filtered per page.
 *
 * Reference: Apache Parquet format (Encodings.md: PLAIN, RLE/bit-packed hybrid, RLE_DICTIONARY,
 * DELTA_BINARY_PACKED); hyparquet-writer 0.17.0 src/column.js, dictionary.js, datapage.js,
 * encoding.js — whose page headers, DELTA_BINARY_PACKED timestamps and file metadata are still
 * written by the library's own functions here. A unit test holds the output byte-equal to
 * parquetWriteBuffer's on every corpus session and on synthetic runs (nulls, constant columns,
 * several row groups). The value encodings it writes itself are in records-encodings.ts.
 */
import { ByteWriter } from 'hyparquet-writer';
import type { KeyValue, SchemaElement } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { deltaBinaryPack } from 'hyparquet-writer/src/delta.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { ByteSink, deltaPackSmallSteps, writeRleBitPackedHybrid } from './records-encodings.js';
import { snappyCompress } from './snappy.js';

/** One column of the file, as the encoder hands it over. */
export type RecordsWriterColumn =
  | { kind: 'timestamp'; element: SchemaElement; values: ArrayLike<number> }
  /** OPTIONAL DOUBLE or INT32: NaN/±Infinity are nulls; INT32 values are already whole numbers. */
  | { kind: 'optional'; element: SchemaElement; values: Float64Array; plainOnly: boolean };

export interface RecordsWriterOptions {
  columns: RecordsWriterColumn[];
  rows: number;
  rowGroupSize: number;
  kvMetadata: KeyValue[];
  createdBy: string;
}

// hyparquet-writer's defaults as encode-records.ts calls it
const PAGE_SIZE = 1_048_576;
const SAMPLE_REJECTION_RATIO = 0.9;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface ColumnChunkMeta {
  meta_data: Record<string, unknown>;
  file_offset: bigint;
}

// One writer, sink and value table that live as long as this module. V8 keeps the shape (map)
// of a class's instances only while one of them is alive, and the optimised code of every method
// that touches them depends on that map. Between two files none was alive, so a full GC dropped
// the maps and all that code with them, and V8 compiled the writer again (about once a second in
// a bulk import). They are never written to.
const heldShapes: object[] = [];

export function writeRecordsParquet(options: RecordsWriterOptions): Uint8Array {
  const { columns, rows, rowGroupSize, kvMetadata, createdBy } = options;
  if (heldShapes.length === 0) heldShapes.push(new ByteWriter(0), new ByteSink(1), new ValueTable(1));
  // a chunk of ≤ rowGroupSize values of ≤ 8 bytes is one page: page boundaries need no estimate
  if (rowGroupSize * 8 >= PAGE_SIZE) throw new RangeError('row groups this large would need several pages per chunk');
  const writer = new ByteWriter(4096 + rows * columns.length * 3);
  writer.appendUint32(0x31524150); // PAR1
  const rowGroups: Record<string, unknown>[] = [];
  for (let start = 0; start < rows; start += rowGroupSize) {
    const end = Math.min(rows, start + rowGroupSize);
    const groupStart = writer.offset;
    const chunks: ColumnChunkMeta[] = [];
    for (const column of columns) {
      chunks.push(column.kind === 'timestamp'
        ? writeTimestampChunk(writer, column.element, column.values, start, end)
        : writeOptionalChunk(writer, column.element, column.values, start, end, column.plainOnly));
    }
    let totalByteSize = 0n;
    for (const c of chunks) totalByteSize += c.meta_data.total_uncompressed_size as bigint;
    rowGroups.push({ columns: chunks, total_byte_size: totalByteSize, num_rows: BigInt(end - start), total_compressed_size: BigInt(writer.offset - groupStart) });
  }
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)];
  // no page indexes (one page per chunk), no bloom filters, no statistics: just the footer
  writeMetadata(writer, { version: 2, created_by: createdBy, schema, num_rows: BigInt(rows), row_groups: rowGroups, key_value_metadata: kvMetadata } as never);
  writer.appendUint32(0x31524150);
  return new Uint8Array(writer.getBuffer());
}

function chunkMeta(element: SchemaElement, encodings: string[], values: number, offsetStart: number, writer: ByteWriter, uncompressed: number, dataPageOffset: number, dictionaryPageOffset?: number): ColumnChunkMeta {
  return {
    meta_data: {
      type: element.type,
      encodings,
      path_in_schema: [element.name],
      codec: 'SNAPPY',
      num_values: BigInt(values),
      total_compressed_size: BigInt(writer.offset - offsetStart),
      total_uncompressed_size: BigInt(uncompressed),
      data_page_offset: BigInt(dataPageOffset),
      dictionary_page_offset: dictionaryPageOffset === undefined ? undefined : BigInt(dictionaryPageOffset),
      statistics: undefined,
      encoding_stats: undefined,
      geospatial_statistics: undefined,
    },
    file_offset: BigInt(offsetStart),
  };
}

/** REQUIRED INT64 TIMESTAMP(MILLIS), DELTA_BINARY_PACKED. */
function writeTimestampChunk(writer: ByteWriter, element: SchemaElement, source: ArrayLike<number>, start: number, end: number): ColumnChunkMeta {
  const n = end - start;
  const packed = deltaPackSmallSteps(source, start, end);
  let values: Uint8Array;
  if (packed) values = packed;
  else {
    // a step of more than 2^31 ms (~25 days) between records: the library's BigInt path
    const big = new BigInt64Array(n);
    for (let i = 0; i < n; i++) big[i] = BigInt(source[start + i]!);
    const page = new ByteWriter();
    deltaBinaryPack(page, big, 'INT64');
    values = page.getBytes();
  }
  const offsetStart = writer.offset;
  const uncompressed = writeDataPage(writer, values, new Uint8Array(0), n, 0, 'DELTA_BINARY_PACKED');
  return chunkMeta(element, ['DELTA_BINARY_PACKED'], n, offsetStart, writer, uncompressed, offsetStart);
}

/** One data page v2: header, levels (never compressed), then the compressed values. Returns its uncompressed size with the header. */
function writeDataPage(writer: ByteWriter, values: Uint8Array, levels: Uint8Array, rows: number, nulls: number, encoding: string): number {
  const compressed = snappyCompress(values);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levels.length + values.length,
    compressed_page_size: levels.length + compressed.length,
    data_page_header_v2: {
      num_values: rows, num_nulls: nulls, num_rows: rows, encoding,
      definition_levels_byte_length: levels.length, repetition_levels_byte_length: 0, is_compressed: true,
    },
  } as never);
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(levels);
  writer.appendBytes(compressed);
  return headerSize + levels.length + values.length;
}

function writeOptionalChunk(writer: ByteWriter, element: SchemaElement, source: Float64Array, start: number, end: number, plainOnly: boolean): ColumnChunkMeta {
  const int32 = element.type === 'INT32';
  const n = end - start;
  const levels = new Uint8Array(n);
  const nonNull = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = source[start + i];
    if (Number.isFinite(v)) {
      levels[i] = 1;
      nonNull[m++] = v + 0; // −0 → 0, as the dictionary (SameValueZero) would see it
    }
  }
  const defined = nonNull.subarray(0, m);
  const levelBytes = new ByteSink(16 + (n >> 3));
  writeRleBitPackedHybrid(levelBytes, levels, n, 1);
  const levelData = levelBytes.bytes();
  const offsetStart = writer.offset;
  const dictionary = plainOnly ? undefined : tryDictionary(levels, defined, int32 ? 4 : 8);
  if (dictionary) {
    const dictionaryBytes = plainBytes(dictionary.values, int32);
    const compressed = snappyCompress(dictionaryBytes);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: dictionaryBytes.length,
      compressed_page_size: compressed.length,
      dictionary_page_header: { num_values: dictionary.values.length, encoding: 'PLAIN' },
    } as never);
    let uncompressed = writer.offset - headerStart + dictionaryBytes.length;
    writer.appendBytes(compressed);
    const dataPageOffset = writer.offset;
    const indexes = new ByteSink(16 + m);
    const bitWidth = Math.ceil(Math.log2(dictionary.values.length));
    indexes.u8(bitWidth);
    writeRleBitPackedHybrid(indexes, dictionary.indexes, m, bitWidth);
    uncompressed += writeDataPage(writer, indexes.bytes(), levelData, n, n - m, 'RLE_DICTIONARY');
    return chunkMeta(element, ['PLAIN', 'RLE_DICTIONARY'], n, offsetStart, writer, uncompressed, dataPageOffset, offsetStart);
  }
  const uncompressed = writeDataPage(writer, plainBytes(defined, int32), levelData, n, n - m, 'PLAIN');
  return chunkMeta(element, ['PLAIN'], n, offsetStart, writer, uncompressed, offsetStart);
}

/** PLAIN: little-endian IEEE doubles or int32s, one copy on a little-endian machine. */
function plainBytes(values: Float64Array, int32: boolean): Uint8Array {
  if (int32) {
    const ints = Int32Array.from(values);
    if (LITTLE_ENDIAN) return new Uint8Array(ints.buffer);
    const view = new DataView(new ArrayBuffer(ints.length * 4));
    for (let i = 0; i < ints.length; i++) view.setInt32(i * 4, ints[i]!, true);
    return new Uint8Array(view.buffer);
  }
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return new Uint8Array(view.buffer);
}

/**
 * hyparquet-writer's useDictionary for a column of numbers, decided the same way: reject when a
 * spread sample of ≤ 1,000 rows is > 90 % distinct (by value bytes); otherwise build the
 * dictionary (first-appearance order) and keep it only if it plus its bit-packed indexes at most
 * halve the PLAIN bytes. Values are keyed in an open-addressing table on their bits (no −0, no
 * NaN here, so bit equality is the library's SameValueZero), and a build stops as soon as it has
 * more distinct values than the rule allows (the rule is monotone in their number).
 */
function tryDictionary(levels: Uint8Array, defined: Float64Array, size: number): { values: Float64Array; indexes: Int32Array } | undefined {
  const n = levels.length;
  const m = defined.length;
  // the sample indexes rows (nulls included); rows ascend, so a walk finds each one's defined rank
  const sampleSize = Math.min(n, 1000);
  if (sampleSize === 0 || m === 0) return undefined;
  const words = new Uint32Array(defined.buffer, defined.byteOffset, m * 2);
  const sampled = new ValueTable(sampleSize);
  let sampleDictionarySize = 0;
  let sampleTotalSize = 0;
  for (let i = 0, at = 0, rank = 0; i < sampleSize; i++) {
    const row = sampleSize === 1 ? 0 : Math.floor((i * (n - 1)) / (sampleSize - 1));
    for (; at < row; at++) rank += levels[at]!;
    if (!levels[row]) continue; // a null is one key of size 0
    const known = sampled.count;
    sampled.add(defined, words, rank);
    if (sampled.count > known) sampleDictionarySize += size;
    sampleTotalSize += size;
  }
  if (!sampleTotalSize || sampleDictionarySize / sampleTotalSize > SAMPLE_REJECTION_RATIO) return undefined;
  // the rule only gets harder as distinct values are found: stop once past the most it allows
  const keeps = (distinct: number) => 2 * (size * distinct + Math.ceil((m * Math.ceil(Math.log2(distinct))) / 8)) <= size * m;
  let most = 0;
  for (let lo = 1, hi = m; lo <= hi;) {
    const mid = (lo + hi) >>> 1;
    if (keeps(mid)) { most = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (most === 0) return undefined;
  return buildDictionary(defined, words, most);
}

/**
 * Dictionary and indexes of the defined values, or undefined past `most` distinct ones. The table
 * is sized for `most`, not for every value (small and cache-warm; allocating and zeroing one per
 * column was visible in the Worker's profile), and the probe is inline: workerd did not inline a
 * method call here (issue 14 item 5).
 */
function buildDictionary(defined: Float64Array, words: Uint32Array, most: number): { values: Float64Array; indexes: Int32Array } | undefined {
  const m = defined.length;
  let bits = 4;
  while (1 << bits < (most + 1) * 2) bits++;
  const slots = new Int32Array(1 << bits); // dictionary index + 1; 0 = empty
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const values = new Float64Array(most + 1);
  const indexes = new Int32Array(m);
  const hi = LITTLE_ENDIAN ? 1 : 0;
  let count = 0;
  for (let i = 0; i < m; i++) {
    const value = defined[i]!;
    const h = Math.imul(words[2 * i + hi]!, 0x9e3779b1) ^ words[2 * i + 1 - hi]!;
    let slot = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> shift;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) {
        if (count === most) return undefined; // one more distinct value than the rule allows
        values[count] = value;
        slots[slot] = ++count;
        indexes[i] = count - 1;
        break;
      }
      if (values[entry - 1] === value) {
        indexes[i] = entry - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { values: values.slice(0, count), indexes };
}

/** Distinct numbers in first-appearance order, looked up by their bits (the sample's table). */
class ValueTable {
  readonly values: Float64Array;
  count = 0;
  private readonly slots: Int32Array; // dictionary index + 1; 0 = empty
  private readonly mask: number;
  private readonly shift: number;

  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    this.slots = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.values = new Float64Array(capacity);
  }

  /** The index of source[i] (words: the same buffer as 32-bit words), added if new. */
  add(source: Float64Array, words: Uint32Array, i: number): number {
    const value = source[i]!;
    // the top bits of the products: a whole number's low word and the low half of its high word
    // are zero, so low product bits would crowd HR or power values into a few slots
    const hi = LITTLE_ENDIAN ? 1 : 0;
    const h = Math.imul(words[2 * i + hi]!, 0x9e3779b1) ^ words[2 * i + 1 - hi]!;
    let slot = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> this.shift;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        this.values[this.count] = value;
        this.slots[slot] = ++this.count;
        return this.count - 1;
      }
      if (this.values[entry - 1] === value) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
