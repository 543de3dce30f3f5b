import { describe, expect, it } from 'vitest'
import { segmentFromRows } from './cell-table'
import { decodeSegment, encodeSegment, rowsOf } from './segment-codec'

const rows = [
  { startHour: 490_000, apiKeyId: 'apikey_1', workspaceId: 'wrkspc_1', model: 'claude-a', actorId: 'user_1', product: 'claude_code', numbers: [1, 2, 3, 4, 5, 6], costMicro: 123_456_789n },
  { startHour: 490_024, apiKeyId: '', workspaceId: '', model: 'claude-b', actorId: '', product: '', numbers: [7, 0, 0, 9, 2 ** 40, 1], costMicro: 2n ** 62n },
  { startHour: 490_000, apiKeyId: 'apikey_1', workspaceId: 'wrkspc_1', model: 'claude-a', actorId: 'user_1', product: 'claude_code', numbers: [1, 1, 1, 1, 1, 1], costMicro: 1n },
  // The same key, model and hour for another person is another cell.
  { startHour: 490_000, apiKeyId: 'apikey_1', workspaceId: 'wrkspc_1', model: 'claude-a', actorId: 'user_2', product: 'claude_code', numbers: [0, 0, 0, 0, 1, 1], costMicro: 5n },
]

describe('segment codec', () => {
  it('round-trips rows exactly, joining rows of the same cell', () => {
    const decoded = rowsOf(decodeSegment(encodeSegment(segmentFromRows('daily', 490_000, 490_048, rows))))
    expect(decoded).toEqual([{ ...rows[0], numbers: [2, 3, 4, 5, 6, 7], costMicro: 123_456_790n }, rows[1], rows[3]])
  })

  it('refuses a damaged file instead of reading wrong numbers', () => {
    const bytes = encodeSegment(segmentFromRows('hourly', 490_000, 490_001, rows.slice(0, 1)))
    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 12]! ^= 1
    expect(() => decodeSegment(flipped)).toThrow(/checksum/)
    expect(() => decodeSegment(bytes.subarray(0, bytes.length - 8))).toThrow()
    expect(() => decodeSegment(Buffer.from('not a segment at all'))).toThrow(/not a Keyward usage segment/)
  })
})
