/**
 * What the shared machine did while a bench ran: the share of CPU time the hypervisor gave to
 * other guests (steal, /proc/stat). Steal stretches both wall time and the CPU time a process is
 * charged, so a figure taken at 25 % steal is not comparable with one taken at 0 %.
 */
import { readFileSync } from 'node:fs';

interface CpuTicks { steal: number; total: number }

function readTicks(): CpuTicks {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is counted inside user already)
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { steal: fields[7] ?? 0, total };
  } catch {
    return { steal: 0, total: 0 };
  }
}

/** Starts a measurement; the function returned gives the steal share since then, e.g. "steal 12 %". */
export function startStealMeter(): () => string {
  const start = readTicks();
  return () => {
    const now = readTicks();
    const total = now.total - start.total;
    return total > 0 ? `steal ${Math.round((100 * (now.steal - start.steal)) / total)} %` : 'steal n/a';
  };
}
