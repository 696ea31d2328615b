import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { analysisRoutes } from './analysis/analysis.routes';
import { archiveRoutes } from './archive/archive.routes';
import { registerArchive } from './archive/archive.service';
import { customersRoutes } from './customers/customers.routes';
import { registerCustomers } from './customers/customers.service';
import { departmentsRoutes } from './departments/departments.routes';
import { productsRoutes } from './products/products.routes';
import { registerProducts } from './products/products.service';
import { regionsRoutes } from './regions/regions.routes';
import { ledgerRoutes } from './ledger/ledger.routes';
import { tripsRoutes } from './trips/trips.routes';
import { registerTrips } from './trips/trips.service';
import { claimsRoutes } from './claims/claims.routes';
import { registerClaims } from './claims/claims.service';
import { importsRoutes } from './imports/imports.routes';
import { registerImportJobs } from './imports/imports.service';
import { requestsRoutes } from './requests/requests.routes';
import { salesRoutes } from './sales/sales.routes';
import { statisticsRoutes } from './statistics/statistics.routes';
import { registerSummaryJobs } from './statistics/summary';
import { statementsRoutes } from './statements/statements.routes';
import { registerStatementJobs } from './statements/statements.service';
import { registerDepartmentReports } from './statements/statements.report';
import { registerSales, registerSalesWorkbench } from './sales/sales.service';
import { registerGeneralRequests, registerGeneralRequestsWorkbench } from './requests/requests.service';
import { tasksRoutes } from './tasks/tasks.routes';
import { registerTasks, registerTasksWorkbench } from './tasks/tasks.service';
import { usersRoutes } from './users/users.routes';
import { suppliesRoutes } from './supplies/supplies.routes';
import { expenseStatsRoutes } from './expense-stats/expense-stats.routes';
import { registerSupplies } from './supplies/supplies.service';

/**
 * The one list of domain modules. Adding a module is one entry here: its routes,
 * and what it registers with the shared services (record access for files and
 * tasks, approval document types, workbench sections, search, jobs).
 */
export const modules: { name: string; routes: (app: FastifyInstance, ctx: AppContext) => void; register?: () => void }[] = [
  { name: 'users', routes: usersRoutes },
  { name: 'departments', routes: departmentsRoutes },
  {
    name: 'requests',
    routes: requestsRoutes,
    register: () => {
      registerGeneralRequests();
      registerGeneralRequestsWorkbench();
    },
  },
  {
    name: 'tasks',
    routes: tasksRoutes,
    register: () => {
      registerTasks();
      registerTasksWorkbench();
    },
  },
  {
    name: 'sales',
    routes: salesRoutes,
    register: () => {
      registerSales();
      registerSalesWorkbench();
    },
  },
  { name: 'customers', routes: customersRoutes, register: registerCustomers },
  { name: 'imports', routes: importsRoutes, register: registerImportJobs },
  { name: 'products', routes: productsRoutes, register: registerProducts },
  { name: 'regions', routes: regionsRoutes },
  { name: 'analysis', routes: analysisRoutes },
  { name: 'statistics', routes: statisticsRoutes, register: registerSummaryJobs },
  {
    name: 'statements',
    routes: statementsRoutes,
    register: () => {
      registerStatementJobs();
      registerDepartmentReports();
    },
  },
  { name: 'archive', routes: archiveRoutes, register: registerArchive },
  { name: 'ledger', routes: ledgerRoutes },
  { name: 'trips', routes: tripsRoutes, register: registerTrips },
  { name: 'claims', routes: claimsRoutes, register: registerClaims },
  { name: 'supplies', routes: suppliesRoutes, register: registerSupplies },
  { name: 'expense-stats', routes: expenseStatsRoutes },
];
