import type { TokenProblem } from '../transport/http-transport'

/**
 * The one page a served dashboard shows when it cannot use the daemon: opened without its token
 * (a bookmark, a copied address without `#token=…`) or with one from an earlier start.
 */
export function TokenPage({ problem }: { problem: TokenProblem }) {
  return (
    <main id="main" className="token-page" data-testid="token-page">
      <h1>Open the dashboard with its token</h1>
      <p>{problem === 'missing' ? 'This address has no access token, so Keyward shows nothing here.' : 'The daemon refused this page’s access token: it belongs to an earlier start of the daemon.'}</p>
      <p>
        The daemon prints the full address when it starts, for example <code>http://127.0.0.1:PORT/#token=…</code>. Open that whole address, including the part after <code>#token=</code>; the token
        stays in this browser tab and is never sent in the address.
      </p>
      <p>
        Lost it? Stop the daemon and start it again with <code>keyward daemon --ui</code>: it prints a new address with a new token.
      </p>
    </main>
  )
}
