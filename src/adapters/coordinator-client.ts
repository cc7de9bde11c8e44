import type { Coordinator } from '../ports';

/**
 * The runner's coordinator, one Durable Object per runner (named by runner id), reached by RPC.
 * The stub's methods are the Coordinator port; the namespace type stays structural so this
 * adapter does not import the Durable Object class from workers/.
 */
export function coordinatorFor(namespace: { getByName(name: string): unknown }, runnerId: string): Coordinator {
  const stub = namespace.getByName(runnerId) as Coordinator;
  return {
    createJob: (input) => stub.createJob(input),
    markFileStarted: (jobId, fileId) => stub.markFileStarted(jobId, fileId),
    reportFileOutcome: (jobId, fileId, outcome) => stub.reportFileOutcome(jobId, fileId, outcome),
    getJob: (jobId) => stub.getJob(jobId),
    listJobs: (options) => stub.listJobs(options),
  };
}
