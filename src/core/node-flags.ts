// V8 starts with a small heap; a process that streams hundreds of MB through short-lived buffers
// then runs a full collection every ~20 ms (a quarter of an upload's time, measured). The daemon
// and `mypaas push` run node with a larger starting heap; node takes the flag only on its command
// line, not from NODE_OPTIONS or at run time.
export const NODE_FLAGS = ['--initial-heap-size=64'] as const;
