import { memo, useMemo, useState } from 'react';
import { formatMoney, type Payment, type Session } from '../api.ts';
import { useAnalyticsPayments } from '../queries.ts';

interface Day {
  day: string;
  total: number;
  count: number;
}

/** Daily totals of the last payments, per currency, drawn as plain SVG (no chart library). */
function dailyTotals(payments: Payment[], currency: string): Day[] {
  const byDay = new Map<string, Day>();
  for (const p of payments) {
    if (p.currency !== currency || p.status === 'failed') continue;
    const day = p.createdAt.slice(0, 10);
    const d = byDay.get(day) ?? { day, total: 0, count: 0 };
    d.total += p.amount;
    d.count++;
    byDay.set(day, d);
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)).slice(-30);
}

const Chart = memo(function Chart({ days, currency }: { days: Day[]; currency: string }) {
  const W = 600;
  const H = 220;
  const max = Math.max(1, ...days.map((d) => d.total));
  const bw = W / Math.max(days.length, 1);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" data-testid="analytics-chart" aria-label={`Daily totals in ${currency}`}>
      {days.map((d, i) => {
        const h = Math.max(2, (d.total / max) * (H - 20));
        return (
          <rect key={d.day} x={i * bw + 2} y={H - h} width={Math.max(bw - 4, 1)} height={h} rx={2} className="bar">
            <title>{`${d.day}: ${formatMoney(d.total, currency)} in ${d.count} payments`}</title>
          </rect>
        );
      })}
    </svg>
  );
});

export default function Analytics({ session }: { session: Session }) {
  const query = useAnalyticsPayments(session);
  const payments = query.data ?? (query.isError ? [] : null);
  const [currency, setCurrency] = useState('USD');

  const days = useMemo(() => dailyTotals(payments ?? [], currency), [payments, currency]);
  const summary = useMemo(() => {
    const list = (payments ?? []).filter((p) => p.currency === currency);
    const sent = list.reduce((s, p) => s + (p.status === 'failed' ? 0 : p.amount), 0);
    const failed = list.filter((p) => p.status === 'failed').length;
    return { count: list.length, sent, failedRatio: list.length ? failed / list.length : 0 };
  }, [payments, currency]);

  return (
    <section className="card">
      <h2>
        Analytics{' '}
        <select id="analytics-currency" name="currency" data-testid="analytics-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} aria-label="Currency">
          {['USD', 'EUR', 'GBP'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </h2>
      <dl className="stats" data-testid="analytics-stats">
        <div>
          <dt>Payments</dt>
          <dd>{summary.count}</dd>
        </div>
        <div>
          <dt>Volume</dt>
          <dd>{formatMoney(summary.sent, currency)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{(summary.failedRatio * 100).toFixed(1)}%</dd>
        </div>
      </dl>
      <div className="chart">
        {payments === null ? null : days.length ? (
          <Chart days={days} currency={currency} />
        ) : (
          <p className="muted" data-testid="analytics-empty">
            No data for {currency}.
          </p>
        )}
      </div>
    </section>
  );
}
