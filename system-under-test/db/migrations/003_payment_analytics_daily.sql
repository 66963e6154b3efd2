-- Materialized view for analytics, as in the standards; the unique index allows
-- REFRESH MATERIALIZED VIEW CONCURRENTLY (readers are never blocked).
CREATE MATERIALIZED VIEW payment_analytics_daily AS
SELECT
  DATE(created_at) AS date,
  currency,
  COUNT(*) AS transaction_count,
  SUM(amount) AS total_amount,
  AVG(amount) AS average_amount,
  COUNT(DISTINCT sender_id) AS unique_senders,
  COUNT(DISTINCT recipient_id) AS unique_recipients
FROM payments
WHERE status = 'completed'
GROUP BY DATE(created_at), currency
ORDER BY date DESC;

CREATE UNIQUE INDEX idx_payment_analytics_daily_unique
ON payment_analytics_daily (date, currency);
