// An ES module handler: top-level await runs once per cold start, as in Lambda.
const startedAt = await Promise.resolve(new Date().toISOString());
let invocations = 0;

export const handler = async (event) => {
  invocations += 1;
  console.info('scheduled run', JSON.stringify({ time: event?.time ?? null, invocations }));
  return { coldStartAt: startedAt, invocations, source: event?.source ?? 'manual' };
};
