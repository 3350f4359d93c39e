// The tasks simgate simulates: a picking cell and sensor streams. Every layer names a task
// with this one type.
export const TASKS = ['pick', 'stream'] as const;

export type Task = (typeof TASKS)[number];
