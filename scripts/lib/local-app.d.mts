export function freePort(): Promise<number>;
export function snapshotSources(project: string, prefix?: string): string;
export function processTree(root: number): Array<{ pid: number; comm: string }>;
