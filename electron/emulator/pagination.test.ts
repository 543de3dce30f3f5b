import { describe, expect, it } from 'vitest'
import { EmulatorError } from './errors'
import { decodePageToken, encodePageToken, pageByCursor, pageById, parseLimit } from './pagination'

const items = ['a', 'b', 'c', 'd', 'e']
const id = (s: string): string => s

describe('id-cursor pages', () => {
  it('pages forwards with after_id', () => {
    expect(pageById(items, id, { limit: 2, afterId: null, beforeId: null })).toEqual({ data: ['a', 'b'], first_id: 'a', last_id: 'b', has_more: true })
    expect(pageById(items, id, { limit: 2, afterId: 'b', beforeId: null })).toEqual({ data: ['c', 'd'], first_id: 'c', last_id: 'd', has_more: true })
    expect(pageById(items, id, { limit: 2, afterId: 'd', beforeId: null })).toEqual({ data: ['e'], first_id: 'e', last_id: 'e', has_more: false })
  })

  it('pages backwards with before_id, keeping list order', () => {
    expect(pageById(items, id, { limit: 2, afterId: null, beforeId: 'e' })).toEqual({ data: ['c', 'd'], first_id: 'c', last_id: 'd', has_more: true })
    expect(pageById(items, id, { limit: 2, afterId: null, beforeId: 'b' })).toEqual({ data: ['a'], first_id: 'a', last_id: 'a', has_more: false })
  })

  it('answers an empty list with null ids', () => {
    expect(pageById([], id, { limit: 2, afterId: null, beforeId: null })).toEqual({ data: [], first_id: null, last_id: null, has_more: false })
  })

  it('rejects unknown cursors, both cursors at once and bad limits with 400s', () => {
    expect(() => pageById(items, id, { limit: 2, afterId: 'zz', beforeId: null })).toThrow(EmulatorError)
    expect(() => pageById(items, id, { limit: 2, afterId: 'a', beforeId: 'c' })).toThrow(EmulatorError)
    expect(parseLimit(null)).toBe(20)
    expect(parseLimit('1000')).toBe(1000)
    for (const bad of ['0', '1001', '2.5', 'x']) expect(() => parseLimit(bad)).toThrow(EmulatorError)
  })
})

describe('page tokens', () => {
  it('round-trips an offset bound to its query and rejects it elsewhere', () => {
    const token = encodePageToken(40, 'q1')
    expect(decodePageToken(token, 'q1')).toBe(40)
    expect(() => decodePageToken(token, 'q2')).toThrow(EmulatorError)
    expect(() => decodePageToken('garbage', 'q1')).toThrow(EmulatorError)
    expect(decodePageToken(null, 'q1')).toBe(0)
  })

  it('slices cursor pages and returns everything when no limit is given', () => {
    const first = pageByCursor(items, { limit: 3, page: null, signature: 's' })
    expect(first.data).toEqual(['a', 'b', 'c'])
    const second = pageByCursor(items, { limit: 3, page: first.next_page, signature: 's' })
    expect(second).toEqual({ data: ['d', 'e'], next_page: null })
    expect(pageByCursor(items, { limit: null, page: null, signature: 's' })).toEqual({ data: items, next_page: null })
  })
})
