import type { Architecture } from './model';

/** USD prices of Lambda's on-demand compute, per architecture. */
export type Pricing = Record<Architecture, { gbSecond: number; request: number }>;

/** us-east-1, first pricing tier, as published by AWS. */
export const DEFAULT_PRICING: Pricing = {
  x86_64: { gbSecond: 0.0000166667, request: 0.0000002 },
  arm64: { gbSecond: 0.0000133334, request: 0.0000002 },
};

export interface CostEstimate {
  gbSeconds: number;
  perInvocation: number;
  perMillion: number;
}

/** What one invocation like this would cost in Lambda: GB-seconds of billed duration plus the request price. */
export function estimateCost(
  input: { memorySizeMB: number; billedDurationMs: number; architecture: Architecture },
  pricing: Pricing = DEFAULT_PRICING,
): CostEstimate {
  const price = pricing[input.architecture] ?? pricing.x86_64;
  const gbSeconds = (input.memorySizeMB / 1024) * (input.billedDurationMs / 1000);
  const perInvocation = gbSeconds * price.gbSecond + price.request;
  return { gbSeconds, perInvocation, perMillion: perInvocation * 1_000_000 };
}
