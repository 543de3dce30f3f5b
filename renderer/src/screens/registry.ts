import type { ComponentType } from 'react'
import { ApiKeysScreen } from './ApiKeysScreen'
import { AuditScreen } from './AuditScreen'
import { BudgetsScreen } from './BudgetsScreen'
import { ChannelsScreen } from './ChannelsScreen'
import { InvitesScreen } from './InvitesScreen'
import { ProfilesScreen } from './ProfilesScreen'
import { ProjectsScreen } from './ProjectsScreen'
import { LimitsScreen } from './LimitsScreen'
import { ReviewScreen } from './ReviewScreen'
import { PeopleScreen } from './PeopleScreen'
import { RotationScreen } from './RotationScreen'
import { UsageScreen } from './UsageScreen'
import { UsersScreen } from './UsersScreen'
import { WorkspacesScreen } from './WorkspacesScreen'

/** One top-level screen: its route (`#/<id>`), its navigation label, and its component. */
export interface ScreenEntry {
  readonly id: string
  readonly title: string
  readonly component: ComponentType
}

/** Every top-level screen, in navigation order. Add a screen here and it gets a route and a nav link. */
export const screens: readonly ScreenEntry[] = [
  { id: 'profiles', title: 'Profiles', component: ProfilesScreen },
  { id: 'usage', title: 'Usage', component: UsageScreen },
  { id: 'people', title: 'People', component: PeopleScreen },
  { id: 'projects', title: 'Projects', component: ProjectsScreen },
  { id: 'budgets', title: 'Budgets', component: BudgetsScreen },
  { id: 'channels', title: 'Channels', component: ChannelsScreen },
  { id: 'rotation', title: 'Rotation', component: RotationScreen },
  { id: 'review', title: 'Review', component: ReviewScreen },
  { id: 'workspaces', title: 'Workspaces', component: WorkspacesScreen },
  { id: 'users', title: 'Users', component: UsersScreen },
  { id: 'invites', title: 'Invites', component: InvitesScreen },
  { id: 'api-keys', title: 'API keys', component: ApiKeysScreen },
  { id: 'limits', title: 'Limits', component: LimitsScreen },
  { id: 'audit', title: 'Audit', component: AuditScreen },
]
