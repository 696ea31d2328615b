import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { departmentsRoutes } from './departments/departments.routes';
import { usersRoutes } from './users/users.routes';

/** The one list of domain modules. Adding a module is one line here. */
export const modules: { name: string; routes: (app: FastifyInstance, ctx: AppContext) => void }[] = [
  { name: 'users', routes: usersRoutes },
  { name: 'departments', routes: departmentsRoutes },
];
