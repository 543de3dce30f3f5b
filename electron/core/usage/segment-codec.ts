import { crc32 } from 'node:zlib'
import { NUMERIC_COUNT, type Segment, type SegmentKind, type UsageRow } from './usage-row'

/**
 * A segment's file format: compact, columnar and checksummed, so that loading 90 days of a
 * 2,000-key org is a few typed-array copies rather than a JSON parse of hundreds of MB.
 *
 *   "KWSEG" u8 version | u32 header length | header JSON (kind, hours, string table, row count)
 *   padding to 8 | u32 startHour[n] | u32 key[n] | u32 workspace[n] | u32 model[n] | u32 actor[n] | u32 product[n]
 *   padding to 8 | f64 numbers[6][n] | i64 cost[n] | u32 crc32 of everything before it
 */
const MAGIC = Buffer.from('KWSEG', 'ascii')
/** The segment format version; a file of another version is ignored and refetched. */
export const SEGMENT_VERSION = 2

interface Header {
  kind: SegmentKind
  fromHour: number
  toHour: number
  strings: string[]
  rows: number
}

const pad8 = (n: number): number => (n + 7) & ~7
/** u32 columns per row: start, key, workspace, model, actor, product. */
const INT_COLUMNS = 6

/** Encodes a segment as bytes. */
export function encodeSegment(segment: Segment): Buffer {
  const n = segment.rows
  const { start, key, workspace: ws, model, actor, product, numbers, cost, strings } = segment
  const header: Header = { kind: segment.kind, fromHour: segment.fromHour, toHour: segment.toHour, strings: [...strings], rows: n }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = MAGIC.length + 1 + 4
  const intsAt = pad8(prefix + headerBytes.length)
  const floatsAt = pad8(intsAt + 4 * INT_COLUMNS * n)
  const costAt = floatsAt + 8 * NUMERIC_COUNT * n
  const crcAt = costAt + 8 * n
  const out = Buffer.alloc(crcAt + 4)
  MAGIC.copy(out, 0)
  out.writeUInt8(SEGMENT_VERSION, MAGIC.length)
  out.writeUInt32LE(headerBytes.length, MAGIC.length + 1)
  headerBytes.copy(out, prefix)
  const put = (array: ArrayBufferView, at: number): void => {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, at)
  }
  put(start.subarray(0, n), intsAt)
  put(key.subarray(0, n), intsAt + 4 * n)
  put(ws.subarray(0, n), intsAt + 8 * n)
  put(model.subarray(0, n), intsAt + 12 * n)
  put(actor.subarray(0, n), intsAt + 16 * n)
  put(product.subarray(0, n), intsAt + 20 * n)
  put(numbers.subarray(0, NUMERIC_COUNT * n), floatsAt)
  put(cost.subarray(0, n), costAt)
  out.writeUInt32LE(crc32(out.subarray(0, crcAt)), crcAt)
  return out
}

/** A decoded segment: the same columns the sync wrote (the index reads columns; nothing builds row objects). */
export type SegmentColumns = Segment

/** Decodes bytes made by `encodeSegment`; throws (with the reason) on a wrong magic, version, size or checksum. */
export function decodeSegment(bytes: Buffer): SegmentColumns {
  if (bytes.length < MAGIC.length + 9 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a Keyward usage segment')
  const version = bytes.readUInt8(MAGIC.length)
  if (version !== SEGMENT_VERSION) throw new Error(`segment format version ${version} is not ${SEGMENT_VERSION}`)
  const crcAt = bytes.length - 4
  if (crc32(bytes.subarray(0, crcAt)) !== bytes.readUInt32LE(crcAt)) throw new Error('segment checksum mismatch (the file is damaged)')
  const headerLength = bytes.readUInt32LE(MAGIC.length + 1)
  const prefix = MAGIC.length + 5
  const header = JSON.parse(bytes.subarray(prefix, prefix + headerLength).toString('utf8')) as Header
  const n = header.rows
  const intsAt = pad8(prefix + headerLength)
  const floatsAt = pad8(intsAt + 4 * INT_COLUMNS * n)
  const costAt = floatsAt + 8 * NUMERIC_COUNT * n
  if (costAt + 8 * n !== crcAt) throw new Error('segment size does not match its header')
  // Copy into fresh, aligned buffers: a Buffer's own offset need not be a multiple of 8.
  const slice = (at: number, length: number): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + length) as ArrayBuffer
  const ints = new Uint32Array(slice(intsAt, 4 * INT_COLUMNS * n))
  return {
    kind: header.kind,
    fromHour: header.fromHour,
    toHour: header.toHour,
    strings: header.strings,
    rows: n,
    start: ints.subarray(0, n),
    key: ints.subarray(n, 2 * n),
    workspace: ints.subarray(2 * n, 3 * n),
    model: ints.subarray(3 * n, 4 * n),
    actor: ints.subarray(4 * n, 5 * n),
    product: ints.subarray(5 * n, 6 * n),
    numbers: new Float64Array(slice(floatsAt, 8 * NUMERIC_COUNT * n)),
    cost: new BigInt64Array(slice(costAt, 8 * n)),
  }
}

/** Rows of decoded columns, for tests and small tools (the index never needs them). */
export function rowsOf(columns: SegmentColumns): UsageRow[] {
  const out: UsageRow[] = []
  for (let i = 0; i < columns.rows; i++) {
    const numbers: number[] = []
    for (let m = 0; m < NUMERIC_COUNT; m++) numbers.push(columns.numbers[m * columns.rows + i] ?? 0)
    out.push({
      startHour: columns.start[i] ?? 0,
      apiKeyId: columns.strings[columns.key[i] ?? 0] ?? '',
      workspaceId: columns.strings[columns.workspace[i] ?? 0] ?? '',
      model: columns.strings[columns.model[i] ?? 0] ?? '',
      actorId: columns.strings[columns.actor[i] ?? 0] ?? '',
      product: columns.strings[columns.product[i] ?? 0] ?? '',
      numbers,
      costMicro: columns.cost[i] ?? 0n,
    })
  }
  return out
}
