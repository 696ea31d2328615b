import type { MatrixRow } from './matrix';
import { platformRows } from './platform.rows';

/** Every module's matrix rows. A new module adds one line here (explicit wiring, like src/server/modules/index.ts). */
export const matrixRows: MatrixRow[] = [...platformRows];

/** Documented endpoints that are deliberately not role-checked and need no row (none yet). */
export const matrixExemptions: Record<string, string> = {};
