import { memo, useCallback, useState, type UIEvent } from 'react';
import { formatMoney, type Payment } from '../api.ts';

const ROW_HEIGHT = 56;
const OVERSCAN = 6;

/** One row; memoised so scrolling re-renders only the rows that enter the window. */
const PaymentRow = memo(function PaymentRow({ p, top }: { p: Payment; top: number }) {
  return (
    <li className="row" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span className="who">
        {p.recipientName}
        <small>{p.description ?? p.type}</small>
      </span>
      <span className={`status ${p.status}`}>{p.status}</span>
      <span className="amount">{formatMoney(p.amount, p.currency)}</span>
      <time dateTime={p.createdAt}>{new Date(p.createdAt).toLocaleDateString()}</time>
    </li>
  );
});

/** A virtualised list: only the visible rows (plus a few) exist in the DOM, however long the history is. */
export const PaymentList = memo(function PaymentList({ payments, height = 448 }: { payments: Payment[]; height?: number }) {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(payments.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) rows.push(<PaymentRow key={payments[i].id} p={payments[i]} top={i * ROW_HEIGHT} />);

  return (
    <div className="list" style={{ height }} onScroll={onScroll} role="region" aria-label="Payments">
      <ul style={{ height: payments.length * ROW_HEIGHT }}>{rows}</ul>
    </div>
  );
});
