import { formatMoney, type Session } from '../api.ts';
import { PaymentList } from '../components/PaymentList.tsx';
import { useBalances, useRecentPayments } from '../queries.ts';

export default function Dashboard({ session }: { session: Session }) {
  const payments = useRecentPayments(session);
  const balances = useBalances(session);
  const list = payments.data;

  return (
    <>
      <section className="card balance" aria-label="Balance">
        <h2>Balance</h2>
        <p className="big" data-testid="balance">
          {balances.data === undefined ? '\u00a0' : balances.data.length ? balances.data.map((b) => formatMoney(b.amount, b.currency)).join(' · ') : '—'}
        </p>
        <p className="muted">Signed in as {session.name ?? session.email}</p>
      </section>
      <section className="card">
        <h2>Recent payments {list ? <small className="muted">({list.length})</small> : null}</h2>
        {payments.error ? <p className="error">{payments.error.message}</p> : null}
        {list === undefined ? (
          <div className="list" style={{ height: 448 }} aria-busy={payments.isPending} />
        ) : list.length ? (
          <PaymentList payments={list} />
        ) : (
          <p className="muted list-empty">No payments yet.</p>
        )}
      </section>
    </>
  );
}
