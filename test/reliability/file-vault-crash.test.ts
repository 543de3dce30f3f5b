import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptVault, encryptVault, writeVaultFile } from '../../electron/core/vault/file/vault-file'
import { prng } from './support/fake-keys'
import { figureSheet } from './support/figures'
import { createWriterBundle, runWriterAndKill } from './support/kill-writer'

/*
 * Crash safety of the file vault: a child rewrites vault.age with the real file keychain (the code
 * the daemon runs for add, remove, rename and rotate) and the test kills it with SIGKILL at random
 * moments. After every kill the file must decrypt, hold every acknowledged key (and at most the one
 * in flight), and the rotated key must be the last acknowledged one or the one in flight.
 */

const CYCLES = 100
const SEED = 121_212
const PASSPHRASE = 'crash test passphrase'
const sheet = figureSheet('file-vault-crash', 'File vault crash safety (kill -9 during vault rewrites)')
const crashKey = (n: number): string => `sk-ant-api03-${String(n).padStart(8, '0')}${'c'.repeat(83)}igAA`

describe('kill -9 during file vault rewrites', () => {
  let work: string
  let writer: string
  const random = prng(SEED)

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'keyward-rel-vault-crash-'))
    writer = await createWriterBundle(work, 'vault-writer')
  }, 60_000)

  afterAll(() => {
    sheet.write()
    rmSync(work, { recursive: true, force: true })
  })

  /** Runs the writer until it acknowledged one change, then kills it after a random 0-30 ms. */
  function runAndKill(path: string): Promise<{ acked: number; killed: boolean }> {
    return runWriterAndKill({ writer, args: [path], stdin: PASSPHRASE, env: { ...process.env, KEYWARD_VAULT_SCRYPT_LOG_N: '10' }, random, maxDelayMs: 30, hardStopMs: 20_000, label: 'vault writer' })
  }

  it(`keeps vault.age decryptable with no key lost across ${CYCLES} kills`, async () => {
    const path = join(work, 'vault.age')
    await writeVaultFile(path, await encryptVault(PASSPHRASE, new Map(), 10))
    const problems: string[] = []
    let before = 0
    let rotatedBefore = 0
    let kills = 0
    let inFlightCommitted = 0
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { acked, killed } = await runAndKill(path)
      if (killed) kills++
      let secrets: Map<string, string>
      try {
        secrets = await decryptVault(readFileSync(path), PASSPHRASE, path)
      } catch (error) {
        problems.push(`cycle ${cycle}: vault.age does not decrypt: ${(error as Error).message}`)
        break
      }
      const n = [...secrets.keys()].filter((a) => a.startsWith('k')).length
      if (n !== acked && n !== acked + 1) problems.push(`cycle ${cycle}: ${n} keys after ${acked} acknowledged changes`)
      if (n < before) problems.push(`cycle ${cycle}: keys went from ${before} to ${n}`)
      if (n === acked + 1) inFlightCommitted++
      for (let i = 1; i <= n; i++) if (secrets.get(`k${i}`) !== crashKey(i)) problems.push(`cycle ${cycle}: key k${i} is missing or wrong`)
      // The rotation of a multiple of 3 is written after its key and acknowledged with it; a kill in
      // between leaves the previous rotation, and the next writer goes on with the next key. So the
      // rotated key is one of k3, k6, … up to k${n}, at least this writer's last acknowledged one, never older than before.
      const rotated = secrets.get('rotating')
      const r = rotated === undefined ? 0 : Number(rotated.slice('sk-ant-api03-'.length, 'sk-ant-api03-'.length + 8))
      // This writer went on from the `before` keys it found: a rotation it acknowledged is in the file.
      const acknowledged = Math.floor(acked / 3) * 3 > before ? Math.floor(acked / 3) * 3 : 0
      if (rotated !== undefined && rotated !== crashKey(r)) problems.push(`cycle ${cycle}: the rotated key is not one the writer wrote`)
      if (r % 3 !== 0 || r > n || r < acknowledged || r < rotatedBefore) problems.push(`cycle ${cycle}: the rotated key is k${r}, with ${n} keys, ${acked} acknowledged and k${rotatedBefore} before`)
      rotatedBefore = r
      before = n
    }
    const temps = readdirSync(work).filter((f) => f.endsWith('.tmp'))
    sheet.set('kill -9 cycles', CYCLES)
    sheet.set('kills that landed (SIGKILL)', kills)
    sheet.set('changes acknowledged before the kills', before)
    sheet.set('kills with the change in flight found committed', inFlightCommitted)
    sheet.set('vaults that did not decrypt, keys lost', problems.length)
    sheet.set('temp files left by killed writers (harmless, never read)', temps.length)
    expect(problems.slice(0, 10)).toEqual([])
    expect(kills).toBeGreaterThanOrEqual(CYCLES * 0.9)
    expect(before).toBeGreaterThanOrEqual(CYCLES)
  }, 240_000)
})
