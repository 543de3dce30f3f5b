import { existsSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { budgetsNaming, createBudgetStore } from '../../../electron/core/usage/budgets/budget-store'
import { createChannelsModule } from '../../../electron/core/alerts/channels/channels-module'
import { createUsageModule } from '../../../electron/core/usage/usage-module'
import { createMemoryKeychain } from '../../../electron/core/vault/memory-keychain'
import { channelSecretAccount } from '../../../electron/core/vault/secret-accounts'
import { type Case, VICTIM_TEXT, hostileInputs, outcome } from '../support/hostile-table'

/*
 * Alert channels: plain-text transports, header injection, names with paths, duplicates, budgets
 * naming channels that do not exist; each refusal saves nothing, in channels.json or the keychain.
 */

hostileInputs('channels', 'alert channels', (w) => {
  return [
    // Alert channels: each refusal saves nothing, neither in channels.json nor in the w.keychain.
    ...((): Case[] => {
      let made: string | undefined
      /** Made on first use: the rows are built before the world exists. */
      const dir = (): string => (made ??= w.scratch('channels'))
      const chKeychain = createMemoryKeychain()
      const channels = () => createChannelsModule({ dataDir: dir(), keychain: chKeychain, log: () => {}, usedBy: (n) => budgetsNaming(createBudgetStore(dir()), n) })
      const nothingSaved = (name: string) => async () => {
        if ((await channels().service.names()).includes(name)) throw new Error(`channel ${name} was saved`)
        if (chKeychain.entries.has(channelSecretAccount(name))) throw new Error(`a secret for ${name} was saved`)
      }
      const webhook = (name: string, url: string) => () => outcome(() => channels().service.addWebhook({ name, url, format: 'slack' }))
      const email =
        (name: string, smtpUrl: string, to = ['ops@acme.dev']) =>
        () =>
          outcome(() => channels().service.addEmail({ name, smtpUrl, to, allowPlaintext: false }))
      return [
        {
          name: 'webhook over plain http to another host',
          input: '--webhook http://hooks.example.com/…',
          code: 'INVALID_INPUT',
          fragment: 'uses plain http to hooks.example.com',
          run: webhook('h1', 'http://hooks.example.com/services/T/B/X'),
          after: nothingSaved('h1'),
        },
        {
          name: 'webhook that is not http at all',
          input: '--webhook file:///etc/passwd',
          code: 'INVALID_INPUT',
          fragment: 'must start with https://',
          run: webhook('h2', 'file:///etc/passwd'),
          after: nothingSaved('h2'),
        },
        {
          name: 'SMTP without TLS to another host',
          input: '--smtp smtp://mail.example.com',
          code: 'INVALID_INPUT',
          fragment: 'without TLS; use smtps://mail.example.com',
          run: email('m1', 'smtp://mail.example.com'),
          after: nothingSaved('m1'),
        },
        {
          name: 'SMTP recipient with a header injected',
          input: '--to "ops@acme.dev\\r\\nBcc: x@evil"',
          code: 'INVALID_INPUT',
          fragment: 'is not an e-mail address like ops@example.com',
          run: email('m2', 'smtps://mail.acme.dev', ['ops@acme.dev\r\nBcc: x@evil.example']),
          after: nothingSaved('m2'),
        },
        {
          name: 'channel name with a path in it',
          input: 'channels add ../../x',
          code: 'INVALID_INPUT',
          fragment: 'a channel name is 1 to 40 lowercase letters',
          run: webhook('../../x', 'https://hooks.slack.com/services/T/B/X'),
        },
        {
          name: 'SMTP password in the URL (moved to the vault, not written to channels.json)',
          input: '--smtp smtps://alerts:hunter2-secret@mail.acme.dev',
          code: 'OK',
          fragment: '',
          run: email('m3', 'smtps://alerts:hunter2-secret@mail.acme.dev'),
          after: () => {
            if (readFileSync(join(dir(), 'channels.json'), 'utf8').includes('hunter2')) throw new Error('the password is in channels.json')
            if (!chKeychain.entries.get(channelSecretAccount('m3'))?.includes('hunter2-secret')) throw new Error('the password is not in the vault')
          },
        },
        {
          name: 'duplicate channel name',
          input: 'channels add m3 … (m3 exists)',
          code: 'ALREADY_EXISTS',
          fragment: 'a channel named m3 already exists',
          run: webhook('m3', 'https://hooks.slack.com/services/T/B/Y'),
          after: () => {
            if (!chKeychain.entries.get(channelSecretAccount('m3'))?.includes('hunter2-secret')) throw new Error('the first channel lost its secret')
          },
        },
        {
          name: 'budget naming a channel that does not exist',
          input: 'budgets set … --channels m3,pager',
          code: 'INVALID_INPUT',
          fragment: 'names a channel that does not exist: pager',
          run: async () => {
            const before = existsSync(join(dir(), 'budgets.json')) ? readFileSync(join(dir(), 'budgets.json'), 'utf8') : null
            const usage = createUsageModule({ dataDir: dir(), orgs: w.orgAdmin.orgs, config: w.vault.config, notifier: { notify: () => {} }, log: () => {}, channels: channels().service })
            const got = await outcome(() => usage.budgets.set({ scope: { type: 'org', orgId: w.orgId }, period: 'month', limit: '100', thresholds: [100], channels: ['m3', 'pager'] }))
            usage.close()
            const after = existsSync(join(dir(), 'budgets.json')) ? readFileSync(join(dir(), 'budgets.json'), 'utf8') : null
            return after === before ? got : { code: 'SAVED', message: 'budgets.json changed' }
          },
        },
        {
          name: 'channels.json planted as a link to the login script',
          input: '<data>/channels.json -> ~/.bash_profile',
          code: 'INVALID_INPUT',
          fragment: 'is a symbolic link; Keyward never follows links',
          run: async () => {
            const linked = w.scratch('channels-link')
            symlinkSync(w.victim(), join(linked, 'channels.json'))
            return outcome(() =>
              createChannelsModule({ dataDir: linked, keychain: createMemoryKeychain(), log: () => {} }).service.addWebhook({
                name: 'x',
                url: 'https://hooks.slack.com/services/T/B/X',
                format: 'slack',
              }),
            )
          },
          after: () => {
            if (readFileSync(w.victim(), 'utf8') !== VICTIM_TEXT) throw new Error('the login script changed')
          },
        },
      ]
    })(),
  ]
})
