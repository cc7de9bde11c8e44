export function freePort(): Promise<number>;
export function snapshotSources(project: string, prefix?: string): string;
export function processTree(root: number): Array<{ pid: number; comm: string }>;
export function wranglerDevEnv(dir: string, options?: { devtools?: boolean }): NodeJS.ProcessEnv;
