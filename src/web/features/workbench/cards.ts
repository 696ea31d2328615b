import type { ComponentType } from 'react';
import type { Me } from '../../api/types';
import { ColleaguesCard } from './cards/ColleaguesCard';
import { DepartmentCard } from './cards/DepartmentCard';
import { OrgFiguresCard } from './cards/OrgFiguresCard';
import { RecentActivityCard } from './cards/RecentActivityCard';
import { TodayCard } from './cards/TodayCard';
import { WelcomeCard } from './cards/WelcomeCard';

export interface WorkbenchContext {
  me: Me;
  can: (permission: string) => boolean;
}

/**
 * A card on the home page. Every module feeds the workbench through this list
 * (DESIGN.md: "what needs them today, from every module"): add an entry, and the
 * page shows it to the users for whom `isVisible` holds, ordered by `order`.
 */
export interface WorkbenchCard {
  id: string;
  order: number;
  /** Grid width out of 24 on wide screens (tablets and phones always use the full width). */
  span: 8 | 12 | 16 | 24;
  isVisible: (ctx: WorkbenchContext) => boolean;
  Component: ComponentType<{ ctx: WorkbenchContext }>;
}

export const workbenchCards: WorkbenchCard[] = [
  { id: 'welcome', order: 0, span: 24, isVisible: () => true, Component: WelcomeCard },
  { id: 'today', order: 5, span: 24, isVisible: () => true, Component: TodayCard },
  { id: 'org-figures', order: 10, span: 12, isVisible: ({ can }) => can('users:manage') && can('departments:manage'), Component: OrgFiguresCard },
  { id: 'my-department', order: 20, span: 12, isVisible: ({ me, can }) => !!me.user.departmentId && can('departments:read') && can('users:read'), Component: DepartmentCard },
  { id: 'colleagues', order: 40, span: 12, isVisible: ({ me, can }) => !!me.user.departmentId && can('users:read'), Component: ColleaguesCard },
  { id: 'recent-activity', order: 30, span: 12, isVisible: ({ can }) => can('audit:read'), Component: RecentActivityCard },
];
