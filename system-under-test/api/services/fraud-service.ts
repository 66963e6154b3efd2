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
  /** An analysis slower than this fails (the job is retried, and failed on its last attempt). */
  timeoutMs: number;
  /** Simulated latency of the location lookup, asked per payment (0: none), as the FX providers simulate theirs. */
  locationLatencyMs?: () => number;
}

/** The window of the velocity check: payments per sender in the last minute. */
export const VELOCITY_WINDOW_SECONDS = 60;

/** Fraud signals read from the database, fetched by the caller in a statement it runs anyway (the processing claim). */
export interface FraudSignals {
  recentPayments: number;
}

export class FraudTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`fraud analysis timed out after ${timeoutMs} ms`);
  }
}

export const DEFAULT_FRAUD_OPTIONS: FraudOptions = {
  velocityPerMinute: 6_000,
  suspiciousAmount: 1_000_000,
  blockedAmount: 10_000_000,
  newLocationShare: 0,
  timeoutMs: 2_000,
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

  /** The analysis, or FraudTimeoutError after options.timeoutMs. Signals given are used as read; otherwise queried. */
  async analyze(data: { senderId: string; amount: number }, signals?: FraudSignals): Promise<FraudAnalysis> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FraudTimeoutError(this.options.timeoutMs)), this.options.timeoutMs);
    });
    const analysis = this.analyzeNow(data, signals);
    analysis.catch(() => undefined); // a check failing after the timeout won is nobody's error
    return Promise.race([analysis, timeout]).finally(() => clearTimeout(timer));
  }

  private async analyzeNow(data: { senderId: string; amount: number }, signals?: FraudSignals): Promise<FraudAnalysis> {
    const started = performance.now();
    const velocity = signals ? this.velocityRisk(signals.recentPayments) : this.checkVelocity(data.senderId);
    const [velocityResult, amount, location] = await Promise.all([velocity, this.checkAmount(data.amount), this.checkLocation(data.senderId)]);
    return this.verdict(velocityResult, amount, location, started);
  }

  private verdict(velocity: CheckResult, amount: CheckResult, location: CheckResult, started: number): FraudAnalysis {
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
    const { rows } = await this.db.run<{ n: number }>(QUERIES.countRecentPayments, [senderId, VELOCITY_WINDOW_SECONDS]);
    return this.velocityRisk(rows[0]?.n ?? 0);
  }

  velocityRisk(n: number): CheckResult {
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
    const latency = this.options.locationLatencyMs?.() ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const bucket = parseInt(senderId.slice(0, 8), 16) / 0xffffffff;
    return bucket < this.options.newLocationShare ? { risk: 40, reason: 'unusual location' } : { risk: 0 };
  }
}
