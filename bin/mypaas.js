#!/usr/bin/env -S node --initial-heap-size=64
// The entry point: load the compiled program, run it, set the exit code. Nothing else lives here.
// The flag: a push streams hundreds of MB through short-lived buffers, and from V8's small default
// starting heap that costs a full collection every ~20 ms, a quarter of the upload's time.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
