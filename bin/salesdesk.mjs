#!/usr/bin/env node
// The salesdesk command. TypeScript sources run through tsx's loader, so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
