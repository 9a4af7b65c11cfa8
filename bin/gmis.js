#!/usr/bin/env node
// Entry point of the `gmis` command: loads the TypeScript sources through tsx, with the project's
// tsconfig (JSX through @kitajs/html) wherever the command is run from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli.ts');
