#!/usr/bin/env node
// The entry point: load the compiled program, run it, set the exit code. Nothing else lives here.
import { endQuietlyOnClosedOutput, main } from '../dist/src/cli/main.js';

endQuietlyOnClosedOutput(process);
process.exitCode = await main(process.argv);
