import type { ComponentType } from 'react'
import { KeysScreen } from './KeysScreen'

/** One top-level screen: its route (`#/<id>`), its navigation label, and its component. */
export interface ScreenEntry {
  readonly id: string
  readonly title: string
  readonly component: ComponentType
}

/** Every top-level screen, in navigation order. Add a screen here and it gets a route and a nav link. */
export const screens: readonly ScreenEntry[] = [{ id: 'keys', title: 'Keys', component: KeysScreen }]
