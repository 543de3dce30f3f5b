import { expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type KeyAnswer } from '../../../electron/core/serving/socket/socket-client'
import { createKeytarKeychain } from '../../../electron/core/vault/keychain'
import { runKeyward } from '../support/cli'
import { profileKeyAccount } from '../../../electron/core/vault/secret-accounts'
import { API, type Case, hostileInputs, outcome } from '../support/hostile-table'

/*
 * Keychain entries deleted or replaced outside Keyward, and no keychain at all: the helper never
 * prints what is not a key, and nothing is stored in plaintext.
 */

hostileInputs('keychain', 'keychain entries', (w) => {
  return [
    // Keychain
    {
      name: 'key deleted from the keychain outside Keyward',
      input: 'keychain entry of "main" gone',
      code: 'NOT_FOUND',
      fragment: 'keyward remove main --force',
      run: async () => {
        const secret = await w.keychain.get(profileKeyAccount('main'))
        await w.keychain.delete(profileKeyAccount('main'))
        const result = await outcome(() => w.vault.keys.resolve(w.project(), undefined, 'direct'))
        await w.keychain.set(profileKeyAccount('main'), secret!)
        return result
      },
    },
    {
      name: 'keychain unavailable (no D-Bus)',
      input: 'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent',
      code: 'exit 4',
      fragment: 'Nothing was stored in plaintext',
      needsKeyring: true,
      run: () => w.cli(['add', 'nobus', '--key-stdin'], { input: API, env: { ...w.world.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } }),
      after: () => expect(readFileSync(join(w.home, 'config.json'), 'utf8')).not.toContain('nobus'),
    },
    ...(
      [
        ['a shell command', 'rm -rf ~'],
        ['a key and a second line', `${API}\nrm -rf ~`],
        ['a key with a trailing space', `${API} `],
      ] as const
    ).map(([what, junk]): Case => ({
      name: `keychain entry is ${what} (helper, no daemon)`,
      input: JSON.stringify(junk.replace(API, 'sk-ant-api03-…')),
      code: 'exit 1',
      fragment: 'profile main: the keychain entry is not an API key (it was not printed); run: keyward add main to replace it',
      run: async () => {
        const good = await w.keychain.get(profileKeyAccount('main'))
        await w.keychain.set(profileKeyAccount('main'), junk)
        try {
          const direct = async (): Promise<KeyAnswer> => ({ kind: 'key', ...(await w.vault.keys.resolve(w.project(), 'hostile', 'direct')) })
          const run = await w.helperRun({ ask: async () => ({ kind: 'absent' }), direct })
          return { code: run.stdout === '' && !run.stderr.includes('rm -rf') ? `exit ${run.code}` : `printed: ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          await w.keychain.set(profileKeyAccount('main'), good!)
        }
      },
    })),
    {
      name: 'keychain entry with a second line (the built helper, real Secret Service)',
      input: 'secret-service entry "<key>\\nrm -rf ~"; keyward helper',
      code: 'exit 1',
      fragment: 'the keychain entry is not an API key (it was not printed); run: keyward add',
      needsKeyring: true,
      run: async () => {
        const dir = w.scratch('junk-real-keychain')
        const bound = w.world.dir('projects', 'junk-real')
        const env = { ...w.world.env, KEYWARD_HOME: dir }
        const name = `hostile-junk-${process.pid}`
        await w.cli(['add', name, '--key-stdin'], { input: API, env })
        await w.cli(['use', name, '--dir', bound], { env })
        await createKeytarKeychain().set(profileKeyAccount(name), `${API}\nrm -rf ~`)
        try {
          const run = await runKeyward(['helper'], { env, cwd: bound })
          if (run.stdout !== '' || run.stderr.includes('rm -rf')) return { code: `printed ${run.stdout.length} bytes`, message: run.stderr }
          return { code: `exit ${run.code}`, message: run.stderr.trim() }
        } finally {
          await w.cli(['remove', name, '--force'], { env })
        }
      },
    },
  ]
})
