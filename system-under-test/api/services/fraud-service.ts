import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';

export interface FraudOptions {
  /** Payments per sender per minute before velocity adds risk; generous so load tests are not blocked. */
  velocityPerMinute: number;
  /** Amount (minor units) above which a payment is suspicious, and at which it is blocked outright. */
  suspiciousAmount: number;
  blockedAmount: number;
  /** Simulated location risk: senders whose id hashes into this share of the space look like a new device/location. */
  newLocationShare: number;
}

export const DEFAULT_FRAUD_OPTIONS: FraudOptions = {
  velocityPerMinute: 6_000,
  suspiciousAmount: 1_000_000,
  blockedAmount: 10_000_000,
  newLocationShare: 0,
};

export interface CheckResult {
  risk: number;
  reason?: string;
}

export interface FraudAnalysis {
  approved: boolean;
  riskScore: number;
  reason?: string;
  durationMs: number;
  checks: { velocity: CheckResult; amount: CheckResult; location: CheckResult };
}

export const BLOCK_THRESHOLD = 70;

/** The standards' fraud analysis: velocity, amount and location checks in parallel; blocked at risk >= 70. */
export class FraudService {
  constructor(
    private readonly db: Db,
    private readonly options: FraudOptions = DEFAULT_FRAUD_OPTIONS,
  ) {}

  async analyze(data: { senderId: string; amount: number }): Promise<FraudAnalysis> {
    const started = performance.now();
    const [velocity, amount, location] = await Promise.all([this.checkVelocity(data.senderId), this.checkAmount(data.amount), this.checkLocation(data.senderId)]);
    const riskScore = velocity.risk + amount.risk + location.risk;
    const reasons = [velocity, amount, location].map((c) => c.reason).filter(Boolean);
    return {
      approved: riskScore < BLOCK_THRESHOLD,
      riskScore,
      reason: riskScore >= BLOCK_THRESHOLD ? `High fraud risk detected: ${reasons.join(', ')}` : undefined,
      durationMs: performance.now() - started,
      checks: { velocity, amount, location },
    };
  }

  async checkVelocity(senderId: string): Promise<CheckResult> {
    const { rows } = await this.db.run<{ n: number }>(QUERIES.countRecentPayments, [senderId, 60]);
    const n = rows[0]?.n ?? 0;
    const limit = this.options.velocityPerMinute;
    if (n > limit) return { risk: 50, reason: `velocity ${n}/min` };
    if (n > limit / 2) return { risk: 20, reason: `velocity ${n}/min` };
    return { risk: 0 };
  }

  async checkAmount(amount: number): Promise<CheckResult> {
    if (amount >= this.options.blockedAmount) return { risk: 70, reason: `amount ${amount}` };
    if (amount >= this.options.suspiciousAmount) return { risk: 30, reason: `amount ${amount}` };
    return { risk: 0 };
  }

  /** No real geolocation here: a stable hash of the sender simulates "payment from an unusual location". */
  async checkLocation(senderId: string): Promise<CheckResult> {
    const bucket = parseInt(senderId.slice(0, 8), 16) / 0xffffffff;
    return bucket < this.options.newLocationShare ? { risk: 40, reason: 'unusual location' } : { risk: 0 };
  }
}
