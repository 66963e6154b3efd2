-- The payment reconciler looks for payments left pending or processing (their job lost): a small partial
-- index, holding only unfinished payments, answers it without scanning the table.
CREATE INDEX idx_payments_unfinished
ON payments (updated_at)
WHERE status IN ('pending', 'processing');
