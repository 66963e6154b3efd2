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
        {/* One cell per currency (the API knows three) on one row of fixed height, loaded or not: nothing shifts. */}
        <ul className="balances" data-testid="balance" aria-busy={balances.isPending}>
          {balances.data?.length ? (
            balances.data.map((b) => (
              <li key={b.currency}>
                <span className="muted">{b.currency}</span>
                <strong>{formatMoney(b.amount, b.currency)}</strong>
              </li>
            ))
          ) : (
            <li>
              <span className="muted">{'\u00a0'}</span>
              <strong>{balances.data ? '—' : '\u00a0'}</strong>
            </li>
          )}
        </ul>
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
