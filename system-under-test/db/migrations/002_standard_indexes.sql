-- Indexes from the performance standards ("Query Optimization"). Plain CREATE INDEX:
-- migrations run in a transaction, where CONCURRENTLY is not allowed.

-- Cursor pagination orders by (created_at, id); id is the tie-breaker for equal timestamps.
CREATE INDEX idx_payments_sender_created
ON payments (sender_id, created_at DESC, id DESC);

CREATE INDEX idx_payments_recipient_status
ON payments (recipient_id, status)
WHERE status IN ('pending', 'completed');

CREATE INDEX idx_payments_amount_currency
ON payments (amount, currency)
WHERE amount > 1000;

CREATE INDEX idx_payments_high_value
ON payments (created_at, amount)
WHERE amount > 10000;

CREATE INDEX idx_users_active_type
ON users (user_type, is_active, created_at)
WHERE is_active = true;

CREATE INDEX idx_users_phone_normalized
ON users (LOWER(REPLACE(phone_number, '+', '')));
