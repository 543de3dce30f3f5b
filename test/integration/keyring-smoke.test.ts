import keytar from 'keytar'
import { describe, expect, it } from 'vitest'
import { secretServiceAvailable } from '../support/keyring'

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

describe.skipIf(!keyring.available)('the real Secret Service through keytar', () => {
  it('stores, reads and deletes a secret', async () => {
    const service = `keyward-smoke-${process.pid}`
    await keytar.setPassword(service, 'acct', 'sk-ant-api03-smoke')
    expect(await keytar.getPassword(service, 'acct')).toBe('sk-ant-api03-smoke')
    expect(await keytar.deletePassword(service, 'acct')).toBe(true)
    expect(await keytar.getPassword(service, 'acct')).toBeNull()
  })
})
