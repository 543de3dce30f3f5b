import { describe, expect, it } from 'vitest'
import { parseAlertsArgs, spikeLine } from './alerts'

describe('keyward alerts spike flags', () => {
  it('reads the rule change, or nothing to show the rule', () => {
    expect(parseAlertsArgs(['spike'])).toEqual({ change: {}, json: false })
    expect(parseAlertsArgs(['spike', '--multiplier', '7.5', '--min', '25.00', '--channel', 'ops', '--channel', 'oncall', '--json'])).toEqual({
      change: { multiplier: 7.5, minAmount: '25', channels: ['ops', 'oncall'] },
      json: true,
    })
    expect(parseAlertsArgs(['spike', '--no-channels', '--off']).change).toEqual({ channels: [], enabled: false })
  })

  it('reads --min as the dashboard reads typed dollars: a $, commas between thousands, zero allowed', () => {
    expect(parseAlertsArgs(['spike', '--min', '$1,250.50']).change).toEqual({ minAmount: '1250.5' })
    expect(parseAlertsArgs(['spike', '--min', '0']).change).toEqual({ minAmount: '0' })
  })

  it('names each bad flag', () => {
    expect(() => parseAlertsArgs([])).toThrow(/usage: keyward alerts spike/)
    expect(() => parseAlertsArgs(['spike', '--multiplier', 'x5'])).toThrow(/--multiplier must be a number from 1.5 to 1000/)
    expect(() => parseAlertsArgs(['spike', '--multiplier', '1'])).toThrow(/--multiplier/)
    expect(() => parseAlertsArgs(['spike', '--min=-3'])).toThrow('--min: "-3" is negative; enter an amount of 0 or more dollars.')
    expect(() => parseAlertsArgs(['spike', '--min', '10,00'])).toThrow('--min: "10,00" has a misplaced comma')
    expect(() => parseAlertsArgs(['spike', '--min', '0.001'])).toThrow('--min: "0.001" has more than two decimal places')
    expect(() => parseAlertsArgs(['spike', '--on', '--off'])).toThrow(/not both/)
    expect(() => parseAlertsArgs(['spike', '--channel', 'a', '--no-channels'])).toThrow(/not both/)
    expect(() => parseAlertsArgs(['spike', '--colour'])).toThrow()
  })

  it('prints a spike with its hour, amount, usual hour, key, workspace and person', () => {
    const line = spikeLine({
      orgId: 'o',
      orgName: 'Acme',
      groupBy: 'key',
      subjectId: 'apikey_1',
      subjectLabel: 'ci',
      key: { id: 'apikey_1', name: 'ci' },
      workspace: 'Production',
      person: null,
      hour: '2026-11-30T21:00:00.000Z',
      cost: '123.456',
      baseline: '2',
      detectedAt: '2026-12-01T00:40:00.000Z',
    })
    expect(line).toBe('2026-11-30 21:00 UTC  $123.46 (usual hour $2.00)  key ci, workspace Production  [Acme]')
  })
})
