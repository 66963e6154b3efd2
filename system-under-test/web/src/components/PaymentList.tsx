import { List, type RowComponentProps } from 'react-window';
import { formatMoney, type Payment } from '../api.ts';

const ROW_HEIGHT = 56;

interface RowProps {
  payments: Payment[];
}

/** One history row; react-window positions it (style) and keeps only the visible ones (plus overscan) mounted. */
function PaymentRow({ index, style, ariaAttributes, payments }: RowComponentProps<RowProps>) {
  const p = payments[index];
  return (
    <div className="row" style={style} {...ariaAttributes} data-testid="payment-row" data-payment-id={p.id} data-status={p.status}>
      <span className="who">
        {p.recipientName}
        <small>{p.description ?? p.type}</small>
      </span>
      <span className={`status ${p.status}`}>{p.status}</span>
      <span className="amount">{formatMoney(p.amount, p.currency)}</span>
      <time dateTime={p.createdAt}>{new Date(p.createdAt).toLocaleDateString()}</time>
    </div>
  );
}

const rowKey = (index: number, { payments }: RowProps) => payments[index].id;

/** The payment history, virtualised with react-window: the DOM holds the visible rows only, however long the list. */
export function PaymentList({ payments, height = 448 }: { payments: Payment[]; height?: number }) {
  return (
    <List
      className="list"
      style={{ height }}
      defaultHeight={height}
      rowComponent={PaymentRow}
      rowCount={payments.length}
      rowHeight={ROW_HEIGHT}
      rowProps={{ payments }}
      rowKey={rowKey}
      overscanCount={4}
      aria-label="Payments"
      data-testid="payment-list"
    />
  );
}
