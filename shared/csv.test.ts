import { describe, expect, it } from 'vitest'
import { auditCsv, auditJson } from './audit-export'
import { csvCell, toCsv } from './csv'

describe('CSV (RFC 4180, formula-safe)', () => {
  it('quotes a field with a quote, comma, CR or LF, doubling quotes, and leaves plain ones bare', () => {
    expect(csvCell('plain /home/u/p')).toBe('plain /home/u/p')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 'x,y'],
          ['', '"'],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n,""""\r\n')
  })

  it('prefixes a cell a spreadsheet would run as a formula with an apostrophe', () => {
    for (const attack of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(attack).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell('=cmd|"/c calc"!A0')).toBe(`"'=cmd|""/c calc""!A0"`)
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('exports audit rows: entries in the documented columns, unreadable lines as such', () => {
    const csv = auditCsv([
      { kind: 'entry', offset: 10, entry: { time: '2026-03-01T10:00:00.000Z', event: 'key.served', profile: 'acme', directory: '/p,q', agent: '=evil()', pid: 7, executable: '/usr/bin/node' } },
      {
        kind: 'entry',
        offset: 5,
        entry: {
          time: '2026-03-01T09:00:00.000Z',
          event: 'admin.action',
          profile: 'acme-admin',
          detail: 'Acme: set API key apikey_01 inactive',
          target: { kind: 'apiKey', id: 'apikey_01', name: 'ci-deploy' },
        },
      },
      { kind: 'unreadable', offset: 0, line: 1, reason: 'torn', excerpt: '{"time' },
    ])
    expect(csv.split('\r\n')).toEqual([
      'time,event,profile,directory,agent,transport,pid,executable,processDirectory,requester,host,targetKind,targetId,targetName,detail,line',
      `2026-03-01T10:00:00.000Z,key.served,acme,"/p,q",'=evil(),,7,/usr/bin/node,,,,,,,,`,
      '2026-03-01T09:00:00.000Z,admin.action,acme-admin,,,,,,,,,apiKey,apikey_01,ci-deploy,Acme: set API key apikey_01 inactive,',
      ',unreadable,,,,,,,,,,,,,"torn: {""time",1',
      '',
    ])
    expect(JSON.parse(auditJson([{ kind: 'unreadable', offset: 0, line: 3, reason: 'foreign', excerpt: 'x' }]))).toEqual([{ unreadable: true, line: 3, reason: 'foreign', excerpt: 'x' }])
  })
})
