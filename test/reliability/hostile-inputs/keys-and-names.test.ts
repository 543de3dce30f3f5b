import { ADMIN, API, apiBody, hostileInputs, outcome } from '../support/hostile-table'

/*
 * Keys that are not keys (empty, cut off, the wrong kind, look-alike characters) and profile names
 * that are not names: each refused with what to do, no profile lost.
 */

hostileInputs('keys-and-names', 'keys and profile names', (w) => {
  return [
    // Keys
    { name: 'empty key', input: '""', code: 'INVALID_INPUT', fragment: 'the key is empty', run: () => outcome(() => w.vault.profiles.add({ name: 'k1', kind: 'api', key: '' })) },
    {
      name: 'not an Anthropic key',
      input: 'sk-proj-…',
      code: 'INVALID_INPUT',
      fragment: 'not with sk-ant-',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k2', kind: 'api', key: `sk-proj-${apiBody}` })),
    },
    {
      name: 'Admin key where an API key is required',
      input: 'sk-ant-admin01-…',
      code: 'INVALID_INPUT',
      fragment: 'keyward add NAME --admin',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k3', kind: 'api', key: ADMIN })),
    },
    {
      name: 'API key added as Admin',
      input: 'sk-ant-api03-… --admin',
      code: 'INVALID_INPUT',
      fragment: 'without --admin',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k4', kind: 'admin', key: API })),
    },
    {
      name: 'truncated paste',
      input: 'sk-ant-api03- + 20 chars',
      code: 'INVALID_INPUT',
      fragment: 'cut off',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k5', kind: 'api', key: API.slice(0, 33) })),
    },
    {
      name: 'space inside the key',
      input: 'key with a space',
      code: 'INVALID_INPUT',
      fragment: 'a space or line break',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k6', kind: 'api', key: `${API.slice(0, 40)} ${API.slice(40)}` })),
    },
    {
      name: 'line break inside the key',
      input: 'key\\nkey',
      code: 'INVALID_INPUT',
      fragment: 'a space or line break',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k7', kind: 'api', key: `${API.slice(0, 40)}\n${API.slice(40)}` })),
    },
    {
      name: 'look-alike Unicode in the key',
      input: 'Cyrillic А in the body',
      code: 'INVALID_INPUT',
      fragment: 'characters other than',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k8', kind: 'api', key: `${API.slice(0, 30)}А${API.slice(31)}` })),
    },
    {
      name: 'oversized key',
      input: '300-character body',
      code: 'INVALID_INPUT',
      fragment: 'characters long',
      run: () => outcome(() => w.vault.profiles.add({ name: 'k9', kind: 'api', key: `sk-ant-api03-${'x'.repeat(300)}` })),
    },
    // Names
    { name: 'name with a slash', input: 'a/b', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => w.vault.profiles.add({ name: 'a/b', kind: 'api', key: API })) },
    { name: 'empty name', input: '""', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => w.vault.profiles.add({ name: '', kind: 'api', key: API })) },
    {
      name: '65-character name',
      input: 'n × 65',
      code: 'INVALID_INPUT',
      fragment: 'not a valid profile name',
      run: () => outcome(() => w.vault.profiles.add({ name: 'n'.repeat(65), kind: 'api', key: API })),
    },
    {
      name: 'name with a newline',
      input: 'a\\nb',
      code: 'INVALID_INPUT',
      fragment: 'not a valid profile name',
      run: () => outcome(() => w.vault.profiles.add({ name: 'a\nb', kind: 'api', key: API })),
    },
    { name: 'duplicate name', input: 'main (exists)', code: 'ALREADY_EXISTS', fragment: 'pick another name', run: () => outcome(() => w.vault.profiles.add({ name: 'main', kind: 'api', key: API })) },
    { name: 'rename onto an existing name', input: 'other → main', code: 'ALREADY_EXISTS', fragment: 'pick another name', run: () => outcome(() => w.vault.profiles.rename('other', 'main')) },
    { name: 'remove a bound profile', input: 'remove main', code: 'CONFLICT', fragment: '--force', run: () => outcome(() => w.vault.profiles.remove('main')) },
    { name: 'Admin key as the default', input: 'default org-admin', code: 'INVALID_INPUT', fragment: 'holds an Admin key', run: () => outcome(() => w.vault.profiles.setDefault('org-admin')) },
  ]
})
