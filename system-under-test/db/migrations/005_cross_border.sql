-- Cross-border payments: the quote accepted at request time. amount/currency stay the
-- converted source amount; the sender pays amount + fee_amount; the recipient receives
-- converted_amount in target_currency. exchange_rate is exact (8 decimals), never float.
ALTER TABLE payments
  ADD COLUMN target_currency  text CHECK (target_currency ~ '^[A-Z]{3}$'),
  ADD COLUMN exchange_rate    numeric(18, 8),
  ADD COLUMN fee_amount       bigint CHECK (fee_amount >= 0),
  ADD COLUMN converted_amount bigint CHECK (converted_amount > 0),
  ADD COLUMN fx_provider      text,
  ADD CONSTRAINT payments_cross_border_complete CHECK (
    (target_currency IS NULL AND exchange_rate IS NULL AND fee_amount IS NULL AND converted_amount IS NULL)
    OR (target_currency IS NOT NULL AND target_currency <> currency AND exchange_rate > 0 AND fee_amount IS NOT NULL AND converted_amount IS NOT NULL)
  );
