import type { OrgState } from './org-state'

/**
 * Renames the org and every workspace, API key, user and former user to `name` followed by what
 * it is and a number ("… key 3"): the names any org member who may rename a key or a workspace can
 * plant (terminal escapes, bidi controls, newlines), served through every endpoint that names them.
 */
export function applyHostileNames(state: OrgState, name: string): void {
  state.org.name = name
  state.workspaces.forEach((w, i) => (w.name = `${name} workspace ${i + 1}`))
  state.apiKeys.forEach((k, i) => (k.wire.name = `${name} key ${i + 1}`))
  state.users.forEach((u, i) => (u.name = `${name} user ${i + 1}`))
  state.people.formerUsers.forEach((f, i) => (state.people.formerUsers[i] = { ...f, name: `${name} former ${i + 1}` }))
  state.version++
}
